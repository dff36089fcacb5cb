package io.godwit.db;

import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.ResultSetMetaData;
import java.sql.SQLException;
import java.sql.Statement;

/**
 * How far a MySQL or MariaDB replica is behind its source, as the replica itself reports it ({@code
 * Seconds_Behind_Master}, {@code Seconds_Behind_Source} since MySQL 8.0.22). MySQL 8.0.22 and
 * MariaDB 10.5.1 answer {@code SHOW REPLICA STATUS}; older servers only {@code SHOW SLAVE STATUS},
 * which MySQL 8.4 removed.
 *
 * @param replicating both replication threads run and the replica reports a lag
 * @param secondsBehind the reported lag; 0 when not replicating
 * @param why when not replicating, what the replica says (its threads' state and last error)
 */
public record ReplicaStatus(boolean replicating, long secondsBehind, String why) {

  /**
   * Reads the replica's status on {@code c}.
   *
   * @throws SQLException also when the server is not a replica at all, saying so
   */
  public static ReplicaStatus read(Connection c) throws SQLException {
    String sql = statement(ServerVersion.of(c.getMetaData()));
    try (Statement st = c.createStatement();
        ResultSet rs = st.executeQuery(sql)) {
      if (!rs.next()) {
        throw new SQLException(
            sql + " returned nothing: this server is not a replica of any source");
      }
      ResultSetMetaData columns = rs.getMetaData();
      String io = text(rs, columns, "Replica_IO_Running", "Slave_IO_Running");
      String sqlThread = text(rs, columns, "Replica_SQL_Running", "Slave_SQL_Running");
      String behind = text(rs, columns, "Seconds_Behind_Source", "Seconds_Behind_Master");
      if ("Yes".equalsIgnoreCase(io) && "Yes".equalsIgnoreCase(sqlThread) && behind != null) {
        return new ReplicaStatus(true, Long.parseLong(behind), "");
      }
      String error =
          firstNonEmpty(
              text(rs, columns, "Last_SQL_Error", "Last_SQL_Error"),
              text(rs, columns, "Last_IO_Error", "Last_IO_Error"));
      return new ReplicaStatus(
          false,
          0,
          "IO thread %s, SQL thread %s%s"
              .formatted(io, sqlThread, error.isEmpty() ? "" : ", last error: " + error));
    }
  }

  /** The statement a server of this product and version answers. */
  static String statement(ServerVersion server) {
    boolean replicaWord =
        server.mariadb()
            ? server.atLeast(10, 5)
            : server.major() > 8 || (server.major() == 8 && patch(server.version()) >= 22);
    return replicaWord ? "SHOW REPLICA STATUS" : "SHOW SLAVE STATUS";
  }

  /** MySQL 8's third version number ({@code 8.0.22} gives 22, {@code 8.4.3} gives 1000). */
  private static int patch(String version) {
    String[] parts = version.split("[.\\-]");
    if (parts.length < 3 || !parts[0].equals("8") || !parts[1].equals("0")) {
      return 1000;
    }
    try {
      return Integer.parseInt(parts[2]);
    } catch (NumberFormatException e) {
      return 0;
    }
  }

  /** The value of the first of the columns the result has, or null. */
  private static String text(ResultSet rs, ResultSetMetaData columns, String... names)
      throws SQLException {
    for (String name : names) {
      for (int i = 1; i <= columns.getColumnCount(); i++) {
        if (columns.getColumnLabel(i).equalsIgnoreCase(name)) {
          return rs.getString(i);
        }
      }
    }
    return null;
  }

  private static String firstNonEmpty(String a, String b) {
    if (a != null && !a.isBlank()) {
      return a;
    }
    return b == null ? "" : b;
  }
}
