package io.godwit.snapshot;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.godwit.Godwit;
import io.godwit.config.MigrationConfig;
import io.godwit.plan.PlanResult;
import io.godwit.testing.TestDatabase;
import io.godwit.testing.TestMigration;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Types;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.TreeMap;
import org.junit.jupiter.api.Test;

/**
 * Simple views reach a target of the other engine at table preparation, translated: each carried
 * view returns on the target the rows it returns on the source, as each engine prints them, over
 * seeded random rows with NULLs and boundary values (text differing in case and trailing spaces,
 * integer and decimal limits). Views that are not simple are not created and {@code plan --json}
 * lists them as not migrated with the construct that keeps them.
 */
class CrossEngineViewsIT {

  private static final String[] NAMES = {
    "a", "A", "ab", "aB", "a ", "B", "b", "", "it's", "back\\slash", "a%b", "zz"
  };

  @Test
  void postgresViewsReachMariaDb() throws Exception {
    try (TestDatabase src = TestDatabase.postgres("views_pg_src");
        TestDatabase tgt = TestDatabase.mariadb("views_pg_tgt")) {
      src.execute(
          """
          CREATE TABLE item (id integer PRIMARY KEY, name varchar(20), code char(3), qty integer,
                             price numeric(10,2), active boolean, born date, seen timestamp)""");
      src.execute(views("'back\\slash'"));
      seed(src, "INSERT INTO item VALUES (?, ?, ?, ?, ?::numeric, ?, ?::date, ?::timestamp)");
      assertCarried(
          src,
          tgt,
          "views_pg_maria",
          Map.of(
              "v_count", "its select list has an aggregate (count(*))",
              "v_upper", "its select list has a call of function upper"));
    }
  }

  @Test
  void mariaDbViewsReachPostgres() throws Exception {
    try (TestDatabase src = TestDatabase.mariadb("views_maria_src");
        TestDatabase tgt = TestDatabase.postgres("views_maria_tgt")) {
      src.execute(
          """
          CREATE TABLE item (id int PRIMARY KEY, name varchar(20) COLLATE utf8mb4_nopad_bin,
                             code char(3) COLLATE utf8mb4_bin, qty int, price decimal(10,2),
                             active tinyint(1), born date, seen datetime)""");
      src.execute(views("'back\\\\slash'"));
      src.execute("CREATE VIEW v_joined AS SELECT id FROM item WHERE CONCAT(name, 'x') = 'ax'");
      seed(src, "INSERT INTO item VALUES (?, ?, ?, ?, ?, ?, ?, ?)");
      assertCarried(
          src,
          tgt,
          "views_maria_pg",
          Map.of(
              "v_count", "its select list has an aggregate (count(0))",
              "v_upper", "its select list has a call of function ucase",
              "v_joined", "its WHERE has a call of function concat"));
    }
  }

  /**
   * The views both directions create: four simple ones and two that are not.
   *
   * @param backslashLiteral a string literal holding one backslash, as the source engine reads it
   */
  private static String[] views(String backslashLiteral) {
    return new String[] {
      "CREATE VIEW v_active AS SELECT id, name AS title, qty FROM item WHERE active",
      """
      CREATE VIEW v_pick AS SELECT id AS item_id, price, born FROM item
       WHERE qty IN (0, 1, 7, -2147483648) OR name IN ('a', 'B', 'it''s', %s)
          OR price BETWEEN -5.5 AND 10 AND seen IS NULL"""
          .formatted(backslashLiteral),
      """
      CREATE VIEW v_text AS SELECT id, name FROM item
       WHERE name LIKE 'a%' AND code <> 'abc' AND born > '2000-01-01'
         AND (active IS NOT TRUE OR NOT qty < 0)""",
      """
      CREATE VIEW v_mixed AS SELECT id, qty FROM item
       WHERE qty = 7 AND name IN ('a', 'B') OR price IN (10.00, -5.50) AND active
          OR qty NOT IN (0, 1) AND name IS NULL""",
      "CREATE VIEW v_count AS SELECT count(*) AS n FROM item",
      "CREATE VIEW v_upper AS SELECT id, upper(name) AS u FROM item"
    };
  }

