package io.godwit.db;

import io.godwit.schema.TargetTable;
import java.sql.Connection;
import java.sql.SQLException;
import java.util.List;
import java.util.Set;

/**
 * Writes captured changes to a target table by its row key, inside the caller's transaction. Values
 * are as the bulk writer takes them: null, a {@code String} in the target's text input form, or
 * {@code byte[]}.
 */
public interface ChangeWriter {

  /**
   * Inserts each row, or replaces the stored row with the same key.
   *
   * <p>When {@code keepColumns} is not empty, the rows carry no value for those columns (PostgreSQL
   * sends none for an unchanged TOASTed value) and only update rows that exist, leaving those
   * columns as stored. Such a row can only come from an UPDATE of an existing row; when the target
   * lacks it, a later delete in the stream removed it at the source.
   *
   * @param rows one value per column of {@code table}, in its column order; the values of {@code
   *     keepColumns} are ignored; no two rows with the same key
   * @param keepColumns target column names whose stored values are kept
   */
  default void upsert(
      Connection connection, TargetTable table, List<List<Object>> rows, Set<String> keepColumns)
      throws SQLException {
    upsert(connection, table, rows, keepColumns, Set.of());
  }

  /**
   * As {@link #upsert(Connection, TargetTable, List, Set)}, and the columns of {@code
   * defaultColumns} take their default on the target whether the row is inserted or updated: an
   * event from before a column was added to the source carries no value for it, and the source row
   * holds the column's default since.
   */
  void upsert(
      Connection connection,
      TargetTable table,
      List<List<Object>> rows,
      Set<String> keepColumns,
      Set<String> defaultColumns)
      throws SQLException;

  /**
   * Deletes the rows with these keys; keys without a row are ignored.
   *
   * @param keys one value per row key column, in {@link TargetTable#primaryKey()} order
   */
  void delete(Connection connection, TargetTable table, List<List<Object>> keys)
      throws SQLException;

  /** Deletes every row of the table, inside the caller's transaction (a TRUNCATE on the source). */
  void deleteAll(Connection connection, TargetTable table) throws SQLException;
}
