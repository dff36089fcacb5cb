package io.godwit.db;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.List;

/** Small JDBC helpers: queries and updates with string parameters. */
public final class Jdbc {

  private Jdbc() {}

  /** Reads the row a result set stands on. */
  @FunctionalInterface
  public interface RowReader<T> {
    T read(ResultSet rs) throws SQLException;
  }

  /** Handles the row a result set stands on. */
  @FunctionalInterface
  public interface RowHandler {
    void row(ResultSet rs) throws SQLException;
  }

  /** Runs a query with string parameters, handing each row in turn to {@code handler}. */
  public static void forEachRow(
      Connection connection, String sql, RowHandler handler, String... parameters)
      throws SQLException {
    try (PreparedStatement ps = prepare(connection, sql, parameters);
        ResultSet rs = ps.executeQuery()) {
      while (rs.next()) {
        handler.row(rs);
      }
    }
  }

  /** Runs a query with string parameters; what {@code reader} makes of each row, in order. */
  public static <T> List<T> queryRows(
      Connection connection, String sql, RowReader<T> reader, String... parameters)
      throws SQLException {
    List<T> rows = new ArrayList<>();
    forEachRow(connection, sql, rs -> rows.add(reader.read(rs)), parameters);
    return rows;
  }

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
