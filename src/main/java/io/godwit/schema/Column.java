package io.godwit.schema;

/**
 * A column of a source table.
 *
 * @param defaultExpression the default as the catalog prints it, or null
 * @param autoIncrement MySQL {@code AUTO_INCREMENT}, PostgreSQL identity or a serial column
 * @param sequence PostgreSQL: the sequence owned by the column, or null
 * @param generatedExpression the expression of a generated column, or null
 * @param charset MySQL character set of a text column, or null
 * @param collation collation of a text column where it is not the database default, or null
 * @param onUpdate MySQL {@code ON UPDATE} expression ({@code current_timestamp(3)}), or null
 */
public record Column(
    String name,
    int position,
    ColumnType type,
    boolean nullable,
    String defaultExpression,
    boolean autoIncrement,
    String sequence,
    String generatedExpression,
    String charset,
    String collation,
    String onUpdate) {

  public boolean isGenerated() {
    return generatedExpression != null;
  }
}
