package io.godwit.db;

import static org.assertj.core.api.Assertions.assertThat;

import io.godwit.engine.Engine;
import io.godwit.schema.RowFilter;
import io.godwit.schema.SchemaTranslator;
import io.godwit.schema.Table;
import io.godwit.schema.TargetTable;
import io.godwit.schema.TypeMappings;
import io.godwit.schema.TypeOptions;
import io.godwit.testing.TestDatabase;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.Statement;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Random;
import java.util.TreeSet;
import java.util.function.UnaryOperator;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

/**
 * Row filters mean on the source engine what they mean in the applier: over seeded rows of boundary
 * values (NULLs, values equal to the constants, either side of them, the types' extremes, text
 * differing only in case, accents or a trailing space), seeded random filters select, row by row,
 * what the engine selects with the filter's SQL.
 */
class RowFilterEngineIT {

  private static final List<String> INTS =
      List.of("-2147483648", "2147483647", "-1", "0", "1", "7", "9", "10");
  private static final List<String> DECIMALS =
      List.of("-99999999.99", "99999999.99", "0", "0.01", "-0.01", "12.5", "12.49", "12.51");
  private static final List<String> DATES =
      List.of("1000-01-01", "9999-12-31", "2023-12-31", "2024-01-01", "2024-01-02", "2024-02-29");
  private static final List<String> TIMESTAMPS =
      List.of(
          "1000-01-01 00:00:00",
          "9999-12-31 23:59:59.999999",
          "2023-12-31 23:59:59.999999",
          "2024-01-01",
          "2024-01-01 00:00:00.000001",
          "2024-06-30 12:00:00.5");
  private static final List<String> TEXTS =
      List.of("paid", "PAID", "paid ", "päid", "", "it's", "open");

  @ParameterizedTest
  @EnumSource(
      value = Engine.class,
      names = {"MARIADB", "POSTGRESQL"})
  void theApplierSelectsTheRowsTheEngineSelects(Engine engine) throws Exception {
    long seed = System.nanoTime();
    System.out.println("RowFilterEngineIT " + engine + " seed " + seed);
    Random random = new Random(seed);
    Dialect dialect = Dialect.of(engine);
    boolean pg = engine == Engine.POSTGRESQL;
    try (TestDatabase db =
            TestDatabase.create(engine, "row_filter_" + engine.name().toLowerCase(Locale.ROOT));
        Connection c = db.connect()) {
      db.execute(
          "CREATE TABLE f (id INT PRIMARY KEY, n INT, d DECIMAL(10,2), dt DATE, ts "
              + (pg ? "TIMESTAMP(6)" : "DATETIME(6)")
              + ", s VARCHAR(20))");
      int rows = 400;
      try (PreparedStatement ins =
          c.prepareStatement(
              pg
                  ? "INSERT INTO f VALUES (?, ?::int, ?::numeric, ?::date, ?::timestamp, ?)"
                  : "INSERT INTO f VALUES (?, ?, ?, ?, ?, ?)")) {
        for (int id = 1; id <= rows; id++) {
          ins.setInt(1, id);
          ins.setString(2, pick(random, INTS, () -> String.valueOf(random.nextInt(21) - 10)));
          ins.setString(
              3,
              pick(
                  random,
                  DECIMALS,
                  () -> "%d.%02d".formatted(random.nextInt(30) - 15, random.nextInt(100))));
          ins.setString(
              4, pick(random, DATES, () -> "2024-01-%02d".formatted(1 + random.nextInt(28))));
          ins.setString(
              5,
              pick(
                  random, TIMESTAMPS, () -> "2024-01-01 00:00:%02d".formatted(random.nextInt(60))));
          ins.setString(6, pick(random, TEXTS, () -> TEXTS.get(random.nextInt(TEXTS.size()))));
          ins.addBatch();
        }
        ins.executeBatch();
      }
      if (!c.getAutoCommit()) {
        c.commit();
      }
      TargetTable table = table(c, dialect, db.schema());
      Map<Integer, Map<String, String>> values = read(c);
      for (int i = 0; i < 300; i++) {
        String text = filter(random, 3);
        RowFilter filter = RowFilter.parse(text).bind(table, engine);
        String where = dialect.rowFilter(table.withRows(filter)).orElseThrow();
        TreeSet<Integer> engineRows = new TreeSet<>();
        try (Statement st = c.createStatement();
            ResultSet rs = st.executeQuery("SELECT id FROM f WHERE " + where)) {
          while (rs.next()) {
            engineRows.add(rs.getInt(1));
          }
        }
        TreeSet<Integer> ours = new TreeSet<>();
        values.forEach(
            (id, row) -> {
              if (filter.accepts(row::get)) {
                ours.add(id);
              }
            });
        assertThat(ours).as("seed %d, filter %s, SQL %s", seed, text, where).isEqualTo(engineRows);
      }
    }
  }