  private static void assertCarried(
      TestDatabase src, TestDatabase tgt, String migration, Map<String, String> notSimple)
      throws Exception {
    MigrationConfig config = TestMigration.config(migration, src, tgt, "");
    PlanResult plan = new Godwit(config, new SimpleMeterRegistry()).plan();
    JsonNode inventory =
        new ObjectMapper().findAndRegisterModules().valueToTree(plan).get("inventory");
    Map<String, JsonNode> views = new TreeMap<>();
    inventory.forEach(
        i -> {
          if (i.get("kind").asText().equals("VIEW")) {
            views.put(i.get("name").asText(), i);
          }
        });
    List<String> simple = List.of("v_active", "v_pick", "v_text", "v_mixed");
    for (String name : simple) {
      assertThat(views.get(name).get("handling").asText()).as(name).isEqualTo("CARRIED");
      assertThat(views.get(name).get("stage").asText()).isEqualTo("at table preparation");
    }
    notSimple.forEach(
        (name, construct) -> {
          JsonNode item = views.get(name);
          assertThat(item.get("handling").asText()).as(name).isEqualTo("NOT_MIGRATED");
          assertThat(item.get("reason").asText()).as(name).contains(construct);
          assertThat(item.get("fix").asText()).as(name).contains("rewrite it in");
        });

    SnapshotResult result = new Godwit(config, new SimpleMeterRegistry()).snapshot();
    assertThat(result.steps()).anySatisfy(s -> assertThat(s.detail()).contains("created 4 views"));
    for (String name : simple) {
      List<String> expected = rows(src, name);
      assertThat(rows(tgt, name)).as(name).isEqualTo(expected);
      System.out.printf("%s: %d rows alike on both sides%n", name, expected.size());
    }
    try (Connection c = tgt.connect();
        PreparedStatement ps =
            c.prepareStatement(
                "SELECT table_name FROM information_schema.views WHERE table_schema = ?")) {
      ps.setString(1, tgt.schema());
      List<String> created = new ArrayList<>();
      try (ResultSet rs = ps.executeQuery()) {
        while (rs.next()) {
          created.add(rs.getString(1));
        }
      }
      assertThat(created).containsExactlyInAnyOrderElementsOf(simple);
    }
  }

  /**
   * Seeded random rows: names differing in case and trailing spaces, integer and decimal limits,
   * dates around the views' bounds, and NULL in every column but the key.
   */
  private static void seed(TestDatabase db, String insert) throws SQLException {
    long seed = Long.getLong("views.seed", System.nanoTime());
    System.out.println("CrossEngineViewsIT seed " + seed + " (-Dviews.seed=" + seed + ")");
    Random random = new Random(seed);
    String[] codes = {"abc", "ABC", "ab", "xyz"};
    int[] quantities = {0, 1, 7, -2147483648, 2147483647, 2, 6, -1};
    String[] prices = {"-5.50", "10.00", "10.01", "-5.51", "99999999.99", "-99999999.99", "0.00"};
    String[] dates = {"1000-01-01", "1999-12-31", "2000-01-01", "2000-01-02", "9999-12-31"};
    try (Connection c = db.connect();
        PreparedStatement ps = c.prepareStatement(insert)) {
      for (int id = 1; id <= 400; id++) {
        ps.setInt(1, id);
        setOrNull(ps, 2, random, Types.VARCHAR, NAMES[random.nextInt(NAMES.length)]);
        setOrNull(ps, 3, random, Types.VARCHAR, codes[random.nextInt(codes.length)]);
        Integer qty =
            random.nextBoolean()
                ? quantities[random.nextInt(quantities.length)]
                : random.nextInt(21) - 10;
        setOrNull(ps, 4, random, Types.INTEGER, qty);
        String price =
            random.nextBoolean()
                ? prices[random.nextInt(prices.length)]
                : "%d.%02d".formatted(random.nextInt(41) - 20, random.nextInt(100));
        setOrNull(ps, 5, random, Types.VARCHAR, price);
        setOrNull(ps, 6, random, Types.BOOLEAN, random.nextBoolean());
        setOrNull(ps, 7, random, Types.VARCHAR, dates[random.nextInt(dates.length)]);
        setOrNull(ps, 8, random, Types.VARCHAR, "2020-01-01 10:00:00");
        ps.addBatch();
      }
      ps.executeBatch();
    }
  }

  private static void setOrNull(
      PreparedStatement ps, int index, Random random, int type, Object value) throws SQLException {
    if (random.nextInt(6) == 0) {
      ps.setNull(index, type);
    } else {
      ps.setObject(index, value, type);
    }
  }

  /** The view's rows as the engine prints each value, one line per row, sorted. */
  private static List<String> rows(TestDatabase db, String view) throws SQLException {
    List<String> rows = new ArrayList<>();
    try (Connection c = db.connect();
        ResultSet rs = c.createStatement().executeQuery("SELECT * FROM " + view)) {
      int columns = rs.getMetaData().getColumnCount();
      while (rs.next()) {
        StringBuilder row = new StringBuilder();
        for (int i = 1; i <= columns; i++) {
          row.append(rs.getMetaData().getColumnLabel(i))
              .append('=')
              .append(rs.getString(i))
              .append(i < columns ? " | " : "");
        }
        rows.add(row.toString());
      }
    }
    rows.sort(null);
    return rows;
  }
}
