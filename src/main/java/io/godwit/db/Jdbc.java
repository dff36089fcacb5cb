package io.godwit.db;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;

/** Small JDBC helpers for one-value queries. */
public final class Jdbc {

  private Jdbc() {}

  /** Runs a query with string parameters and returns the first column of the first row. */
  public static boolean queryBoolean(Connection connection, String sql, String... parameters)
      throws SQLException {
    try (PreparedStatement ps = prepare(connection, sql, parameters);
        ResultSet rs = ps.executeQuery()) {
      return rs.next() && rs.getBoolean(1);
    }
  }

  /** Runs a query with string parameters; the first column of the first row, or null. */
  public static String queryString(Connection connection, String sql, String... parameters)
      throws SQLException {
    try (PreparedStatement ps = prepare(connection, sql, parameters);
        ResultSet rs = ps.executeQuery()) {
      return rs.next() ? rs.getString(1) : null;
    }
  }

  /** Runs a query with string parameters; the first column of the first row, or 0. */
  public static long queryLong(Connection connection, String sql, String... parameters)
      throws SQLException {
    try (PreparedStatement ps = prepare(connection, sql, parameters);
        ResultSet rs = ps.executeQuery()) {
      return rs.next() ? rs.getLong(1) : 0;
    }
  }

  /** Runs an update with string parameters; returns the update count. */
  public static int update(Connection connection, String sql, String... parameters)
      throws SQLException {
    try (PreparedStatement ps = prepare(connection, sql, parameters)) {
      return ps.executeUpdate();
    }
  }

  private static PreparedStatement prepare(Connection connection, String sql, String... parameters)
      throws SQLException {
    PreparedStatement ps = connection.prepareStatement(sql);
    try {
      for (int i = 0; i < parameters.length; i++) {
        ps.setString(i + 1, parameters[i]);
      }
      return ps;
    } catch (SQLException e) {
      ps.close();
      throw e;
    }
  }
}
