package io.godwit.db;

import io.godwit.schema.TargetTable;
import java.sql.Connection;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Set;
import java.util.function.UnaryOperator;
import java.util.stream.Collectors;
import java.util.stream.IntStream;
import java.util.stream.Stream;

/**
 * Writes changes to MySQL or MariaDB with prepared statements sent in batches ({@link MySqlBatch}).
 */
final class MySqlChangeWriter implements ChangeWriter {

  private final Dialect dialect;

  MySqlChangeWriter(Dialect dialect) {
    this.dialect = dialect;
  }

  @Override
  public void upsert(
      Connection connection,
      TargetTable table,
      List<List<Object>> rows,
      Set<String> keepColumns,
      Set<String> defaultColumns)
      throws SQLException {
    if (rows.isEmpty()) {
      return;
    }
    UpsertColumns columns = UpsertColumns.of(table, keepColumns, defaultColumns);
    List<String> defaults = defaultColumns.stream().sorted().toList();
    if (!keepColumns.isEmpty()) {
      if (!columns.updated().isEmpty() || !defaults.isEmpty()) {
        update(connection, table, rows, columns, defaults);
      }
      return;
    }
    List<String> sets = new ArrayList<>();
    if (!columns.updated().isEmpty()) {
      sets.add(assign(columns.updated(), c -> "VALUES(" + c + ")"));
    }
    if (!defaults.isEmpty()) {
      sets.add(assign(defaults, c -> "DEFAULT(" + c + ")"));
    }
    String onDuplicate =
        sets.isEmpty() ? assign(table.primaryKey().subList(0, 1), c -> c) : String.join(", ", sets);
    String sql =
        "INSERT INTO %s (%s) VALUES (%s) ON DUPLICATE KEY UPDATE %s"
            .formatted(
                target(table),
                dialect.quoteAll(columns.written()),
                String.join(", ", Collections.nCopies(columns.written().size(), "?")),
                onDuplicate);
    batch(connection, sql, rows, columns.positions(columns.written()));
  }

  private void update(
      Connection connection,
      TargetTable table,
      List<List<Object>> rows,
      UpsertColumns columns,
      List<String> defaults)
      throws SQLException {
    String set =
        Stream.of(assign(columns.updated(), c -> "?"), assign(defaults, c -> "DEFAULT"))
            .filter(x -> !x.isEmpty())
            .collect(Collectors.joining(", "));
    String sql = "UPDATE %s SET %s WHERE %s".formatted(target(table), set, keyMatch(table));
    List<String> bound =
        Stream.concat(columns.updated().stream(), table.primaryKey().stream()).toList();
    batch(connection, sql, rows, columns.positions(bound));
  }

  @Override
  public void delete(Connection connection, TargetTable table, List<List<Object>> keys)
      throws SQLException {
    if (keys.isEmpty()) {
      return;
    }
    batch(
        connection,
        "DELETE FROM %s WHERE %s".formatted(target(table), keyMatch(table)),
        keys,
        IntStream.range(0, table.primaryKey().size()).toArray());
  }

  /** DELETE, not TRUNCATE: MySQL's TRUNCATE commits the transaction it runs in. */
  @Override
  public void deleteAll(Connection connection, TargetTable table) throws SQLException {
    try (Statement st = connection.createStatement()) {
      st.executeUpdate("DELETE FROM " + target(table));
    }
  }

  /** Runs the statement once per row, binding the row's values at {@code order} in turn. */
  private static void batch(Connection connection, String sql, List<List<Object>> rows, int[] order)
      throws SQLException {
    try (MySqlBatch batch = new MySqlBatch(connection, sql)) {
      for (List<Object> row : rows) {
        for (int p = 0; p < order.length; p++) {
          batch.set(p + 1, row.get(order[p]));
        }
        batch.addRow();
      }
      batch.flush();
    }
  }

  private String target(TargetTable table) {
    return dialect.qualify(table.schema(), table.name());
  }

  private String assign(List<String> columns, UnaryOperator<String> value) {
    return columns.stream()
        .map(dialect::quote)
        .map(c -> c + " = " + value.apply(c))
        .collect(Collectors.joining(", "));
  }

  private String keyMatch(TargetTable table) {
    return table.primaryKey().stream()
        .map(dialect::quote)
        .map(k -> k + " = ?")
        .collect(Collectors.joining(" AND "));
  }
}
