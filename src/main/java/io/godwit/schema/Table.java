package io.godwit.schema;

import java.util.List;
import java.util.Optional;

/**
 * A table as introspected from a catalog.
 *
 * @param schema PostgreSQL schema or MySQL database
 * @param primaryKey the primary key, or null for a table without one
 * @param indexes every other index and unique constraint
 * @param estimatedRows the catalog's row estimate (not a count)
 * @param estimatedBytes the catalog's data size estimate
 * @param replicaIdentity PostgreSQL {@code REPLICA IDENTITY} ({@code d}efault, {@code f}ull, {@code
 *     n}othing, {@code i}ndex); null on MySQL
 * @param unsupportedIndexes indexes Godwit does not copy (full-text, spatial), as "name (kind)"
 */
public record Table(
    String schema,
    String name,
    List<Column> columns,
    Index primaryKey,
    List<Index> indexes,
    List<ForeignKey> foreignKeys,
    long estimatedRows,
    long estimatedBytes,
    String replicaIdentity,
    List<String> unsupportedIndexes) {

  public Table {
    columns = List.copyOf(columns);
    unsupportedIndexes = List.copyOf(unsupportedIndexes);
    indexes = List.copyOf(indexes);
    foreignKeys = List.copyOf(foreignKeys);
  }

  public Optional<Column> column(String columnName) {
    return columns.stream().filter(c -> c.name().equals(columnName)).findFirst();
  }

  public boolean hasPrimaryKey() {
    return primaryKey != null;
  }

  /**
   * The key that identifies a row: the primary key, else the first unique index whose columns are
   * all NOT NULL and plain columns. Empty when the table has neither.
   */
  public Optional<Index> rowKey() {
    if (primaryKey != null) {
      return Optional.of(primaryKey);
    }
    return indexes.stream()
        .filter(Index::unique)
        .filter(i -> !i.hasExpressions())
        .filter(i -> i.columns().stream().allMatch(p -> p.prefixLength() == null))
        .filter(i -> i.columnNames().stream().allMatch(this::isNotNull))
        .findFirst();
  }

  private boolean isNotNull(String columnName) {
    return column(columnName).map(c -> !c.nullable()).orElse(false);
  }

  @Override
  public String toString() {
    return schema + "." + name;
  }
}
