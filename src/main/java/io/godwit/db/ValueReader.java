package io.godwit.db;

import java.sql.ResultSet;
import java.sql.SQLException;

/**
 * Reads one column of the current source row as the target's bulk writer takes it: null, a {@code
 * String} in the target's text input form, or {@code byte[]}.
 */
@FunctionalInterface
public interface ValueReader {
  Object read(ResultSet rs, int column) throws SQLException;
}
