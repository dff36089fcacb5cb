package io.godwit.db;

import java.sql.Connection;
import java.sql.SQLException;
import java.util.List;

/** The target's fastest way to insert many rows: COPY on PostgreSQL, batched inserts on MySQL. */
public interface BulkWriter {

  /**
   * Inserts every row of the stream into the table within the connection's current transaction.
   *
   * @return the number of rows written
   */
  long write(
      Connection connection, String schema, String table, List<String> columns, RowStream rows)
      throws SQLException;
}
