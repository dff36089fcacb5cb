package io.godwit.db;

import io.godwit.schema.TargetTable;
import io.godwit.schema.TargetTable.TargetColumn;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.SQLException;
import java.sql.Types;
import java.util.Collections;
import java.util.List;
import java.util.Set;
import java.util.function.UnaryOperator;
import java.util.stream.Collectors;
import java.util.stream.IntStream;

/**
 * Writes changes to MySQL or MariaDB with prepared statements sent in batches, which Connector/J
 * rewrites into multi-row statements and MariaDB Connector/J sends with its bulk protocol.
 */
final class MySqlChangeWriter implements ChangeWriter {

  private static final int BATCH = 1000;

  private final Dialect dialect;

  MySqlChangeWriter(Dialect dialect) {
    this.dialect = dialect;
  }

  @Override
  public void upsert(
      Connection connection, TargetTable table, List<List<Object>> rows, Set<String> keepColumns)
      throws SQLException {
    if (rows.isEmpty()) {
      return;
    }
    List<String> names = table.columns().stream().map(TargetColumn::name).toList();
    List<String> updated =
        names.stream()
            .filter(c -> !table.primaryKey().contains(c) && !keepColumns.contains(c))
            .toList();
    if (!keepColumns.isEmpty()) {
      if (!updated.isEmpty()) {
        update(connection, table, rows, names, updated);
      }
      return;
    }
    String onDuplicate =
        updated.isEmpty()
            ? assign(table.primaryKey().subList(0, 1), c -> c)
            : assign(updated, c -> "VALUES(" + c + ")");
    String sql =
        "INSERT INTO %s (%s) VALUES (%s) ON DUPLICATE KEY UPDATE %s"
            .formatted(
                target(table),
                names.stream().map(dialect::quote).collect(Collectors.joining(", ")),
                String.join(", ", Collections.nCopies(names.size(), "?")),
                onDuplicate);
    batch(connection, sql, rows, IntStream.range(0, names.size()).toArray());
  }

  private void update(
      Connection connection,
      TargetTable table,
      List<List<Object>> rows,
      List<String> names,
      List<String> updated)
      throws SQLException {
    String sql =
        "UPDATE %s SET %s WHERE %s"
            .formatted(target(table), assign(updated, c -> "?"), keyMatch(table));
    int[] order = new int[updated.size() + table.primaryKey().size()];
    int i = 0;
    for (String column : updated) {
      order[i++] = names.indexOf(column);
    }
    for (String key : table.primaryKey()) {
      order[i++] = names.indexOf(key);
    }
    batch(connection, sql, rows, order);
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

  /** Runs the statement once per row, binding the row's values at {@code order} in turn. */
  private static void batch(Connection connection, String sql, List<List<Object>> rows, int[] order)
      throws SQLException {
    try (PreparedStatement ps = connection.prepareStatement(sql)) {
      int pending = 0;
      for (List<Object> row : rows) {
        for (int p = 0; p < order.length; p++) {
          Object value = row.get(order[p]);
          if (value == null) {
            ps.setNull(p + 1, Types.VARCHAR);
          } else if (value instanceof byte[] binary) {
            ps.setBytes(p + 1, binary);
          } else {
            ps.setString(p + 1, value.toString());
          }
        }
        ps.addBatch();
        if (++pending == BATCH) {
          ps.executeBatch();
          pending = 0;
        }
      }
      if (pending > 0) {
        ps.executeBatch();
      }
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