  private static String pick(
      Random random, List<String> boundaries, java.util.function.Supplier<String> other) {
    int roll = random.nextInt(10);
    if (roll == 0) {
      return null;
    }
    return roll < 6 ? boundaries.get(random.nextInt(boundaries.size())) : other.get();
  }

  /** A random filter over the table's columns, its constants from the boundary values. */
  private static String filter(Random random, int depth) {
    int roll = random.nextInt(depth == 0 ? 1 : 4);
    return switch (roll) {
      case 1 -> "(" + filter(random, depth - 1) + " AND " + filter(random, depth - 1) + ")";
      case 2 -> "(" + filter(random, depth - 1) + " OR " + filter(random, depth - 1) + ")";
      case 3 -> "NOT (" + filter(random, depth - 1) + ")";
      default -> atom(random);
    };
  }

  private static String atom(Random random) {
    String[] columns = {"n", "d", "dt", "ts", "s"};
    String column = columns[random.nextInt(columns.length)];
    List<String> pool =
        switch (column) {
          case "n" -> INTS;
          case "d" -> DECIMALS;
          case "dt" -> DATES;
          case "ts" -> TIMESTAMPS;
          default -> TEXTS;
        };
    boolean quoted = !column.equals("n") && !column.equals("d");
    UnaryOperator<String> constant = v -> quoted ? "'" + v.replace("'", "''") + "'" : v;
    java.util.function.Supplier<String> any =
        () -> constant.apply(pool.get(random.nextInt(pool.size())));
    if (column.equals("s")) {
      return switch (random.nextInt(4)) {
        case 0 -> column + " = " + any.get();
        case 1 -> column + " <> " + any.get();
        case 2 ->
            column
                + (random.nextBoolean() ? " NOT" : "")
                + " IN ("
                + any.get()
                + ", "
                + any.get()
                + ")";
        default -> column + (random.nextBoolean() ? " IS NOT NULL" : " IS NULL");
      };
    }
    String[] ops = {"=", "<>", "<", "<=", ">", ">="};
    return switch (random.nextInt(4)) {
      case 0 -> column + " " + ops[random.nextInt(ops.length)] + " " + any.get();
      case 1 ->
          column
              + (random.nextBoolean() ? " NOT" : "")
              + " IN ("
              + any.get()
              + ", "
              + any.get()
              + ")";
      case 2 ->
          column
              + (random.nextBoolean() ? " NOT" : "")
              + " BETWEEN "
              + any.get()
              + " AND "
              + any.get();
      default -> column + (random.nextBoolean() ? " IS NOT NULL" : " IS NULL");
    };
  }

  private static TargetTable table(Connection c, Dialect dialect, String schema) throws Exception {
    Table source =
        dialect.catalog().tables(c, schema).stream()
            .filter(t -> t.name().equals("f"))
            .findFirst()
            .orElseThrow();
    return new SchemaTranslator(
            dialect.engine(),
            Engine.POSTGRESQL,
            TypeMappings.between(dialect.engine(), Engine.POSTGRESQL, TypeOptions.defaults()))
        .translate(List.of(source), "dst", UnaryOperator.identity())
        .tables()
        .get(0);
  }

  /** Each row's values as the engine prints them, by column name. */
  private static Map<Integer, Map<String, String>> read(Connection c) throws Exception {
    Map<Integer, Map<String, String>> rows = new HashMap<>();
    try (Statement st = c.createStatement();
        ResultSet rs = st.executeQuery("SELECT id, n, d, dt, ts, s FROM f")) {
      while (rs.next()) {
        Map<String, String> row = new HashMap<>();
        for (String column : List.of("n", "d", "dt", "ts", "s")) {
          row.put(column, rs.getString(column));
        }
        rows.put(rs.getInt(1), row);
      }
    }
    return rows;
  }
}
