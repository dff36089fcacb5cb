package io.godwit.state;

import io.godwit.config.MigrationConfig;
import io.godwit.db.Dialect;
import io.godwit.db.Jdbc;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.OptionalLong;
import javax.sql.DataSource;

/**
 * The migration's state, kept in the target ({@code _godwit} schema on PostgreSQL, {@code _godwit}
 * database on MySQL) so that any command, on any machine, picks up where the last one stopped. Its
 * tables are versioned: {@link #install()} applies the scripts this Godwit knows and refuses a
 * store written by a newer one.
 */
public final class StateStore {

  public static final String SCHEMA = "_godwit";

  /** The newest state store version this build knows. */
  public static final int VERSION = 8;

  private final DataSource target;
  private final Dialect dialect;

  /**
   * The migration's state store on its target, installed or upgraded, with the migration registered
   * (source and target URLs masked).
   */
  public static StateStore prepare(MigrationConfig config, DataSource target) throws SQLException {
    StateStore store = new StateStore(target, Dialect.of(config.target().engine()));
    store.install();
    store.register(config.name(), config.source().shownUrl(), config.target().shownUrl());
    return store;
  }

  public StateStore(DataSource target, Dialect dialect) {
    this.target = target;
    this.dialect = dialect;
  }

  /**
   * Creates or upgrades the state tables; returns the version now in place. Safe to run from
   * several processes at once: installs are serialised by a lock on the target.
   */
  public int install() throws SQLException {
    try (Connection c = target.getConnection()) {
      return new StateScripts(dialect).install(c);
    } catch (SQLException e) {
      if (isMissingPrivilege(e)) {
        throw new StateStoreException(
            ("cannot install Godwit's state store (%s) on the target: %s; fix: GRANT the target"
                    + " user CREATE on the target database (PostgreSQL) or ALL PRIVILEGES ON"
                    + " `%s`.* (MySQL/MariaDB); `godwit plan -c FILE` names every grant it lacks")
                .formatted(SCHEMA, e.getMessage(), SCHEMA),
            e);
      }
      throw e;
    }
  }

  /** The installed version, or 0 when the target has no state store. */
  public int installedVersion() throws SQLException {
    try (Connection c = target.getConnection()) {
      return installedVersionOn(c);
    }
  }

  /**
   * Runs a query of the state store with string parameters on a connection of {@code target}: what
   * {@code reader} makes of each row, in order; empty when the target has no state store.
   */
  static <T> List<T> rows(
      DataSource target, String sql, Jdbc.RowReader<T> reader, String... parameters)
      throws SQLException {
    try (Connection c = target.getConnection()) {
      return installedVersionOn(c) == 0
          ? new ArrayList<>()
          : Jdbc.queryRows(c, sql, reader, parameters);
    }
  }

  /** The installed version seen on a connection, or 0 when the target has no state store. */
  static int installedVersionOn(Connection c) throws SQLException {
    try {
      return StateScripts.currentVersion(c);
    } catch (SQLException e) {
      if (isMissingTable(e)) {
        if (!c.getAutoCommit()) {
          c.rollback();
        }
        return 0;
      }
      throw e;
    }
  }

  /**
   * Takes the migration's single-runner lock, held until the returned lock is closed, and moves the
   * migration's runner epoch on; fails at once, naming the holder, when another process runs the
   * migration.
   */
  public RunnerLock acquire(String migration, String runner) throws SQLException {
    Held held = lock(migration, runner, OptionalLong.empty());
    return new RunnerLock(held, migration, runner, this);
  }

  /** A lock's session and the epoch it holds. */
  record Held(Connection session, RunnerEpoch epoch) {}

  /**
   * Takes the migration's lock on a new session of the target and names the runner.
   *
   * @param again the epoch held before, when taking the lock again after its session was lost: it
   *     is kept, and the lock refused when another runner moved it on meanwhile; empty to move the
   *     epoch on
   */
  Held lock(String migration, String runner, OptionalLong again) throws SQLException {
    Connection c = target.getConnection();
    try {
      c.setAutoCommit(true);
      if (!dialect.tryLock(c, lockName(migration))) {
        String holder =
            Jdbc.queryString(
                c,
                "SELECT runner FROM _godwit.migration WHERE name = ? AND runner IS NOT NULL",
                migration);
        String named = holder == null ? "another Godwit process" : holder;
        throw new StateStoreException(
            again.isPresent()
                ? ("%s took over migration %s while this runner's lock session was lost; this"
                        + " runner stops; fix: let %s go on, or stop it and start this one again")
                    .formatted(named, migration, named)
                : "migration %s is already being run by %s; fix: stop that process or wait for it"
                    .formatted(migration, named));
      }
      // where DDL commits by itself, a runner's DDL holds this lock across its epoch check: the
      // epoch moves on only once that DDL ended (RunnerEpoch.ddl)
      boolean ddlLock = again.isEmpty() && !dialect.transactionalDdl();
      if (ddlLock) {
        try {
          RunnerEpoch.holdDdlLock(dialect, c, migration, RunnerEpoch.DDL_LOCK_WAIT);
        } catch (SQLException | RuntimeException e) {
          dialect.unlock(c, lockName(migration));
          throw e;
        }
      }
      long epoch;
      try {
        c.setAutoCommit(false);
        epoch = takeEpoch(c, migration, runner, again);
        c.commit();
      } catch (SQLException | RuntimeException e) {
        c.rollback();
        dialect.unlock(c, lockName(migration));
        throw e;
      } finally {
        c.setAutoCommit(true);
        if (ddlLock) {
          dialect.unlock(c, RunnerEpoch.ddlLockName(migration));
        }
      }
      return new Held(c, new RunnerEpoch(migration, epoch, dialect));
    } catch (SQLException | RuntimeException e) {
      c.close();
      throw e;
    }
  }

