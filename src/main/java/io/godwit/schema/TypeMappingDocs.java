package io.godwit.schema;

import io.godwit.engine.Engine;
import io.godwit.schema.TypeOptions.EnumMapping;
import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;

/**
 * Writes {@code docs/type-mapping.md} from the rule tables, by running each rule's examples through
 * it. Regenerate with {@code java -cp target/classes io.godwit.schema.TypeMappingDocs >
 * docs/type-mapping.md}; a unit test fails when the committed file differs.
 */
public final class TypeMappingDocs {

  private static final String INTRO =
      """
      # Type mapping

      Generated from the rule tables in `io.godwit.schema` by `TypeMappingDocs`; do not edit by
      hand. Each row runs an example source type through its rule. What the differential
      fidelity harness sends through the copy and the change stream of each direction, and proves
      arrives as the table says, is in [fidelity.md](fidelity.md).

      Fidelity:
      - **EXACT**: every source value is kept unchanged.
      - **WIDENED**: every source value fits, but the target type accepts more (a larger range,
        labels or a format no longer enforced).
      - **LOSSY**: some source values change or do not fit; `plan` lists each such column.

      Back: whether every value the target column can hold could be written back to the source
      type and read there as the same value, as a reverse stream after cutover (rollback) would
      need. **yes** for those; **no** names the target values that could not go back. It is
      decided apart from fidelity, which is about the forward direction: `tinyint(1)` as boolean
      changes values forward, yet every boolean goes back; `int unsigned` as bigint keeps every
      value, yet a bigint above 4294967295 cannot go back. `plan` lists each table's columns that
      are not reversible as a rollback-readiness note. The reverse stream after a cutover with
      `rollback.reverse`, which `godwit rollback` drains, writes the
      target's values back (see `ops/runbooks/rollback.md`): a value the old source rejects stops
      its table there, and the column says which values that can be. `ReversibilityIT` writes
      sampled values of the target types back to the source types on the real engines.

      A few values that a target type cannot hold at all stop the copy with an error naming the
      row instead of being changed: NUL characters in PostgreSQL text, NaN and Infinity in MySQL
      numbers, zero dates unless they are copied as NULL.

      Any column's type can be overridden in the migration file:
      `tables.column-types: {"orders.total": "numeric(20,0)"}` (source table and column names).
      An override is shown as WIDENED, since Godwit cannot check that every value fits, unless it
      is what the rule gives anyway. A type without a rule stops `plan` with an error naming the
      column and this fix.
      """;

  private TypeMappingDocs() {}

  public static void main(String[] args) {
    System.out.print(markdown());
  }

  public static String markdown() {
    TypeOptions defaults = TypeOptions.defaults();
    StringBuilder md = new StringBuilder(INTRO);
    Map<String, Row> mySqlToPg = rows(Engine.MYSQL, Engine.POSTGRESQL, defaults);
    section(
        md,
        "## MySQL / MariaDB → PostgreSQL",
        "With the default options: tinyint(1) as boolean, enums as text with a CHECK, zero dates"
            + " stop the copy.",
        mySqlToPg);
    option(md, "tinyint(1) not as boolean", new TypeOptions(false, EnumMapping.CHECK, false));
    option(md, "enums as native enum types", new TypeOptions(true, EnumMapping.NATIVE, false));
    option(md, "enums as plain text", new TypeOptions(true, EnumMapping.TEXT, false));
    option(md, "zero dates copied as NULL", new TypeOptions(true, EnumMapping.CHECK, true));
    Map<String, Row> pgToMySql = rows(Engine.POSTGRESQL, Engine.MYSQL, defaults);
    section(md, "## PostgreSQL → MySQL", "", pgToMySql);
    section(
        md,
        "### PostgreSQL → MariaDB",
        "As to MySQL, except:",
        differences(pgToMySql, rows(Engine.POSTGRESQL, Engine.MARIADB, defaults)));
    section(
        md,
        "## PostgreSQL → PostgreSQL",
        "Every type is kept as declared; enum types are created in the target schema.",
        rows(Engine.POSTGRESQL, Engine.POSTGRESQL, defaults));
    Map<String, Row> mySqlToMySql = rows(Engine.MYSQL, Engine.MYSQL, defaults);
    section(
        md,
        "## MySQL / MariaDB → MySQL / MariaDB",
        "Every type is kept as declared, with its character set and collation.",
        mySqlToMySql);
    section(
        md,
        "### MariaDB → MySQL",
        "Types MySQL lacks:",
        differences(mySqlToMySql, rows(Engine.MARIADB, Engine.MYSQL, defaults)));
    section(
        md,
        "### MySQL → MariaDB",
        "Collations MariaDB lacks:",
        differences(mySqlToMySql, rows(Engine.MYSQL, Engine.MARIADB, defaults)));
    return md.toString();
  }

  private record Row(String target, Fidelity fidelity, String note, String back) {}

  private static Map<String, Row> rows(Engine source, Engine target, TypeOptions options) {
    Map<String, Row> rows = new LinkedHashMap<>();
    RuleSet rules = TypeMappings.rules(source, target, options);
    for (RuleSet.Rule rule : rules.rules()) {
      for (String example : rule.examples()) {
        SampleColumns.Sample sample = SampleColumns.parse(source, example);
        MappedType type =
            rules.find(sample.column().type()).mapping().map(sample.table(), sample.column());
        rows.put(example, new Row(target(type), type.fidelity(), type.note(), back(type)));
      }
    }
    return rows;
  }

  private static String back(MappedType type) {
    return type.back().reversible() ? "yes" : "no: " + type.back().reason();
  }

  private static String target(MappedType type) {
    if (type.enumType() != null) {
      return "`" + type.sqlType() + "` (enum type)";
    }
    if (type.check() != null) {
      return "`%s` + CHECK (`%s`)"
          .formatted(type.sqlType(), String.format(Locale.ROOT, type.check(), "c"));
    }
    return "`" + type.sqlType() + "`";
  }

  private static Map<String, Row> differences(Map<String, Row> base, Map<String, Row> other) {
    Map<String, Row> changed = new LinkedHashMap<>();
    other.forEach(
        (source, row) -> {
          if (!row.equals(base.get(source))) {
            changed.put(source, row);
          }
        });
    return changed;
  }

  private static void option(StringBuilder md, String title, TypeOptions options) {
    Map<String, Row> base = rows(Engine.MYSQL, Engine.POSTGRESQL, TypeOptions.defaults());
    section(
        md,
        "### Option: " + title,
        "",
        differences(base, rows(Engine.MYSQL, Engine.POSTGRESQL, options)));
  }

  private static void section(StringBuilder md, String title, String text, Map<String, Row> rows) {
    md.append('\n').append(title).append("\n\n");
    if (!text.isEmpty()) {
      md.append(text).append("\n\n");
    }
    md.append("| source | target | fidelity | note | back |\n| --- | --- | --- | --- | --- |\n");
    rows.forEach(
        (source, row) ->
            md.append(
                "| `%s` | %s | %s | %s | %s |\n"
                    .formatted(
                        cell(source),
                        cell(row.target()),
                        row.fidelity(),
                        cell(row.note()),
                        cell(row.back()))));
  }

  private static String cell(String text) {
    return text.replace("|", "\\|");
  }
}
