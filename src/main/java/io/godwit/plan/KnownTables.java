package io.godwit.plan;

import io.godwit.db.Dialect;
import io.godwit.db.Finding;
import io.godwit.schema.TargetTable;
import io.godwit.state.TablePhase;
import io.godwit.state.TableStates;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * What the next run does with a table an earlier run of the migration already prepared: keep it,
 * create it again from the file (no row was copied into it yet), copy it afresh (its target table
 * was dropped), or refuse because the file now plans a table whose copy started differently (unless
 * a re-copy of it is asked for: then the run copies it afresh with the new plan).
 */
final class KnownTables {

  private KnownTables() {}

  /**
   * Says which tables join a migration whose earlier run prepared others, and which the file left
   * out since: the next run copies only the joining ones and stops following the others.
   *
   * @param known the tables the state store knows; nothing is said when it knows none (a first run)
   */
  static void changes(
      List<TargetTable> planned, Map<String, TableStates.Known> known, List<Finding> findings) {
    if (known.isEmpty()) {
      return;
    }
    Set<String> selected = new HashSet<>();
    for (TargetTable t : planned) {
      selected.add(t.source().name());
      if (!known.containsKey(t.source().name())) {
        findings.add(
            Finding.info(
                "table " + t.source().name(),
                ("new since the last run: the next run adds it to the capture, copies it once the"
                    + " capture streams, then applies its changes; the other tables are not"
                    + " copied again")));
      }
    }
    known.forEach(
        (table, k) -> {
          if (!selected.contains(table) && k.phase().followed()) {
            findings.add(
                Finding.info(
                    "table " + table,
                    ("dropped since the last run (tables.include/exclude no longer select it):"
                            + " the next run stops capturing and applying it; its target table %s"
                            + " is left in place with the rows it has, and is not validated or cut"
                            + " over")
                        .formatted(k.targetTable())));
          }
        });
  }

  /** A table dropped from the migration and selected again: only a fresh copy can follow it. */
  private static void rejoining(
      TargetTable t,
      boolean exists,
      String name,
      Dialect target,
      List<String> ddl,
      List<Finding> findings) {
    String subject = "table " + t.source().name();
    if (!exists) {
      ddl.addAll(target.ddl().createTable(t));
      findings.add(
          Finding.info(
              subject,
              ("selected again after it was dropped from the migration: the next run creates %s,"
                      + " copies %s afresh once the capture streams and applies its changes from"
                      + " then on")
                  .formatted(name, t.source().name())));
      return;
    }
    findings.add(
        Finding.blocker(
            subject,
            ("%s was dropped from the migration and is selected again, but the capture missed its"
                    + " changes in between, so its target table %s is stale")
                .formatted(t.source().name(), name),
            ("to follow it again: stop godwit run, drop the target table (DROP TABLE %s), then run"
                    + " again; it is copied afresh and its changes are applied from then on. Or"
                    + " leave it out of tables.include")
                .formatted(name)));
  }

  /**
   * Adds the DDL the next run executes for the table and what to know about it.
   *
   * @param exists the target table exists
   */
  static void plan(
      TargetTable t,
      TableStates.Known known,
      boolean exists,
      Dialect target,
      List<String> ddl,
      List<Finding> findings) {
    String subject = "table " + t.source().name();
    String name = target.qualify(t.schema(), t.name());
    if (known.phase() == TablePhase.DROPPED) {
      rejoining(t, exists, name, target, ddl, findings);
      return;
    }
    if (!exists) {
      ddl.addAll(target.ddl().createTable(t));
      if (known.copyStarted()) {
        findings.add(
            Finding.info(
                subject,
                ("target table %s is gone although its copy had started (%s): the next run"
                        + " creates it and copies %s afresh")
                    .formatted(name, known.phase(), t.source().name())));
      }
      return;
    }
    List<String> changes =
        known.definition() == null ? List.of() : t.changesSince(known.definition());
    if (changes.isEmpty()) {
      return;
    }
    if (!known.copyStarted()) {
      ddl.add("DROP TABLE " + name);
      ddl.addAll(target.ddl().createTable(t));
      findings.add(
          Finding.info(
              subject,
              ("target table %s is created again, since no row was copied into it yet: the plan"
                      + " changed (%s)")
                  .formatted(name, String.join("; ", changes))));
      return;
    }
    if (known.resnapshotRequested()) {
      findings.add(
          Finding.info(
              subject,
              ("the migration file now plans %s differently (%s); a re-copy is asked for"
                      + " (`godwit resnapshot`), so the run creates %s again with the new plan and"
                      + " copies it afresh while the other tables stream")
                  .formatted(t.source().name(), String.join("; ", changes), name)));
      return;
    }
    findings.add(
        Finding.blocker(
            subject,
            ("the migration file now plans %s differently (%s), but its copy into %s started"
                    + " with the earlier plan (phase %s)")
                .formatted(t.source().name(), String.join("; ", changes), name, known.phase()),
            ("to copy it afresh with the new plan: `godwit resnapshot -c FILE %s` while godwit"
                    + " run is stopped, then run again (or, for a one-off `godwit snapshot`, drop"
                    + " the target table (DROP TABLE %s) and run it again); the other tables keep"
                    + " their copies and the table's changes are replayed after its new copy. Or"
                    + " undo the change in the migration file")
                .formatted(t.source().name(), name)));
  }
}