  private static long takeEpoch(Connection c, String migration, String runner, OptionalLong again)
      throws SQLException {
    try (PreparedStatement ps =
        c.prepareStatement(
            """
            UPDATE _godwit.migration
               SET runner = ?, runner_since = CURRENT_TIMESTAMP,
                   runner_epoch = runner_epoch + ?
             WHERE name = ?""")) {
      ps.setString(1, runner);
      ps.setLong(2, again.isPresent() ? 0 : 1);
      ps.setString(3, migration);
      ps.executeUpdate();
    }
    long epoch =
        Jdbc.queryLong(
            c,
            "SELECT COALESCE(MAX(runner_epoch), 0) FROM _godwit.migration WHERE name = ?",
            migration);
    if (again.isPresent() && epoch != again.getAsLong()) {
      throw new StateStoreException(
          ("another runner took over migration %s while this one's lock session was lost"
                  + " (epoch %d > mine %d); this one stops; fix: let the other runner go on"
                  + " (`godwit status` names it), or stop it and start this one again")
              .formatted(migration, epoch, again.getAsLong()));
    }
    return epoch;
  }

  /** Gives the lock taken by {@link #lock} up and clears the runner. */
  void unlock(Connection c, String migration) throws SQLException {
    Jdbc.update(
        c,
        "UPDATE _godwit.migration SET runner = NULL, runner_since = NULL WHERE name = ?",
        migration);
    dialect.unlock(c, lockName(migration));
  }

  private static String lockName(String migration) {
    return "godwit:" + migration;
  }

  /** Who runs the migration now (host and process), or null when no run holds it. */
  public String runner(String migration) throws SQLException {
    try (Connection c = target.getConnection()) {
      return Jdbc.queryString(
          c,
          "SELECT runner FROM _godwit.migration WHERE name = ? AND runner IS NOT NULL",
          migration);
    }
  }

  /**
   * Records that {@code godwit finish} removed the migration's slots, publications and topics; a
   * later call keeps the first time.
   */
  public void finished(String migration) throws SQLException {
    try (Connection c = target.getConnection()) {
      Jdbc.update(
          c,
          "UPDATE _godwit.migration SET finished_at = CURRENT_TIMESTAMP"
              + " WHERE name = ? AND finished_at IS NULL",
          migration);
    }
  }

  /** When {@code godwit finish} finished the migration, as the store prints it; empty if not. */
  public Optional<String> finishedAt(String migration) throws SQLException {
    try (Connection c = target.getConnection()) {
      return Optional.ofNullable(
          Jdbc.queryString(
              c,
              "SELECT finished_at FROM _godwit.migration WHERE name = ? AND finished_at IS NOT NULL",
              migration));
    }
  }

  /**
   * Forgets what the migration kept in this store while it ran, so that it starts again as if never
   * run: its tables' states and chunks, applied offsets, cutover attempts and steps, lag samples,
   * validations and Kafka continuity record, in one transaction. Its registration, runner epoch and
   * event log stay (the epoch only moves on, and the log is the report's history).
   */
  public void forget(String migration) throws SQLException {
    try (Connection c = target.getConnection()) {
      c.setAutoCommit(false);
      try {
        for (String table :
            List.of(
                "table_state",
                "chunk",
                "applied_offset",
                "cutover_step",
                "cutover",
                "lag_sample",
                "validation",
                "kafka_topic",
                "kafka_cluster")) {
          Jdbc.update(c, "DELETE FROM _godwit." + table + " WHERE migration = ?", migration);
        }
        c.commit();
      } catch (SQLException | RuntimeException e) {
        c.rollback();
        throw e;
      }
    }
  }

  /** Records the migration once; later calls leave the first record in place. */
  public void register(String migration, String source, String target) throws SQLException {
    try (Connection c = this.target.getConnection()) {
      String existing =
          Jdbc.queryString(c, "SELECT name FROM _godwit.migration WHERE name = ?", migration);
      if (existing == null) {
        Jdbc.update(
            c,
            "INSERT INTO _godwit.migration (name, source, target) VALUES (?, ?, ?)",
            migration,
            source,
            target);
      }
    }
  }

  /**
   * True once a capture of the migration has started into this target (the event log holds a {@code
   * capture} entry, written before each capture starts).
   */
  public boolean captureStarted(String migration) throws SQLException {
    try (Connection c = target.getConnection()) {
      return Jdbc.queryString(
              c,
              "SELECT kind FROM _godwit.event_log WHERE migration = ? AND kind = 'capture'",
              migration)
          != null;
    }
  }

  /** Appends to the migration's event log, which the report reads. */
  public void log(String migration, String kind, String message) throws SQLException {
    try (Connection c = target.getConnection()) {
      Jdbc.update(
          c,
          "INSERT INTO _godwit.event_log (migration, kind, message) VALUES (?, ?, ?)",
          migration,
          kind,
          message);
    }
  }

  /**
   * PostgreSQL 42501 (insufficient privilege); MySQL/MariaDB 1044 (database), 1142 (table), 1227
   * (global privilege).
   */
  public static boolean isMissingPrivilege(SQLException e) {
    int code = e.getErrorCode();
    return "42501".equals(e.getSQLState()) || code == 1044 || code == 1142 || code == 1227;
  }

  private static boolean isMissingTable(SQLException e) {
    String state = e.getSQLState();
    // 42P01 PostgreSQL undefined_table, 3F000 invalid schema; 42S02 MySQL table doesn't exist
    return "42P01".equals(state) || "3F000".equals(state) || "42S02".equals(state);
  }
}
