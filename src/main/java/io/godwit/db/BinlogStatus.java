package io.godwit.db;

import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;

/**
 * The end of a MySQL or MariaDB server's binary log. MySQL 8.2 renamed {@code SHOW MASTER STATUS}
 * to {@code SHOW BINARY LOG STATUS} and 8.4 removed the old name; MariaDB keeps it.
 *
 * @param file the current binlog file, e.g. {@code mysql-bin.000042}
 * @param position the byte offset of its end
 */
public record BinlogStatus(String file, long position) {

  /**
   * Reads the binlog's end on {@code c}.
   *
   * @throws SQLException also when the binary log is off, saying how to turn it on
   */
  public static BinlogStatus read(Connection c) throws SQLException {
    String sql = statement(ServerVersion.of(c.getMetaData()));
    try (Statement st = c.createStatement();
        ResultSet rs = st.executeQuery(sql)) {
      if (!rs.next()) {
        throw new SQLException(
            sql
                + " returned nothing: the source's binary log is off; fix: enable log-bin (see"
                + " ops/runbooks/preparing-the-source.md)");
      }
      return new BinlogStatus(rs.getString(1), rs.getLong(2));
    }
  }

  /** The statement a server of this product and version answers. */
  static String statement(ServerVersion server) {
    return !server.mariadb() && server.atLeast(8, 2)
        ? "SHOW BINARY LOG STATUS"
        : "SHOW MASTER STATUS";
  }

  @Override
  public String toString() {
    return file + ":" + position;
  }
}
