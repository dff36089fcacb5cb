package io.godwit.db;

import io.godwit.schema.TargetTable;
import io.godwit.schema.TargetTable.TargetColumn;
import java.util.List;
import java.util.Set;

/**
 * The columns of an upsert ({@link ChangeWriter#upsert}).
 *
 * @param names every column of the table, in its order: the order of a row's values
 * @param written the columns the rows give values for: neither kept nor set to their default
 * @param updated the written columns outside the primary key: what a row stored already takes
 */
record UpsertColumns(List<String> names, List<String> written, List<String> updated) {

  static UpsertColumns of(TargetTable table, Set<String> keepColumns, Set<String> defaultColumns) {
    List<String> names = table.columns().stream().map(TargetColumn::name).toList();
    List<String> written =
        names.stream()
            .filter(c -> !keepColumns.contains(c) && !defaultColumns.contains(c))
            .toList();
    List<String> updated = written.stream().filter(c -> !table.primaryKey().contains(c)).toList();
    return new UpsertColumns(names, written, updated);
  }

  /** Where each of {@code columns} stands among a row's values. */
  int[] positions(List<String> columns) {
    return columns.stream().mapToInt(names::indexOf).toArray();
  }
}
