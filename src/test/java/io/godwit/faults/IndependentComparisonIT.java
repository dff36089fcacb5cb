package io.godwit.faults;

import static org.assertj.core.api.Assertions.assertThat;

import io.godwit.Godwit;
import io.godwit.faults.IndependentComparison.Difference;
import io.godwit.faults.IndependentComparison.Kind;
import io.godwit.testing.TestDatabase;
import io.godwit.testing.TestMigration;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

/**
 * The comparison catches what it must: Godwit copies a generated shop, the comparison finds the
 * copy equal; then a lost row, an extra row, a duplicated row (its key constraint dropped) and a
 * changed value in every non-key column (so in every column type of the shop) are planted on the
 * target, and each is reported with its table, key and column, and nothing else is.
 */
class IndependentComparisonIT {

  /** A short tag, different in every JVM run, for names that outlive a test database. */
  private static final String RUN_TAG =
      Long.toString(System.currentTimeMillis() / 1000 % 1_679_616, 36);

  @TempDir Path workDir;

  /** A planted difference: what the comparison must report. */
  private record Plant(Kind kind, String table, String key, String column) {

    boolean matches(Difference d) {
      return d.kind() == kind
          && d.table().equals(table)
          && d.key().equals(key)
          && (column == null || column.equals(d.column()));
    }
  }

  @ParameterizedTest
  @EnumSource(Direction.class)
  void findsEveryPlantedDifferenceAndNothingInAnUntouchedCopy(Direction direction)
      throws Exception {
    long seed = System.nanoTime();
    System.out.println("IndependentComparisonIT " + direction + " seed " + seed);
    try (TestDatabase src = TestDatabase.create(direction.source(), "ic_src_" + direction.id());
        TestDatabase tgt = TestDatabase.create(direction.target(), "ic_tgt_" + direction.id())) {
      Shop.create(src, 120, 80, seed);
      String name = "ic_" + direction.id() + "_" + RUN_TAG;
      new Godwit(
              TestMigration.config(
                  name, src, tgt, "work-dir: \"%s\"\nsnapshot: { workers: 1 }".formatted(workDir)),
              new SimpleMeterRegistry())
          .snapshot();

      IndependentComparison.Result copy = IndependentComparison.compare(src, tgt, Shop.TABLES);
      assertThat(copy.differences()).as("an untouched copy").isEmpty();
      assertThat(copy.sourceRows())
          .containsOnlyKeys(Shop.TABLES)
          .allSatisfy((table, rows) -> assertThat(rows).as(table).isPositive());

      List<Plant> plants = plant(tgt);
      IndependentComparison.Result planted = IndependentComparison.compare(src, tgt, Shop.TABLES);
      for (Plant p : plants) {
        assertThat(planted.differences())
            .as("%s planted, found in:\n%s", p, planted.summary(100))
            .anyMatch(p::matches);
      }
      Set<String> plantedRows = new HashSet<>();
      plants.forEach(p -> plantedRows.add(p.table() + " " + p.key()));
      assertThat(planted.differences())
          .as("differences only where planted")
          .allMatch(d -> plantedRows.contains(d.table() + " " + d.key()));
    }
  }

