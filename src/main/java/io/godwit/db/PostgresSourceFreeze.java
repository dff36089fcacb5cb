package io.godwit.db;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import java.util.List;

/**
 * PostgreSQL: {@code default_transaction_read_only} on the database for every new session, then
 * open write transactions are waited out and the application roles' sessions terminated, so pooled
 * connections opened before the freeze cannot go on writing.
 */
final class PostgresSourceFreeze implements SourceFreeze {

  private static final String OPEN_WRITERS =
      """
      SELECT count(*) FROM pg_stat_activity
       WHERE datname = current_database() AND backend_xid IS NOT NULL
         AND pid <> pg_backend_pid() AND backend_type = 'client backend'""";

  @Override
  public String freeze(Connection c, List<String> appRoles, Duration wait) throws SQLException {
    String database = Jdbc.queryString(c, "SELECT current_database()");
    try (Statement st = c.createStatement()) {
      st.execute(
          "ALTER DATABASE "
              + new PostgresDialect().quote(database)
              + " SET default_transaction_read_only = on");
    }
    long deadline = System.nanoTime() + wait.toNanos();
    long open = Jdbc.queryLong(c, OPEN_WRITERS);
    while (open > 0 && System.nanoTime() < deadline) {
      SourceFreeze.pause();
      open = Jdbc.queryLong(c, OPEN_WRITERS);
    }
    int terminated = terminate(c, appRoles);
    return "database %s set to default_transaction_read_only; %d write transaction(s) still open after waiting up to %d s; %d session(s) of %s terminated"
        .formatted(
            database,
            open,
            wait.toSeconds(),
            terminated,
            appRoles.isEmpty() ? "no cutover.app-roles" : String.join(", ", appRoles));
  }

  @Override
  public String unfreeze(Connection c, List<String> appRoles) throws SQLException {
    String database = Jdbc.queryString(c, "SELECT current_database()");
    try (Statement st = c.createStatement()) {
      // a session opened after the freeze is read-only itself, and could not undo it
      st.execute("SET SESSION CHARACTERISTICS AS TRANSACTION READ WRITE");
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
