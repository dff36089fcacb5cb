package io.godwit.schema;

import java.util.List;

/**
 * A source table translated for the target: what {@code plan} shows and the DDL writer creates.
 *
 * @param source the introspected source table
 * @param schema target schema (PostgreSQL) or database (MySQL)
 * @param name target table name, after renames
 * @param columns target columns in source order; generated source columns are copied as plain
 *     values
 * @param primaryKey target names of the row key's columns (primary key, else unique not-null key);
 *     empty when the source has neither
 * @param primaryKeyIsUnique true when {@code primaryKey} comes from a unique key rather than the
 *     source's primary key; the target still declares it as its primary key
 * @param indexes secondary indexes, created after the bulk copy
 * @param foreignKeys foreign keys, added after the bulk copy
 */
public record TargetTable(
    Table source,
    String schema,
    String name,
    List<TargetColumn> columns,
    List<String> primaryKey,
    boolean primaryKeyIsUnique,
    List<Index> indexes,
    List<TargetForeignKey> foreignKeys) {

  public TargetTable {
    columns = List.copyOf(columns);
    primaryKey = List.copyOf(primaryKey);
    indexes = List.copyOf(indexes);
    foreignKeys = List.copyOf(foreignKeys);
  }

  /**
   * A target column.
   *
   * @param source the source column
   * @param name target column name
   * @param type target type
   * @param defaultExpression target default expression, or null when none or untranslatable
   * @param identity generate values on the target after cutover (identity / auto_increment)
   */
  public record TargetColumn(
      Column source, String name, MappedType type, String defaultExpression, boolean identity) {}

  /** A foreign key in target names. */
  public record TargetForeignKey(
      String name,
      List<String> columns,
      String referencedSchema,
      String referencedTable,
      List<String> referencedColumns,
      String onUpdate,
      String onDelete) {}
}