  /** Plants the differences on the target and returns them. */
  private static List<Plant> plant(TestDatabase tgt) throws Exception {
    boolean pg = tgt.engine() == io.godwit.engine.Engine.POSTGRESQL;
    List<Plant> plants = new ArrayList<>();
    tgt.execute("DELETE FROM customers WHERE id = 7");
    plants.add(new Plant(Kind.LOST, "customers", "id=7", null));
    tgt.execute("INSERT INTO products (sku, name, price) VALUES ('SKU-EXTRA', 'planted', 1.00)");
    plants.add(new Plant(Kind.EXTRA, "products", "sku=SKU-EXTRA", null));
    if (pg) {
      String constraint;
      try (Connection c = tgt.connect();
          Statement st = c.createStatement();
          ResultSet rs =
              st.executeQuery(
                  "SELECT conname FROM pg_constraint"
                      + " WHERE conrelid = 'order_lines'::regclass AND contype = 'p'")) {
        rs.next();
        constraint = rs.getString(1);
      }
      tgt.execute("ALTER TABLE order_lines DROP CONSTRAINT \"" + constraint + "\"");
    } else {
      tgt.execute("ALTER TABLE order_lines DROP PRIMARY KEY");
    }
    tgt.execute(
        "INSERT INTO order_lines SELECT * FROM order_lines WHERE order_id = 3 AND line_no = 1");
    plants.add(new Plant(Kind.DUPLICATED, "order_lines", "order_id=3, line_no=1", null));

    Map<String, String> keyOfTable = new LinkedHashMap<>();
    keyOfTable.put("customers", "id");
    keyOfTable.put("products", "sku");
    keyOfTable.put("orders", "id");
    keyOfTable.put("order_lines", "order_id");
    for (var table : keyOfTable.entrySet()) {
      int row = 20;
      for (String[] column : columns(tgt, table.getKey())) {
        if (column[0].equals(table.getValue()) || column[0].equals("line_no")) {
          continue;
        }
        while (row % 7 == 0) {
          row++; // orders without a note
        }
        String key =
            switch (table.getKey()) {
              case "products" -> "'SKU-%04d'".formatted(row);
              default -> String.valueOf(row);
            };
        String where =
            table.getValue()
                + " = "
                + key
                + (table.getKey().equals("order_lines") ? " AND line_no = 1" : "");
        int changed;
        try (Connection c = tgt.connect();
            Statement st = c.createStatement()) {
          changed =
              st.executeUpdate(
                  "UPDATE %s SET %s = %s WHERE %s"
                      .formatted(table.getKey(), column[0], change(pg, column), where));
        }
        assertThat(changed).as("%s.%s planted at %s", table.getKey(), column[0], where).isOne();
        String keyText =
            switch (table.getKey()) {
              case "products" -> "sku=SKU-%04d".formatted(row);
              case "order_lines" -> "order_id=%d, line_no=1".formatted(row);
              default -> "id=" + row;
            };
        plants.add(new Plant(Kind.CHANGED, table.getKey(), keyText, column[0]));
        row++;
      }
    }
    return plants;
  }

  /** Name, data type, full type and fraction digits of each column of a target table. */
  private static List<String[]> columns(TestDatabase db, String table) throws Exception {
    List<String[]> columns = new ArrayList<>();
    try (Connection c = db.connect();
        PreparedStatement ps =
            c.prepareStatement(
                "SELECT column_name, data_type, "
                    + (db.engine().isMySqlFamily() ? "column_type" : "data_type")
                    + ", datetime_precision FROM information_schema.columns"
                    + " WHERE table_schema = ? AND table_name = ? ORDER BY ordinal_position")) {
      ps.setString(1, db.schema());
      ps.setString(2, table);
      try (ResultSet rs = ps.executeQuery()) {
        while (rs.next()) {
          columns.add(
              new String[] {
                rs.getString(1),
                rs.getString(2).toLowerCase(Locale.ROOT),
                rs.getString(3).toLowerCase(Locale.ROOT),
                String.valueOf(rs.getInt(4))
              });
        }
      }
    }
    return columns;
  }

  /**
   * An expression for a value that differs from the column's current one by the smallest step its
   * type keeps: one unit, one character, the last fraction digit of a timestamp, one JSON member.
   */
  private static String change(boolean pg, String[] column) {
    String x = column[0];
    String type = column[1];
    long microseconds = (long) Math.pow(10, 6 - Integer.parseInt(column[3]));
    if (pg) {
      return switch (type) {
        case "boolean" -> "NOT " + x;
        case "character varying", "text" -> x + " || '~'";
        case "jsonb" -> x + " || '{\"planted\": 1}'::jsonb";
        case "json" -> "(" + x + "::jsonb || '{\"planted\": 1}'::jsonb)::json";
        case "timestamp without time zone", "timestamp with time zone" ->
            x + " + interval '" + microseconds + " microseconds'";
        default -> x + " + 1";
      };
    }
    return switch (type) {
      case "tinyint" -> column[2].startsWith("tinyint(1)") ? "1 - " + x : x + " + 1";
      case "varchar", "text" -> "CONCAT(" + x + ", '~')";
      case "longtext", "json" -> "JSON_SET(" + x + ", '$.planted', 1)";
      case "datetime", "timestamp" -> x + " + INTERVAL " + microseconds + " MICROSECOND";
      default -> x + " + 1";
    };
  }
}
