package io.godwit.faults;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.godwit.testing.TestDatabase;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import java.util.TreeMap;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Compares a target with its source row by row and column by column, with plain JDBC and none of
 * Godwit's validator or canonical code: each engine renders its own values as text, rows are
 * matched by the source's primary key, and every difference is named with table, key and column.
 *
 * <p>How each engine renders a column, chosen per side from that side's own catalog type, so that
 * equal values give equal text:
 *
 * <table>
 *   <tr><th>type</th><th>PostgreSQL</th><th>MariaDB</th></tr>
 *   <tr><td>integers, numeric/decimal</td><td>{@code x::text}</td><td>{@code CAST(x AS CHAR)}
 *       (both print a decimal with its column's scale)</td></tr>
 *   <tr><td>boolean, tinyint(1)</td><td>{@code CASE WHEN x THEN '1' ELSE '0' END}</td>
 *       <td>{@code CAST(x AS CHAR)}: 0 and 1, so a tinyint(1) holding 2 shows as a change</td></tr>
 *   <tr><td>text types</td><td>{@code x}</td><td>{@code x}</td></tr>
 *   <tr><td>timestamp, datetime</td><td>{@code to_char(x, 'YYYY-MM-DD HH24:MI:SS.US')}</td>
 *       <td>{@code DATE_FORMAT(x, '%Y-%m-%d %H:%i:%s.%f')}: both with six fraction digits</td></tr>
 *   <tr><td>timestamptz, MariaDB timestamp</td><td>as above, of {@code x AT TIME ZONE 'UTC'}</td>
 *       <td>as above, in a session with {@code time_zone = '+00:00'}</td></tr>
 *   <tr><td>date</td><td>{@code to_char(x, 'YYYY-MM-DD')}</td><td>{@code DATE_FORMAT(x,
 *       '%Y-%m-%d')}</td></tr>
 *   <tr><td>json, jsonb, MariaDB JSON (longtext checked by json_valid)</td><td>{@code x::text}</td>
 *       <td>{@code x}; both parsed by Jackson and compared as trees, because jsonb reorders keys
 *       and whitespace, numbers by value, because jsonb writes {@code -1.5e3} as {@code
 *       -1500}</td></tr>
 *   <tr><td>anything else</td><td>{@code x::text}</td><td>{@code CAST(x AS CHAR)}</td></tr>
 * </table>
 *
 * <p>A key the target holds more than once (possible only where its key constraint is missing) is a
 * duplicated effect; a source column the target lacks is a change in every row.
 */
public final class IndependentComparison {

  private static final ObjectMapper JSON = new ObjectMapper();

  /** JSON nodes that are the same value: numbers by value, whatever their notation. */
  private static final Comparator<JsonNode> SAME_VALUE =
      (a, b) ->
          a.isNumber() && b.isNumber()
              ? a.decimalValue().compareTo(b.decimalValue())
              : a.equals(b) ? 0 : 1;

  private static final Pattern JSON_VALID = Pattern.compile("^json_valid\\(`([^`]+)`\\)$");

  /** What kind of difference a row shows. */
  public enum Kind {
    /** In the source, not in the target. */
    LOST,
    /** In the target, not in the source. */
    EXTRA,
    /** The target holds the key more than once. */
    DUPLICATED,
    /** Both hold the key; a column's value differs. */
    CHANGED
  }

  /** One difference; {@code column}, {@code source} and {@code target} are null where not apt. */
  public record Difference(
      Kind kind, String table, String key, String column, String source, String target) {

    @Override
    public String toString() {
      return switch (kind) {
        case CHANGED ->
            "%s %s key (%s) column %s: source %s, target %s"
                .formatted(kind, table, key, column, source, target);
        default -> "%s %s key (%s)".formatted(kind, table, key);
      };
    }
  }

  /** The outcome over all tables: rows compared per table and the differences found. */
  public record Result(Map<String, Integer> sourceRows, List<Difference> differences) {

    public boolean equal() {
      return differences.isEmpty();
    }

    /** The first {@code n} differences, one a line, and how many more there are. */
    public String summary(int n) {
      StringBuilder text = new StringBuilder();
      differences.stream().limit(n).forEach(d -> text.append(d).append('\n'));
      if (differences.size() > n) {
        text.append("... and ").append(differences.size() - n).append(" more\n");
      }
      return text.toString();
    }
  }

  private enum Render {
    NUMBER,
    BOOLEAN,
    TEXT,
    TIMESTAMP,
    TIMESTAMP_UTC,
    DATE,
    JSON,
    OTHER
  }

  private record Column(String name, Render render) {}

  private IndependentComparison() {}

  /** Compares {@code tables} of {@code source} and {@code target}. */
  public static Result compare(TestDatabase source, TestDatabase target, List<String> tables)
      throws SQLException {
    return compare(source, target, tables, Map.of());
  }

  /**
   * Compares {@code tables} of {@code source}, only the rows matching the SQL condition given for a
   * table in {@code sourceWhere} (as the source engine reads it), and of {@code target}.
   */
  public static Result compare(
      TestDatabase source,
      TestDatabase target,
      List<String> tables,
      Map<String, String> sourceWhere)
      throws SQLException {
    Map<String, Integer> counts = new LinkedHashMap<>();
    List<Difference> differences = new ArrayList<>();
    try (Connection s = session(source);
        Connection t = session(target)) {
      for (String table : tables) {
        Map<String, Column> sourceColumns = columns(s, source, table);
        Map<String, Column> targetColumns = columns(t, target, table);
        List<String> key = primaryKey(s, source, table);
        if (sourceColumns.isEmpty() || key.isEmpty()) {
          throw new IllegalStateException(
              "source table %s of %s has no columns or no primary key to match rows by"
                  .formatted(table, source.name()));
        }
        List<String> compared = new ArrayList<>(sourceColumns.keySet());
        compared.retainAll(targetColumns.keySet());
        Map<String, List<Map<String, String>>> sourceRows =
            rows(s, source, table, sourceColumns, compared, key, sourceWhere.get(table));
        Map<String, List<Map<String, String>>> targetRows =
            rows(t, target, table, targetColumns, compared, key, null);
        counts.put(table, sourceRows.values().stream().mapToInt(List::size).sum());
        for (var entry : sourceRows.entrySet()) {
          List<Map<String, String>> there = targetRows.get(entry.getKey());
          if (there == null) {
            differences.add(new Difference(Kind.LOST, table, entry.getKey(), null, null, null));
            continue;
          }
          if (there.size() > 1) {
            differences.add(
                new Difference(Kind.DUPLICATED, table, entry.getKey(), null, null, null));
          }
          Map<String, String> want = entry.getValue().get(0);
          Map<String, String> got = there.get(0);
          for (String column : sourceColumns.keySet()) {
            boolean missing = !targetColumns.containsKey(column);
            if (missing || !same(sourceColumns.get(column), want.get(column), got.get(column))) {
              differences.add(
                  new Difference(
                      Kind.CHANGED,
                      table,
                      entry.getKey(),
                      column,
                      want.get(column),
                      missing ? "(no such column)" : got.get(column)));
            }
          }
        }
        for (var entry : targetRows.entrySet()) {
          if (!sourceRows.containsKey(entry.getKey())) {
            differences.add(new Difference(Kind.EXTRA, table, entry.getKey(), null, null, null));
            if (entry.getValue().size() > 1) {
              differences.add(
                  new Difference(Kind.DUPLICATED, table, entry.getKey(), null, null, null));
            }
          }
        }
      }
    }
    return new Result(counts, differences);
  }

  private static boolean same(Column column, String source, String target) {
    if (Objects.equals(source, target)) {
      return true;
    }
    if (column.render() != Render.JSON || source == null || target == null) {
      return false;
    }
    try {
      return JSON.readTree(source).equals(SAME_VALUE, JSON.readTree(target));
    } catch (JsonProcessingException e) {
      return false;
    }
  }

  /** A connection whose MariaDB session renders timestamps in UTC. */
  private static Connection session(TestDatabase db) throws SQLException {
    Connection c = db.connect();
    if (db.engine().isMySqlFamily()) {
      try (Statement st = c.createStatement()) {
        st.execute("SET time_zone = '+00:00'");
      }
    }
    return c;
  }

  private static Map<String, Column> columns(Connection c, TestDatabase db, String table)
      throws SQLException {
    Set<String> json = db.engine().isMySqlFamily() ? jsonChecked(c, db, table) : Set.of();
    Map<String, Column> columns = new LinkedHashMap<>();
    try (PreparedStatement ps =
        c.prepareStatement(
            "SELECT column_name, data_type, "
                + (db.engine().isMySqlFamily() ? "column_type" : "data_type")
                + " FROM information_schema.columns WHERE table_schema = ? AND table_name = ?"
                + " ORDER BY ordinal_position")) {
      ps.setString(1, db.schema());
      ps.setString(2, table);
      try (ResultSet rs = ps.executeQuery()) {
        while (rs.next()) {
          String name = rs.getString(1);
          String type = rs.getString(2).toLowerCase(Locale.ROOT);
          String full = rs.getString(3).toLowerCase(Locale.ROOT);
          Render render =
              json.contains(name)
                  ? Render.JSON
                  : db.engine().isMySqlFamily() ? mariadb(type, full) : postgres(type);
          columns.put(name, new Column(name, render));
        }
      }
    }
    return columns;
  }

  /** MariaDB's JSON columns: long text with a {@code json_valid} check. */
  private static Set<String> jsonChecked(Connection c, TestDatabase db, String table)
      throws SQLException {
    Set<String> names = new HashSet<>();
    try (PreparedStatement ps =
        c.prepareStatement(
            "SELECT check_clause FROM information_schema.check_constraints"
                + " WHERE constraint_schema = ? AND table_name = ?")) {
      ps.setString(1, db.name());
      ps.setString(2, table);
      try (ResultSet rs = ps.executeQuery()) {
        while (rs.next()) {
          Matcher m = JSON_VALID.matcher(rs.getString(1).trim());
          if (m.matches()) {
            names.add(m.group(1));
          }
        }
      }
    }
    return names;
  }

  private static Render postgres(String type) {
    return switch (type) {
      case "smallint", "integer", "bigint", "numeric" -> Render.NUMBER;
      case "boolean" -> Render.BOOLEAN;
      case "character varying", "character", "text" -> Render.TEXT;
      case "timestamp without time zone" -> Render.TIMESTAMP;
      case "timestamp with time zone" -> Render.TIMESTAMP_UTC;
      case "date" -> Render.DATE;
      case "json", "jsonb" -> Render.JSON;
      default -> Render.OTHER;
    };
  }

  private static Render mariadb(String type, String columnType) {
    return switch (type) {
      case "tinyint" -> columnType.startsWith("tinyint(1)") ? Render.BOOLEAN : Render.NUMBER;
      case "smallint", "mediumint", "int", "bigint", "decimal" -> Render.NUMBER;
      case "varchar", "char", "text", "mediumtext", "longtext", "tinytext" -> Render.TEXT;
      case "datetime" -> Render.TIMESTAMP;
      case "timestamp" -> Render.TIMESTAMP_UTC;
      case "date" -> Render.DATE;
      case "json" -> Render.JSON;
      default -> Render.OTHER;
    };
  }

  private static String expression(TestDatabase db, Column column) {
    boolean pg = !db.engine().isMySqlFamily();
    String x = pg ? '"' + column.name() + '"' : '`' + column.name() + '`';
    return switch (column.render()) {
      case NUMBER, OTHER -> pg ? x + "::text" : "CAST(" + x + " AS CHAR)";
      case BOOLEAN -> pg ? "CASE WHEN " + x + " THEN '1' ELSE '0' END" : "CAST(" + x + " AS CHAR)";
      case TEXT -> x;
      case TIMESTAMP ->
          pg
              ? "to_char(" + x + ", 'YYYY-MM-DD HH24:MI:SS.US')"
              : "DATE_FORMAT(" + x + ", '%Y-%m-%d %H:%i:%s.%f')";
      case TIMESTAMP_UTC ->
          pg
              ? "to_char(" + x + " AT TIME ZONE 'UTC', 'YYYY-MM-DD HH24:MI:SS.US')"
              : "DATE_FORMAT(" + x + ", '%Y-%m-%d %H:%i:%s.%f')";
      case DATE -> pg ? "to_char(" + x + ", 'YYYY-MM-DD')" : "DATE_FORMAT(" + x + ", '%Y-%m-%d')";
      case JSON -> pg ? x + "::text" : x;
    };
  }

  private static List<String> primaryKey(Connection c, TestDatabase db, String table)
      throws SQLException {
    Map<Integer, String> key = new TreeMap<>();
    try (ResultSet rs = c.getMetaData().getPrimaryKeys(catalog(db), schema(db), table)) {
      while (rs.next()) {
        key.put(rs.getInt("KEY_SEQ"), rs.getString("COLUMN_NAME"));
      }
    }
    return new ArrayList<>(key.values());
  }

  private static String catalog(TestDatabase db) {
    return db.engine().isMySqlFamily() ? db.name() : null;
  }

  private static String schema(TestDatabase db) {
    return db.engine().isMySqlFamily() ? null : db.schema();
  }

  /** The rows of a table as rendered text by column, grouped by rendered key. */
  private static Map<String, List<Map<String, String>>> rows(
      Connection c,
      TestDatabase db,
      String table,
      Map<String, Column> columns,
      List<String> compared,
      List<String> key,
      String where)
      throws SQLException {
    List<String> select = new ArrayList<>();
    for (String name : compared) {
      select.add(expression(db, columns.get(name)));
    }
    String quoted = db.engine().isMySqlFamily() ? '`' + table + '`' : '"' + table + '"';
    Map<String, List<Map<String, String>>> rows = new HashMap<>();
    try (Statement st = c.createStatement();
        ResultSet rs =
            st.executeQuery(
                "SELECT "
                    + String.join(", ", select)
                    + " FROM "
                    + quoted
                    + (where == null ? "" : " WHERE " + where))) {
      while (rs.next()) {
        Map<String, String> row = new HashMap<>();
        for (int i = 0; i < compared.size(); i++) {
          row.put(compared.get(i), rs.getString(i + 1));
        }
        List<String> keyText = new ArrayList<>();
        for (String k : key) {
          keyText.add(k + "=" + row.get(k));
        }
        rows.computeIfAbsent(String.join(", ", keyText), k -> new ArrayList<>()).add(row);
      }
    }
    return rows;
  }
}
