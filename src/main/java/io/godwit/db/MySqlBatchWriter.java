package io.godwit.db;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.SQLException;
import java.sql.Types;
import java.util.Collections;
import java.util.List;

/**
 * Inserts rows into MySQL or MariaDB with a prepared statement sent in batches, which both drivers
 * turn into bulk or multi-row inserts.
 */
final class MySqlBatchWriter implements BulkWriter {

  private static final int BATCH = 1000;

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
    try (PreparedStatement ps = connection.prepareStatement(sql)) {
      int pending = 0;
      while (rows.next()) {
        for (int i = 0; i < width; i++) {
          Object value = rows.value(i);
          if (value == null) {
            ps.setNull(i + 1, Types.VARCHAR);
          } else if (value instanceof byte[] binary) {
            ps.setBytes(i + 1, binary);
          } else {
            ps.setString(i + 1, value.toString());
          }
        }
        ps.addBatch();
        count++;
        if (++pending == BATCH) {
          ps.executeBatch();
          pending = 0;
        }
      }
      if (pending > 0) {
        ps.executeBatch();
      }
    }
    return count;
  }
}
