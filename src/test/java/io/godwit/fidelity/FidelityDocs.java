package io.godwit.fidelity;

import io.godwit.engine.Engine;
import java.util.List;
import java.util.Random;

/**
 * {@code docs/fidelity.md}: what the fidelity harness proves per direction, written from its own
 * case lists, so the document cannot claim a type the harness does not send.
 */
final class FidelityDocs {

  private FidelityDocs() {}

  static String markdown() {
    StringBuilder out = new StringBuilder();
    out.append(
        """
        # What the fidelity harness proves

        Generated from the case lists of the fidelity harness (`src/test/java/io/godwit/fidelity`)
        by `FidelityDocsTest`; do not edit by hand.

        For every direction, each source type below gets a table of generated values: the type's
        boundaries (minimum, maximum, zero, the smallest step, fractions with leading and trailing
        zeros at every precision, empty strings, trailing spaces, 2- to 4-byte characters, zero
        bytes at either end, JSON with reordered and duplicate keys, ...) plus values drawn from a
        seeded random generator. A live migration (`godwit run`, embedded Kafka) carries them:

        - **snapshot**: the rows that exist when the run starts are copied;
        - **stream**: after the snapshot every value is inserted again, updated onto another row,
          half the rows move to a new key, snapshot rows are updated and deleted, rows are inserted
          and deleted again, and a table is truncated and refilled.

        Once the run has drained, each engine prints every value itself, with the SQL in the
        *source* and *target* columns (`v` is the column), and the two prints must be equal after
        a small normalisation (numbers compared as numbers, hex in one case, time fractions to six
        digits, JSON as values). A lossy mapping must change each value exactly as the *arrives*
        column says and nothing else. Then `godwit validate` must call every table whose values
        arrive unchanged clean. No Godwit conversion or validation code computes an expected value.

        CI runs one seed (%d); `ops/fidelity-soak.sh` runs more seeds with other values.

        PostgreSQL `uuid` → MariaDB: the table below sends uuids MariaDB's `uuid` type takes.
        `PostgresUuidToMariaDbIT` sends uuids of every version and variant digit: `plan` must count
        as a blocker exactly those MariaDB itself refuses (a version digit of 8 to f while the fourth
        group starts with 01 to 80), and with the `char(36)` its fix names, every one must arrive
        through snapshot and stream as PostgreSQL prints it and `godwit validate` call it clean.

        Types the change capture cannot carry are `plan` blockers naming the column and the fix,
        not cases here: MariaDB `inet4` and `inet6` (Debezium's DDL parser rejects the table),
        PostgreSQL geometric types, `tsquery`, `pg_lsn`, `jsonpath` and multiranges (left out of
        every change event) and `name` (sent as NULL). `PostgresTypeCoverageIT` checks that every
        built-in PostgreSQL type is sent by the PostgreSQL → PostgreSQL harness, refused by `plan`,
        or one of the system types it lists (object ids, planner state).
        """
            .formatted(FidelityIT.DEFAULT_SEED));
    section(out, new MariaDbToPostgresFidelityIT());
    section(out, new PostgresToMariaDbFidelityIT());
    section(out, new PostgresToPostgresFidelityIT());
    section(out, new MariaDbToMariaDbFidelityIT());
    return out.toString();
  }

  private static void section(StringBuilder out, FidelityIT direction) {
    Engine source = direction.source();
    Engine target = direction.target();
    out.append("\n## ")
        .append(source.displayName())
        .append(" → ")
        .append(target.displayName())
        .append("\n\n| source type | values | source prints | target prints | arrives |\n")
        .append("| --- | --- | --- | --- | --- |\n");
    List<Case> cases = direction.cases();
    Random random = new Random(FidelityIT.DEFAULT_SEED);
    for (Case c : cases) {
      int values = c.values().literals(source, random).size();
      out.append("| `")
          .append(c.type())
          .append("` | ")
          .append(values)
          .append(" | `")
          .append(c.source().probe(source, "v").replace("|", "\\|"))
          .append("` | `")
          .append(c.target().probe(target, "v").replace("|", "\\|"))
          .append("` | ")
          .append(c.change() == null ? "unchanged" : "lossy: " + c.note())
          .append(" |\n");
    }
  }
}
