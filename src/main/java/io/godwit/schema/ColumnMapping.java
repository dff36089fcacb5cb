package io.godwit.schema;

/**
 * How one source column is kept on the target, for {@code plan} to list the widened and lossy ones.
 *
 * @param table source table name
 * @param column column name (the same on both sides)
 * @param sourceType the source type as the source engine prints it
 * @param targetType the target type as written in DDL
 */
public record ColumnMapping(
    String table,
    String column,
    String sourceType,
    String targetType,
    Fidelity fidelity,
    String note) {}
