package io.godwit.db;

import io.godwit.db.CatalogRows.TableParts;
import io.godwit.schema.Column;
import io.godwit.schema.ColumnType;
import java.sql.Connection;
import java.sql.SQLException;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * MariaDB's catalog: defaults are reported as SQL expressions ({@code 'it''s'}, {@code NULL}), and
 * a JSON column is a {@code longtext} with a {@code json_valid} check.
 */
class MariaDbCatalog extends MySqlCatalog {

  private static final String JSON_CHECKS =
      """
      SELECT TABLE_NAME, CHECK_CLAUSE
        FROM information_schema.CHECK_CONSTRAINTS
       WHERE CONSTRAINT_SCHEMA = ? AND CHECK_CLAUSE LIKE 'json_valid(%'""";

  @Override
  protected String defaultExpression(String reported, String extra, String dataType) {
    if (reported == null || reported.equalsIgnoreCase("NULL")) {
      return null;
    }
    return reported;
  }

  @Override
  protected void adjust(Connection connection, String schema, Map<String, TableParts> tables)
      throws SQLException {
    Set<String> jsonColumns = new HashSet<>();
    Jdbc.forEachRow(
        connection,
        JSON_CHECKS,
        rs -> jsonColumns.add(rs.getString(1) + "\u0000" + jsonValidColumn(rs.getString(2))),
        schema);
    if (jsonColumns.isEmpty()) {
      return;
    }
    tables.forEach(
        (table, parts) -> {
          List<Column> columns = parts.columns;
          for (int i = 0; i < columns.size(); i++) {
            Column c = columns.get(i);
            if (jsonColumns.contains(table + "\u0000" + c.name())) {
              columns.set(i, asJson(c));
            }
          }
        });
  }

  /** The column of a {@code json_valid(`col`)} check clause. */
  private static String jsonValidColumn(String clause) {
    String inner = clause.substring("json_valid(".length(), clause.lastIndexOf(')')).trim();
    if (inner.startsWith("`") && inner.endsWith("`")) {
      inner = inner.substring(1, inner.length() - 1).replace("``", "`");
    }
    return inner;
  }

  private static Column asJson(Column c) {
    ColumnType json = ColumnType.of("json");
    return new Column(
        c.name(),
        c.position(),
        json,
        c.nullable(),
        c.defaultExpression(),
        c.autoIncrement(),
        c.sequence(),
        c.generatedExpression(),
        null,
        null,
        null);
  }
}
