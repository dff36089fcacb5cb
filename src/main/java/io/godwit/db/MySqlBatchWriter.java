package io.godwit.db;

import java.sql.Connection;
import java.sql.SQLException;
import java.util.Collections;
import java.util.List;

/**
 * Inserts rows into MySQL or MariaDB with a prepared statement sent in batches ({@link
 * MySqlBatch}).
 */
final class MySqlBatchWriter implements BulkWriter {

  private final Dialect dialect;

  MySqlBatchWriter(Dialect dialect) {
    this.dialect = dialect;
  }

  @Override
  public long write(
      Connection connection, String schema, String table, List<String> columns, RowStream rows)
      throws SQLException {
    String sql =
        "INSERT INTO %s (%s) VALUES (%s)"
            .formatted(
                dialect.qualify(schema, table),
                dialect.quoteAll(columns),
                String.join(", ", Collections.nCopies(columns.size(), "?")));
    long count = 0;
    int width = columns.size();
    try (MySqlBatch batch = new MySqlBatch(connection, sql)) {
      while (rows.next()) {
        for (int i = 0; i < width; i++) {
          batch.set(i + 1, rows.value(i));
        }
        batch.addRow();
        count++;
      }
      batch.flush();
    }
    return count;
  }
}
