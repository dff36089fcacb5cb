package io.godwit.db;

import java.sql.SQLException;

/**
 * Rows pulled one at a time by a {@link BulkWriter}, so a copy streams from source to target
 * without holding a chunk in memory. A value is null, a {@code String} in the text form the
 * target's input accepts, or a {@code byte[]} for binary columns.
 */
public interface RowStream {

  /** Advances to the next row; false when there is none. */
  boolean next() throws SQLException;

  /** The value of the current row's column at {@code index} (0-based). */
  Object value(int index) throws SQLException;
}
