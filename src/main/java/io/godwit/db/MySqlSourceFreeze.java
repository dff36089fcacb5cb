package io.godwit.db;

import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;

/**
 * MySQL and MariaDB: {@code SET GLOBAL read_only} (MySQL also {@code super_read_only}), which
 * itself waits for transactions committing; then open transactions that changed rows are waited out
 * and, after {@code wait}, those of the application users killed (their changes roll back, so
 * nothing half-written reaches the binlog). Users with READ_ONLY ADMIN (MariaDB) or SUPER (MySQL)
 * are not stopped by {@code read_only}; the cutover's final check catches a write that still got
 * through.
 */
class MySqlSourceFreeze implements SourceFreeze {

  private static final String OPEN_WRITERS =
      """
      SELECT p.ID, p.USER FROM information_schema.INNODB_TRX t
        JOIN information_schema.PROCESSLIST p ON p.ID = t.trx_mysql_thread_id
       WHERE t.trx_rows_modified > 0 AND p.ID <> CONNECTION_ID()""";

  /** The statements that turn read-only on; MySQL adds {@code super_read_only}. */
  protected List<String> readOnlyOn() {
    return List.of("SET GLOBAL read_only = ON", "SET GLOBAL super_read_only = ON");
  }

  protected List<String> readOnlyOff() {
    return List.of("SET GLOBAL super_read_only = OFF", "SET GLOBAL read_only = OFF");
  }

  @Override
  public String freeze(Connection c, List<String> appRoles, Duration wait) throws SQLException {
    try (Statement st = c.createStatement()) {
      // read_only waits for running statements and table locks up to lock_wait_timeout (a day by
      // default), holding every new writer meanwhile: give up after the wait instead
      long timeout = Jdbc.queryLong(c, "SELECT @@SESSION.lock_wait_timeout");
      st.execute("SET SESSION lock_wait_timeout = " + Math.max(1, wait.toSeconds()));
      try {
        for (String sql : readOnlyOn()) {
          st.execute(sql);
        }
      } catch (SQLException e) {
        throw new SQLException(
            ("read_only could not be set within %d s (%s): a long statement or a table lock holds"
                    + " it; fix: end it, or raise cutover.timeout (a quarter of it is waited)")
                .formatted(Math.max(1, wait.toSeconds()), e.getMessage()),
            e.getSQLState(),
            e);
      } finally {
        st.execute("SET SESSION lock_wait_timeout = " + timeout);
      }
    }
    long deadline = System.nanoTime() + wait.toNanos();
    List<long[]> open = openWriters(c, List.of());
    while (!open.isEmpty() && System.nanoTime() < deadline) {
      SourceFreeze.pause();
      open = openWriters(c, List.of());
    }
    int killed = 0;
    for (long[] session : appRoles.isEmpty() ? List.<long[]>of() : openWriters(c, appRoles)) {
      try (Statement st = c.createStatement()) {
        st.execute("KILL " + session[0]);
        killed++;
      }
    }
    return "read_only on; %d write transaction(s) still open after waiting up to %d s; %s"
        .formatted(
            open.size(),
            wait.toSeconds(),
            appRoles.isEmpty()
                ? "no cutover.app-roles to kill"
                : "%d session(s) of %s killed".formatted(killed, String.join(", ", appRoles)));
  }

  /** Sessions with a transaction that changed rows; only those of {@code users} unless empty. */
  private static List<long[]> openWriters(Connection c, List<String> users) throws SQLException {
    List<long[]> result = new ArrayList<>();
    try (Statement st = c.createStatement();
        ResultSet rs = st.executeQuery(OPEN_WRITERS)) {
      while (rs.next()) {
        if (users.isEmpty() || users.contains(rs.getString(2))) {
          result.add(new long[] {rs.getLong(1)});
        }
      }
    }
    return result;
  }

  @Override
  public String unfreeze(Connection c, List<String> appRoles) throws SQLException {
    try (Statement st = c.createStatement()) {
      for (String sql : readOnlyOff()) {
        st.execute(sql);
      }
    }
    return "read_only off: the source accepts writes again";
  }

  @Override
  public String position(Connection c) throws SQLException {
    return "binlog " + BinlogStatus.read(c) + gtid(c);
  }

  /** The executed GTID set, when the server uses GTIDs. */
  protected String gtid(Connection c) throws SQLException {
    String set = Jdbc.queryString(c, "SELECT @@GLOBAL.gtid_executed");
    return set == null || set.isBlank() ? "" : ", GTID set " + set;
  }
}
