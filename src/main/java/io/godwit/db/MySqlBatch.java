package io.godwit.db;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.SQLException;
import java.sql.Types;

/**
 * A prepared statement run once per row on MySQL or MariaDB, sent in batches of {@value #SIZE}
 * rows, which Connector/J rewrites into multi-row statements and MariaDB Connector/J sends with its
 * bulk protocol. A null is bound as a VARCHAR null, a binary value as bytes, any other value as its
 * text.
 */
final class MySqlBatch implements AutoCloseable {

  private static final int SIZE = 1000;

  private final PreparedStatement statement;
  private int pending;

  MySqlBatch(Connection connection, String sql) throws SQLException {
    this.statement = connection.prepareStatement(sql);
  }

  /** Binds {@code value} to the statement's parameter {@code index}, from 1, for the next row. */
  void set(int index, Object value) throws SQLException {
    if (value == null) {
      statement.setNull(index, Types.VARCHAR);
    } else if (value instanceof byte[] binary) {
      statement.setBytes(index, binary);
    } else {
      statement.setString(index, value.toString());
    }
  }

  /** Adds the row whose values are set; sends the batch once it holds {@value #SIZE} rows. */
  void addRow() throws SQLException {
    statement.addBatch();
    if (++pending == SIZE) {
      statement.executeBatch();
      pending = 0;
    }
  }

  /** Sends the rows added since the last batch was sent. */
  void flush() throws SQLException {
    if (pending > 0) {
      statement.executeBatch();
      pending = 0;
    }
  }

  @Override
  public void close() throws SQLException {
    statement.close();
  }
}
