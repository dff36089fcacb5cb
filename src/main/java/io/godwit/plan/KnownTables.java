package io.godwit.plan;

import io.godwit.db.Dialect;
import io.godwit.db.Finding;
import io.godwit.schema.TargetTable;
import io.godwit.state.TableStates;
import java.util.List;

/**
 * What the next run does with a table an earlier run of the migration already prepared: keep it,
 * create it again from the file (no row was copied into it yet), copy it afresh (its target table
 * was dropped), or refuse because the file now plans a table whose copy started differently (unless
 * a re-copy of it is asked for: then the run copies it afresh with the new plan).
 */
final class KnownTables {

  private KnownTables() {}

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
