package io.godwit;

import io.godwit.db.Dialect;
import io.godwit.schema.TargetTable;
import io.godwit.state.DdlTransaction;
import io.godwit.state.RunnerFencedException;
import io.godwit.state.TableStates;
import io.godwit.state.ValidationRecords;
import java.sql.Connection;
import java.sql.SQLException;
import java.sql.Statement;
import javax.sql.DataSource;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Replaces the target table of a table asked to be re-copied: drops the old target table, creates
 * the new one and moves the table back to PENDING (step 3 of {@link RunResnapshots}). In one
 * transaction where the target's DDL is transactional (PostgreSQL); elsewhere the request is
 * cleared last, so a failure midway leaves it asked for and the next attempt begins again. The DROP
 * and the CREATE run only while this runner holds the migration ({@link TableStates#ddl}): on
 * MySQL/MariaDB they commit by themselves, and a runner taken over must not drop the table of the
 * runner that took over.
 */
final class TargetTableReplacer {

  /** What a replacement did. */
  enum Outcome {
    /** The new target table exists, empty, and the table is PENDING. */
    REPLACED,
    /** Nothing changed; the re-copy was withdrawn with its reason, the table streams on. */
    WITHDRAWN,
    /** A non-transactional target failed midway; the table's error says so, the request stays. */
    FAILED
  }

  private static final Logger log = LoggerFactory.getLogger(TargetTableReplacer.class);

  private final String migration;
  private final DataSource target;
  private final Dialect targetDialect;
  private final TableStates states;

  /**
   * @param states the runner's table states: every write proves the runner's epoch
   */
  TargetTableReplacer(
      String migration, DataSource target, Dialect targetDialect, TableStates states) {
    this.migration = migration;
    this.target = target;
    this.targetDialect = targetDialect;
    this.states = states;
  }

  /**
   * Drops {@code before}'s target table, creates {@code fresh}'s and moves the table back to
   * PENDING.
   *
   * @throws RunnerFencedException when another runner took over: nothing of the replacement was
   *     done
   */
  Outcome replace(String table, TargetTable before, TargetTable fresh) throws SQLException {
    boolean transactional = targetDialect.transactionalDdl();
    try (Connection c = target.getConnection()) {
      return DdlTransaction.run(
          c,
          transactional,
          () -> {
            states.ddl(
                c,
                () -> {
                  try (Statement st = c.createStatement()) {
                    st.execute(
                        "DROP TABLE IF EXISTS "
                            + targetDialect.qualify(before.schema(), before.name()));
                    for (String sql : targetDialect.ddl().createTable(fresh)) {
                      st.execute(sql);
                    }
                  }
                });
            states.restartCopy(c, table, fresh.name(), fresh.definition());
            new ValidationRecords(target, migration).resetBaseline(c, table);
            return Outcome.REPLACED;
          },
          (e, rolledBack) -> {
            if (rolledBack) {
              withdraw(
                  c,
                  table,
                  "replacing its target table failed, nothing changed: " + e.getMessage());
              return Outcome.WITHDRAWN;
            }
            String reason =
                ("the re-copy of %s failed while replacing its target table %s: %s; the re-copy"
                        + " stays asked for and the applier holds the table; fix: correct the"
                        + " cause (`godwit plan -c FILE`), then restart `godwit run`, which begins"
                        + " it again")
                    .formatted(
                        table, targetDialect.qualify(fresh.schema(), fresh.name()), e.getMessage());
            log.error(reason);
            states.fail(c, table, reason);
            return Outcome.FAILED;
          });
    }
  }

  /** Withdraws a re-copy before anything changed; the table streams on from its old copy. */
  void withdraw(String table, String why) throws SQLException {
    try (Connection c = target.getConnection()) {
      withdraw(c, table, why);
    }
  }

  private void withdraw(Connection c, String table, String why) throws SQLException {
    String reason =
        ("the re-copy of %s was not begun: %s; the table streams on from its old copy; fix:"
                + " correct the cause (`godwit plan -c FILE` shows the plan), then ask again")
            .formatted(table, why);
    log.error(reason);
    states.refuseResnapshot(c, table, reason);
  }
}
