package io.godwit.db;

import io.godwit.schema.SqlText;
import io.godwit.schema.TargetTable;
import io.godwit.schema.TargetTable.TargetColumn;
import java.util.ArrayList;
import java.util.List;
import java.util.function.UnaryOperator;

/**
 * MySQL and MariaDB DDL: InnoDB tables in utf8mb4 with the server's default collation for it, every
 * identifier quoted, names over 64 bytes shortened with a hash. String literals in the DDL escape
 * backslashes, so run it without {@code NO_BACKSLASH_ESCAPES} in {@code sql_mode}.
 */
public final class MySqlDdl implements DdlWriter {

  private final DdlParts parts;

  /**
   * @param quote quotes an identifier ({@code a`b} as {@code `a``b`})
   */
  public MySqlDdl(UnaryOperator<String> quote) {
    this.parts = new DdlParts(quote, 64);
  }

  @Override
  public String createSchema(String schema) {
    return "CREATE DATABASE IF NOT EXISTS " + parts.quote(schema) + " CHARACTER SET utf8mb4";
  }

  @Override
  public List<String> createTable(TargetTable table) {
    List<String> lines = new ArrayList<>();
    table.columns().forEach(c -> lines.add(column(c) + comment(table.comment(c.name()))));
    lines.addAll(parts.checks(table));
    table.checks().forEach(c -> lines.add("CONSTRAINT " + parts.name(c.name()) + " " + c.clause()));
    if (!table.primaryKey().isEmpty()) {
      lines.add("PRIMARY KEY (" + parts.columns(table.primaryKey()) + ")");
    }
    return List.of(
        "CREATE TABLE "
            + parts.table(table)
            + " (\n  "
            + String.join(",\n  ", lines)
            + "\n) ENGINE=InnoDB DEFAULT CHARSET=utf8mb4"
            + comment(table.comment(null)));
  }

  /** A table or column option, or nothing when there is no comment. */
  private static String comment(String text) {
    return text == null ? "" : " COMMENT " + SqlText.mySqlString(text);
  }

  /** None: {@link #createTable} has them. */
  @Override
  public List<String> comments(TargetTable table) {
    return List.of();
  }

  @Override
  public List<String> addColumns(TargetTable table, List<TargetColumn> columns) {
    return columns.stream()
        .map(c -> "ALTER TABLE " + parts.table(table) + " ADD COLUMN " + column(c))
        .toList();
  }

  /** NULL is written out, or a timestamp column could gain an implicit default. */
  private String column(TargetColumn c) {
    StringBuilder sql =
        new StringBuilder(parts.quote(c.name())).append(' ').append(c.type().sqlType());
    sql.append(c.source().nullable() ? " NULL" : " NOT NULL");
    if (c.defaultExpression() != null) {
      sql.append(" DEFAULT ").append(c.defaultExpression());
    }
    if (c.identity()) {
      sql.append(" AUTO_INCREMENT");
    }
    if (c.onUpdate() != null) {
      sql.append(" ON UPDATE ").append(c.onUpdate());
    }
    return sql.toString();
  }

  /** None: {@link #createTable} has them. */
  @Override
  public List<String> addChecks(TargetTable table) {
    return List.of();
  }

  /** None: the column keeps {@code ON UPDATE} in the table's definition. */
  @Override
  public List<String> createOnUpdateTriggers(TargetTable table) {
    return List.of();
  }

  @Override
  public List<String> createIndexes(TargetTable table) {
    return table.indexes().stream().map(i -> parts.createIndex(table, i, true)).toList();
  }

  @Override
  public List<String> addForeignKeys(TargetTable table) {
    return table.foreignKeys().stream().map(fk -> parts.addForeignKey(table, fk)).toList();
  }
}
