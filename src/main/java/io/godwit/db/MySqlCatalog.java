package io.godwit.db;

import io.godwit.db.CatalogRows.TableParts;
import io.godwit.schema.Column;
import io.godwit.schema.ColumnType;
import io.godwit.schema.Index;
import io.godwit.schema.Table;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.function.UnaryOperator;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Reads MySQL's {@code information_schema}. MariaDB's differences are in {@link MariaDbCatalog}.
 */
class MySqlCatalog implements Catalog {

  private static final Pattern DISPLAY_WIDTH = Pattern.compile("^[a-z]+\\((\\d+)\\)");

  private static final Pattern ON_UPDATE =
      Pattern.compile("on update (current_timestamp(?:\\(\\d*\\))?)");

  private static final String TABLES =
      """
      SELECT TABLE_NAME, COALESCE(TABLE_ROWS, 0), COALESCE(DATA_LENGTH, 0)
        FROM information_schema.TABLES
       WHERE TABLE_SCHEMA = ? AND TABLE_TYPE = 'BASE TABLE'
       ORDER BY TABLE_NAME""";

  private static final String COLUMNS =
      """
      SELECT TABLE_NAME, COLUMN_NAME, ORDINAL_POSITION, COLUMN_DEFAULT, IS_NULLABLE, DATA_TYPE,
             COLUMN_TYPE, CHARACTER_MAXIMUM_LENGTH, NUMERIC_PRECISION, NUMERIC_SCALE,
             DATETIME_PRECISION, CHARACTER_SET_NAME, COLLATION_NAME, EXTRA, GENERATION_EXPRESSION
        FROM information_schema.COLUMNS
       WHERE TABLE_SCHEMA = ?
       ORDER BY TABLE_NAME, ORDINAL_POSITION""";

  private static final String INDEXES =
      """
      SELECT TABLE_NAME, INDEX_NAME, NON_UNIQUE, COLUMN_NAME, SUB_PART, COLLATION, INDEX_TYPE
        FROM information_schema.STATISTICS
       WHERE TABLE_SCHEMA = ?
       ORDER BY TABLE_NAME, INDEX_NAME = 'PRIMARY' DESC, INDEX_NAME, SEQ_IN_INDEX""";

  private static final String FOREIGN_KEYS =
      """
      SELECT k.TABLE_NAME, k.CONSTRAINT_NAME, k.COLUMN_NAME, k.REFERENCED_TABLE_SCHEMA,
             k.REFERENCED_TABLE_NAME, k.REFERENCED_COLUMN_NAME, r.UPDATE_RULE, r.DELETE_RULE
        FROM information_schema.KEY_COLUMN_USAGE k
        JOIN information_schema.REFERENTIAL_CONSTRAINTS r
          ON r.CONSTRAINT_SCHEMA = k.CONSTRAINT_SCHEMA
         AND r.CONSTRAINT_NAME = k.CONSTRAINT_NAME
         AND r.TABLE_NAME = k.TABLE_NAME
       WHERE k.TABLE_SCHEMA = ? AND k.REFERENCED_TABLE_NAME IS NOT NULL
       ORDER BY k.TABLE_NAME, k.CONSTRAINT_NAME, k.ORDINAL_POSITION""";

  @Override
  public String currentSchema(Connection connection) throws SQLException {
    return Jdbc.queryString(connection, "SELECT DATABASE()");
  }

  @Override
  public List<Table> tables(Connection connection, String schema) throws SQLException {
    Map<String, TableParts> parts = new LinkedHashMap<>();
    Jdbc.forEachRow(
        connection,
        TABLES,
        rs -> parts.put(rs.getString(1), new TableParts(rs.getLong(2), rs.getLong(3), null)),
        schema);
    CatalogRows.readColumns(connection, COLUMNS, schema, parts, this::column);
    readIndexes(connection, schema, parts);
    CatalogRows.readForeignKeys(connection, FOREIGN_KEYS, schema, parts, UnaryOperator.identity());
    adjust(connection, schema, parts);
    return CatalogRows.tables(schema, parts);
  }

  /** Lets a subclass correct what {@code information_schema} reports differently. */
  protected void adjust(Connection connection, String schema, Map<String, TableParts> tables)
      throws SQLException {}

  /** The default as the catalog reports it, as an SQL expression, or null. */
  protected String defaultExpression(String reported, String extra, String dataType) {
    if (reported == null) {
      return null;
    }
    if (extra.contains("default_generated") || isTemporalFunction(reported)) {
      return reported;
    }
    if (isNumeric(dataType) || "bit".equals(dataType)) {
      return reported;
    }
    return "'" + reported.replace("'", "''") + "'";
  }

  private static boolean isTemporalFunction(String expression) {
    String lower = expression.toLowerCase(Locale.ROOT);
    return lower.startsWith("current_timestamp") || lower.startsWith("now(");
  }

