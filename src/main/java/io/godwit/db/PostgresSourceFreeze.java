package io.godwit.db;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.sql.Timestamp;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;

/**
 * PostgreSQL: {@code default_transaction_read_only} on the database for every new session, then the
 * write transactions open at the freeze are waited out and every session opened before the freeze
 * is ended but Godwit's and its capture's, so no connection opened before the freeze can go on
 * writing (the setting binds new sessions only). A session that cannot be ended fails the freeze,
 * which the cutover then undoes.
 */
final class PostgresSourceFreeze implements SourceFreeze {

  /** The {@code application_name} of Godwit's own sessions, which the freeze leaves open. */
  static final String GODWIT_APPLICATION = "godwit";

  /**
   * Sessions on this database opened before {@code ?} (the freeze), but this one, Godwit's and its
   * capture's (Debezium names its sessions "Debezium ...").
   */
  private static final String OTHERS_FROM_BEFORE =
      """
      FROM pg_stat_activity
       WHERE datname = current_database() AND pid <> pg_backend_pid()
         AND backend_type = 'client backend' AND backend_start < ?
         AND application_name <> '%s' AND application_name NOT LIKE 'Debezium%%'"""
          .formatted(GODWIT_APPLICATION);

  /**
   * Write transactions open since before {@code ?} (the freeze). Those begun later, in sessions
   * from before, are not waited for: an application writing without pause would always have one
   * open, and they end with their sessions below anyway.
   */
  private static final String OPEN_WRITERS =
      """
      SELECT count(*) FROM pg_stat_activity
       WHERE datname = current_database() AND backend_xid IS NOT NULL
         AND pid <> pg_backend_pid() AND backend_type = 'client backend' AND xact_start < ?""";

  @Override
  public String freeze(Connection c, List<String> appRoles, Duration wait) throws SQLException {
    String database = Jdbc.queryString(c, "SELECT current_database()");
    Timestamp frozenAt;
    try (Statement st = c.createStatement();
        ResultSet rs = st.executeQuery("SELECT clock_timestamp()")) {
      rs.next();
      frozenAt = rs.getTimestamp(1);
      readWrite(st);
      st.execute(
          "ALTER DATABASE "
              + new PostgresDialect().quote(database)
              + " SET default_transaction_read_only = on");
    }
    long deadline = System.nanoTime() + wait.toNanos();
    long open = openWriters(c, frozenAt);
    while (open > 0 && System.nanoTime() < deadline) {
      SourceFreeze.pause();
      open = openWriters(c, frozenAt);
    }
    int ended = endSessionsFromBefore(c, frozenAt);
    int terminated = terminate(c, appRoles);
    List<String> left = sessionsFromBefore(c, frozenAt);
    if (!left.isEmpty()) {
      throw new SQLException(
          ("%d session(s) opened before the freeze could not be ended and could go on writing: %s;"
                  + " fix: GRANT pg_signal_backend TO the source user (or end them yourself),"
                  + " or freeze with cutover.freeze: hook")
              .formatted(left.size(), String.join(", ", left)));
    }
    return "database %s set to default_transaction_read_only; %d write transaction(s) still open after waiting up to %d s; %d session(s) opened before the freeze ended; %d session(s) of %s terminated"
        .formatted(
            database,
            open,
            wait.toSeconds(),
            ended,
            terminated,
            appRoles.isEmpty() ? "no cutover.app-roles" : String.join(", ", appRoles));
  }

  /**
   * A session opened while the database was frozen (by a cutover that crashed, before the recovery
   * unfroze it; a pool keeps such sessions) is read-only itself, and could neither freeze nor
   * unfreeze.
   */
  private static void readWrite(Statement st) throws SQLException {
    st.execute("SET SESSION CHARACTERISTICS AS TRANSACTION READ WRITE");
  }

  private static long openWriters(Connection c, Timestamp frozenAt) throws SQLException {
    try (PreparedStatement ps = c.prepareStatement(OPEN_WRITERS)) {
      ps.setTimestamp(1, frozenAt);
      try (ResultSet rs = ps.executeQuery()) {
        rs.next();
        return rs.getLong(1);
      }
    }
  }

  /** Ends the sessions {@link #OTHERS_FROM_BEFORE} names, waiting up to 5 s for each to go. */
  private static int endSessionsFromBefore(Connection c, Timestamp frozenAt) throws SQLException {
    try (PreparedStatement ps =
        c.prepareStatement(
            "SELECT count(*) FILTER (WHERE pg_terminate_backend(pid, 5000)) "
                + OTHERS_FROM_BEFORE)) {
      ps.setTimestamp(1, frozenAt);
      try (ResultSet rs = ps.executeQuery()) {
        rs.next();
        return rs.getInt(1);
      }
    }
  }

  /** The sessions {@link #OTHERS_FROM_BEFORE} names that are still there, as "pid (user, app)". */
  private static List<String> sessionsFromBefore(Connection c, Timestamp frozenAt)
      throws SQLException {
    List<String> left = new ArrayList<>();
    try (PreparedStatement ps =
        c.prepareStatement(
            "SELECT pid, usename, application_name " + OTHERS_FROM_BEFORE + " ORDER BY pid")) {
      ps.setTimestamp(1, frozenAt);
      try (ResultSet rs = ps.executeQuery()) {
        while (rs.next()) {
          left.add("%d (%s, %s)".formatted(rs.getInt(1), rs.getString(2), rs.getString(3)));
        }
      }
    }
    return left;
  }

  @Override
  public String unfreeze(Connection c, List<String> appRoles) throws SQLException {
    String database = Jdbc.queryString(c, "SELECT current_database()");
    try (Statement st = c.createStatement()) {
      readWrite(st);
      st.execute(
          "ALTER DATABASE "
              + new PostgresDialect().quote(database)
              + " RESET default_transaction_read_only");
    }
    int terminated = terminate(c, appRoles);
    return "database %s accepts writes again; %d read-only session(s) of %s opened during the freeze terminated"
        .formatted(
            database,
            terminated,
            appRoles.isEmpty() ? "no cutover.app-roles" : String.join(", ", appRoles));
  }

  /** Ends the sessions of {@code roles} on this database, but this one; returns how many. */
  private static int terminate(Connection c, List<String> roles) throws SQLException {
    if (roles.isEmpty()) {
      return 0;
    }
    try (PreparedStatement ps =
        c.prepareStatement(
            """
            SELECT count(*) FILTER (WHERE pg_terminate_backend(pid)) FROM pg_stat_activity
             WHERE datname = current_database() AND usename = ANY (?)
               AND pid <> pg_backend_pid() AND backend_type = 'client backend'""")) {
      ps.setArray(1, c.createArrayOf("text", roles.toArray()));
      try (ResultSet rs = ps.executeQuery()) {
        rs.next();
        return rs.getInt(1);
      }
    }
  }

  @Override
  public String position(Connection c) throws SQLException {
    return "WAL LSN " + Jdbc.queryString(c, "SELECT pg_current_wal_lsn()::text");
  }
}
