package io.godwit.db;

import java.util.List;

/**
 * Rows held in memory as a {@link RowStream}, each value taken from a source column index (so a
 * stream can pick the key columns of a row); {@code -1} writes NULL.
 */
final class ListRows implements RowStream {

  private final List<List<Object>> rows;
  private final int[] columns;
  private int next;
  private List<Object> current;

  ListRows(List<List<Object>> rows, int[] columns) {
    this.rows = rows;
    this.columns = columns;
  }

  @Override
  public boolean next() {
    if (next == rows.size()) {
      return false;
    }
    current = rows.get(next++);
    return true;
  }

  @Override
  public Object value(int index) {
    int column = columns[index];
    return column < 0 ? null : current.get(column);
  }
}
