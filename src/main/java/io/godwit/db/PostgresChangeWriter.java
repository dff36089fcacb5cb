package io.godwit.db;

import io.godwit.schema.TargetTable;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.sql.Connection;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.Set;
import java.util.stream.Collectors;
import java.util.stream.IntStream;

/**
 * Writes changes to PostgreSQL through a session temporary table per target table: the rows are
 * streamed in with {@code COPY} (the snapshot's encoding), then merged with one statement. Parsing
 * one multi-row statement per batch is what makes row-by-row SQL slow; this path is several times
 * faster.
 */
final class PostgresChangeWriter implements ChangeWriter {

  private final Dialect dialect;
  private final BulkWriter copy;

  PostgresChangeWriter(Dialect dialect) {
    this.dialect = dialect;
    this.copy = new PostgresCopyWriter(dialect);
  }

  @Override
  public void upsert(
      Connection connection,
      TargetTable table,
      List<List<Object>> rows,
      Set<String> keepColumns,
      Set<String> defaultColumns)
      throws SQLException {
    if (rows.isEmpty()) {
      return;
    }
    UpsertColumns columns = UpsertColumns.of(table, keepColumns, defaultColumns);
    List<String> names = columns.names();
    List<String> written = columns.written();
    List<String> updated = columns.updated();
    int[] sources =
        IntStream.range(0, names.size())
            .map(i -> written.contains(names.get(i)) ? i : -1)
            .toArray();
    String staging = stage(connection, table);
    copy.write(connection, "pg_temp", staging, names, new ListRows(rows, sources));
    List<String> sets = new ArrayList<>();
    String sql;
    if (keepColumns.isEmpty()) {
      sets.add(assign(updated, "EXCLUDED"));
      sets.add(toDefault(defaultColumns));
      String set = sets.stream().filter(x -> !x.isEmpty()).collect(Collectors.joining(", "));
      sql =
          "INSERT INTO %s (%s) SELECT %s FROM %s ON CONFLICT (%s) DO %s"
              .formatted(
                  target(table),
                  dialect.quoteAll(written),
                  dialect.quoteAll(written),
                  temp(staging),
                  dialect.quoteAll(table.primaryKey()),
                  set.isEmpty() ? "NOTHING" : "UPDATE SET " + set);
    } else {
      sets.add(assign(updated, "s"));
      sets.add(toDefault(defaultColumns));
      String set = sets.stream().filter(x -> !x.isEmpty()).collect(Collectors.joining(", "));
      if (set.isEmpty()) {
        return;
      }
      sql =
          "UPDATE %s AS t SET %s FROM %s AS s WHERE %s"
              .formatted(target(table), set, temp(staging), keyMatch(table));
    }
    execute(connection, sql);
  }

  private String toDefault(Set<String> columns) {
    return columns.stream()
        .sorted()
        .map(dialect::quote)
        .map(c -> c + " = DEFAULT")
        .collect(Collectors.joining(", "));
  }

  @Override
  public void delete(Connection connection, TargetTable table, List<List<Object>> keys)
      throws SQLException {
    if (keys.isEmpty()) {
      return;
    }
    String staging = stage(connection, table);
    int[] sources = IntStream.range(0, table.primaryKey().size()).toArray();
    copy.write(connection, "pg_temp", staging, table.primaryKey(), new ListRows(keys, sources));
    execute(
        connection,
        "DELETE FROM %s AS t USING %s AS s WHERE %s"
            .formatted(target(table), temp(staging), keyMatch(table)));
  }

  /** TRUNCATE is transactional on PostgreSQL, and frees the table's space at once. */
  @Override
  public void deleteAll(Connection connection, TargetTable table) throws SQLException {
    execute(connection, "TRUNCATE " + target(table));
  }

  /**
   * Creates the table's staging table in this session unless it exists, with the target's column
   * types but none of its constraints (a kept column arrives as NULL), and empties it.
   */
  private String stage(Connection connection, TargetTable table) throws SQLException {
    String name = stagingName(table);
    execute(
        connection,
        "CREATE TEMP TABLE IF NOT EXISTS %s AS SELECT * FROM %s WITH NO DATA; TRUNCATE %s"
            .formatted(dialect.quote(name), target(table), temp(name)));
    return name;
  }

  /**
   * A name per target table and column list with types that fits PostgreSQL's 63 bytes whatever the
   * table is called: a column added during the migration, or a table created again with other types
   * by a re-copy, gets its session a new staging table (one with the old types would fit values to
   * them: 5.4321 staged as numeric(12,2) is 5.43).
   */
  static String stagingName(TargetTable table) {
    try {
      byte[] digest =
          MessageDigest.getInstance("SHA-256")
              .digest(
                  (table.schema()
                          + "\u0000"
                          + table.name()
                          + "\u0000"
                          + table.columns().stream()
                              .map(c -> c.name() + "\u0000" + c.type().sqlType())
                              .collect(Collectors.joining("\u0000")))
                      .getBytes(StandardCharsets.UTF_8));
      return "godwit_changes_" + HexFormat.of().formatHex(digest, 0, 8);
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException("the JVM lacks SHA-256", e);
    }
  }

  private String target(TargetTable table) {
    return dialect.qualify(table.schema(), table.name());
  }

  private String temp(String staging) {
    return dialect.qualify("pg_temp", staging);
  }

  private String assign(List<String> columns, String from) {
    return columns.stream()
        .map(dialect::quote)
        .map(c -> c + " = " + from + "." + c)
        .collect(Collectors.joining(", "));
  }

  private String keyMatch(TargetTable table) {
    return table.primaryKey().stream()
        .map(dialect::quote)
        .map(k -> "t." + k + " = s." + k)
        .collect(Collectors.joining(" AND "));
  }

  private static void execute(Connection connection, String sql) throws SQLException {
    try (Statement st = connection.createStatement()) {
      st.execute(sql);
    }
  }
}
