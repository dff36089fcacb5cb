package io.godwit.state;

import io.godwit.db.Dialect;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Duration;

/**
 * The epoch a runner took with the migration's lock ({@code _godwit.migration.runner_epoch}, moved
 * on by every runner that takes the lock). A lock can be lost without its holder noticing (its
 * session killed), so the lock alone does not keep two runners apart: each transaction that writes
 * the target's rows or the migration's state calls {@link #check} just before it commits. The check
 * share-locks the migration's row, so a runner taking over waits for the transactions that passed
 * it, and every later check sees its newer epoch and refuses.
 *
 * <p>DDL that commits by itself (MySQL/MariaDB) cannot be in the check's transaction, so {@link
 * #ddl} holds the migration's DDL lock, a session lock of the target, across the check and the
 * statement, and a runner taking over moves the epoch under the same lock ({@code
 * StateStore.lock}): it waits for a DDL statement that passed the check, and every later check sees
 * its newer epoch. A runner taken over between its check and its DDL would otherwise run that DDL
 * on the tables of the runner that took over, e.g. drop the table it had copied again meanwhile.
 */
public final class RunnerEpoch {

  /** How long a DDL statement, or a runner taking over, waits for the migration's DDL lock. */
  static final Duration DDL_LOCK_WAIT = Duration.ofMinutes(5);

  private static final long DDL_LOCK_POLL_MILLIS = 50;

  private final String migration;
  private final long epoch;
  private final Dialect dialect;
  private final String select;

  /** An epoch of a migration in the state store ({@value StateStore#SCHEMA}). */
  public RunnerEpoch(String migration, long epoch, Dialect dialect) {
    this(migration, epoch, dialect, StateStore.SCHEMA);
  }

  /**
   * @param stateSchema the schema (PostgreSQL) or database (MySQL) holding the state tables
   */
  public RunnerEpoch(String migration, long epoch, Dialect dialect, String stateSchema) {
    this.migration = migration;
    this.epoch = epoch;
    this.dialect = dialect;
    this.select =
        "SELECT runner_epoch FROM %s WHERE name = ? %s"
            .formatted(dialect.qualify(stateSchema, "migration"), dialect.forShare());
  }

  /** The epoch this runner holds. */
  public long epoch() {
    return epoch;
  }

  /**
   * Proves, in the caller's transaction, that no other runner took the migration over; the
   * migration's row stays share-locked until the transaction ends.
   *
   * @throws RunnerFencedException when another runner did: the caller rolls back and stops
   */
  public void check(Connection target) throws SQLException {
    try (PreparedStatement ps = target.prepareStatement(select)) {
      ps.setString(1, migration);
      try (ResultSet rs = ps.executeQuery()) {
        if (!rs.next()) {
          throw new RunnerFencedException(
              ("migration %s is no longer registered in the target's state store (_godwit.migration);"
                      + " this runner stopped without writing; fix: find who deleted it before"
                      + " running the migration again")
                  .formatted(migration));
        }
        long current = rs.getLong(1);
        if (current != epoch) {
          throw new RunnerFencedException(
              ("another runner took over migration %s (epoch %d > mine %d); this one stopped"
                      + " without writing; fix: let the other runner go on (`godwit status` names"
                      + " it), or stop it and start this one again")
                  .formatted(migration, current, epoch));
        }
      }
    }
  }

  /** A write that must not commit unless this runner still holds the migration. */
  @FunctionalInterface
  public interface Write {
    void run() throws SQLException;
  }

  /**
   * Runs {@code write} as a write of the runner holding {@code epoch} ({@link #write}), or as it is
   * when {@code epoch} is null: a process that is not a runner has nothing to prove.
   */
  static void write(RunnerEpoch epoch, Connection target, Write write) throws SQLException {
    if (epoch == null) {
      write.run();
    } else {
      epoch.write(target, write);
    }
  }

  /**
   * Runs {@code write}, then {@link #check}s the epoch before its transaction commits: in the
   * caller's transaction when {@code target} is in one (the caller commits), else in one of its own
   * committed here, the connection given back in auto-commit mode.
   *
   * @throws RunnerFencedException when another runner took over: nothing of the write commits
   */
  public void write(Connection target, Write write) throws SQLException {
    if (!target.getAutoCommit()) {
      write.run();
      check(target);
      return;
    }
    target.setAutoCommit(false);
    try {
      write.run();
      check(target);
      target.commit();
    } catch (SQLException | RuntimeException e) {
      try {
        target.rollback();
        target.setAutoCommit(true);
      } catch (SQLException rollback) {
        e.addSuppressed(rollback);
      }
      throw e;
    }
    target.setAutoCommit(true);
  }

  /**
   * Runs DDL only while this runner holds the migration: in the caller's transaction after {@link
   * #check} where the target's DDL is transactional (the migration's row stays share-locked until
   * it commits); elsewhere under the migration's DDL lock, taken before the check and released
   * after the DDL, so no runner takes over in between.
   *
   * @throws RunnerFencedException when another runner took over: the DDL did not run
   */
  public void ddl(Connection target, Write ddl) throws SQLException {
    if (dialect.transactionalDdl()) {
      check(target);
      ddl.run();
      return;
    }
    holdDdlLock(dialect, target, migration, DDL_LOCK_WAIT);
    try {
      check(target);
      ddl.run();
    } catch (Throwable e) {
      try {
        dialect.unlock(target, ddlLockName(migration));
      } catch (SQLException unlock) {
        e.addSuppressed(unlock);
      }
      throw e;
    }
    dialect.unlock(target, ddlLockName(migration));
  }

  /**
   * Takes the migration's DDL lock on {@code session}, waiting up to {@code wait} for the runner
   * DDL statement that holds it.
   *
   * @throws StateStoreException when it is still held after {@code wait}
   */
  static void holdDdlLock(Dialect dialect, Connection session, String migration, Duration wait)
      throws SQLException {
    String name = ddlLockName(migration);
    long deadline = System.nanoTime() + wait.toNanos();
    while (!dialect.tryLock(session, name)) {
      if (System.nanoTime() - deadline > 0) {
        throw new StateStoreException(
            ("the DDL lock of migration %s (%s, a session lock of the target) was held by another"
                    + " session for more than %d s: a runner's DDL (CREATE, DROP or ALTER TABLE)"
                    + " still runs; fix: wait for that statement to end (SHOW PROCESSLIST on the"
                    + " target shows it) or end its session, then run again")
                .formatted(migration, name, wait.toSeconds()));
      }
      try {
        Thread.sleep(DDL_LOCK_POLL_MILLIS);
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        throw new StateStoreException(
            "interrupted while waiting for the DDL lock of migration " + migration, e);
      }
    }
  }

  /** The name of the migration's DDL lock: apart from its runner lock's, 64 characters at most. */
  static String ddlLockName(String migration) {
    return "godwit-ddl:" + migration;
  }

  @Override
  public String toString() {
    return migration + " epoch " + epoch;
  }
}