  protected static boolean isNumeric(String dataType) {
    return switch (dataType) {
      case "tinyint",
          "smallint",
          "mediumint",
          "int",
          "integer",
          "bigint",
          "decimal",
          "float",
          "double",
          "year" ->
          true;
      default -> false;
    };
  }

  private Column column(ResultSet rs) throws SQLException {
    String dataType = rs.getString("DATA_TYPE").toLowerCase(Locale.ROOT);
    String columnType = rs.getString("COLUMN_TYPE");
    String extra = nullToEmpty(rs.getString("EXTRA")).toLowerCase(Locale.ROOT);
    Integer length =
        switch (dataType) {
          case "bit" -> intOrNull(rs, "NUMERIC_PRECISION");
          case "tinyint", "smallint", "mediumint", "int", "bigint" -> displayWidth(columnType);
          default -> intOrNull(rs, "CHARACTER_MAXIMUM_LENGTH");
        };
    boolean decimal = "decimal".equals(dataType);
    ColumnType type =
        new ColumnType(
            dataType,
            columnType,
            length,
            decimal ? intOrNull(rs, "NUMERIC_PRECISION") : null,
            decimal ? intOrNull(rs, "NUMERIC_SCALE") : null,
            intOrNull(rs, "DATETIME_PRECISION"),
            columnType.toLowerCase(Locale.ROOT).contains("unsigned"),
            EnumLabels.parse(dataType, columnType),
            0);
    String generated = rs.getString("GENERATION_EXPRESSION");
    boolean isGenerated = extra.contains("generated") && generated != null && !generated.isEmpty();
    return new Column(
        rs.getString("COLUMN_NAME"),
        rs.getInt("ORDINAL_POSITION"),
        type,
        "YES".equals(rs.getString("IS_NULLABLE")),
        isGenerated ? null : defaultExpression(rs.getString("COLUMN_DEFAULT"), extra, dataType),
        extra.contains("auto_increment"),
        null,
        isGenerated ? generated : null,
        rs.getString("CHARACTER_SET_NAME"),
        rs.getString("COLLATION_NAME"),
        onUpdate(extra));
  }

  private void readIndexes(Connection connection, String schema, Map<String, TableParts> parts)
      throws SQLException {
    Map<String, Map<String, IndexParts>> byTable = new LinkedHashMap<>();
    Jdbc.forEachRow(
        connection,
        INDEXES,
        rs -> {
          String type = nullToEmpty(rs.getString("INDEX_TYPE"));
          if (type.equals("FULLTEXT") || type.equals("SPATIAL")) {
            TableParts table = parts.get(rs.getString(1));
            String label = rs.getString(2) + " (" + type + ")";
            if (table != null && !table.skippedIndexes.contains(label)) {
              table.skippedIndexes.add(label);
            }
            return;
          }
          String column = rs.getString("COLUMN_NAME");
          Index.Part part =
              new Index.Part(
                  column == null ? "(expression)" : column,
                  "D".equals(rs.getString("COLLATION")),
                  intOrNull(rs, "SUB_PART"),
                  column == null);
          boolean unique = rs.getInt(3) == 0;
          byTable
              .computeIfAbsent(rs.getString(1), t -> new LinkedHashMap<>())
              .computeIfAbsent(rs.getString(2), i -> new IndexParts(unique))
              .parts
              .add(part);
        },
        schema);
    byTable.forEach(
        (table, indexes) -> {
          TableParts p = parts.get(table);
          if (p == null) {
            return;
          }
          indexes.forEach(
              (name, ip) -> {
                boolean primary = name.equals("PRIMARY");
                Index index = new Index(name, ip.parts, ip.unique, primary);
                if (primary) {
                  p.primaryKey = index;
                } else {
                  p.indexes.add(index);
                }
              });
        });
  }

  /** The {@code ON UPDATE} expression in a column's EXTRA, or null. */
  private static String onUpdate(String extra) {
    Matcher m = ON_UPDATE.matcher(extra);
    return m.find() ? m.group(1) : null;
  }

  private static Integer displayWidth(String columnType) {
    Matcher m = DISPLAY_WIDTH.matcher(columnType.toLowerCase(Locale.ROOT));
    return m.find() ? Integer.valueOf(m.group(1)) : null;
  }

  private static Integer intOrNull(ResultSet rs, String column) throws SQLException {
    long value = rs.getLong(column);
    return rs.wasNull() ? null : (int) Math.min(value, Integer.MAX_VALUE);
  }

  private static String nullToEmpty(String s) {
    return s == null ? "" : s;
  }

  private static final class IndexParts {
    final boolean unique;
    final List<Index.Part> parts = new ArrayList<>();

    IndexParts(boolean unique) {
      this.unique = unique;
    }
  }
}
