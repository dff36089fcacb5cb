package io.godwit.live;

import static io.godwit.live.LiveMigrationIT.awaitLagProven;
import static io.godwit.testing.Waits.waitUntil;
import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import com.zaxxer.hikari.HikariDataSource;
import io.godwit.LiveMigration;
import io.godwit.config.MigrationConfig;
import io.godwit.db.Finding;
import io.godwit.demo.ShopSchema;
import io.godwit.demo.Workload;
import io.godwit.engine.Engine;
import io.godwit.plan.Planner;
import io.godwit.snapshot.PausePoints;
import io.godwit.state.StatusReader;
import io.godwit.state.TablePhase;
import io.godwit.testing.LiveRuns;
import io.godwit.testing.TestDataSources;
import io.godwit.testing.TestDatabase;
import io.godwit.testing.TestMigration;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import java.math.BigDecimal;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.ResultSetMetaData;
import java.sql.Statement;
import java.sql.Timestamp;
import java.time.Duration;
import java.time.LocalDateTime;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Random;
import java.util.TreeMap;
import java.util.concurrent.CompletableFuture;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

/**
 * Tables added to and dropped from a running migration by editing {@code tables.include} and
 * restarting {@code godwit run}, under the demo's write workload: {@code order_lines}, written all
 * along (also while Godwit is stopped and while it is copied), joins; {@code products} leaves. The
 * kept tables are not copied again, the new one is captured from the restart and copied after it,
 * the dropped one gets no change applied after the stop, and every followed table ends equal to the
 * source in every column, row by row, as each engine reads its own values.
 */
class TableSetChangeLiveIT {

  private static final ObjectMapper JSON =
      new ObjectMapper().configure(SerializationFeature.ORDER_MAP_ENTRIES_BY_KEYS, true);

  @TempDir Path workDir;

  @ParameterizedTest
  @EnumSource(
      value = Engine.class,
      names = {"MARIADB", "POSTGRESQL"})
  void aTableJoinsAndAnotherLeavesOnRestartWithoutRecopyingTheRest(Engine source) throws Exception {
    long seed = new Random().nextLong();
    System.out.println("TableSetChangeLiveIT " + source + " seed " + seed);
    Random random = new Random(seed);
    String suffix = source.name().toLowerCase(Locale.ROOT);
    String name = "tableset_" + suffix;
    try (TestDatabase src = TestDatabase.create(source, "tableset_src_" + suffix);
        TestDatabase tgt = TestDatabase.create(Engine.POSTGRESQL, "tableset_tgt_" + suffix);
        HikariDataSource sourcePool = TestDataSources.pool(src);
        HikariDataSource targetPool = TestDataSources.pool(tgt)) {
      try (Connection c = src.connect()) {
        ShopSchema.create(c, source, 300);
      }
      MigrationConfig first = config(name, src, tgt, "customers", "products", "orders");
      MigrationConfig second = config(name, src, tgt, "customers", "orders", "order_lines");
      MigrationConfig third =
          config(name, src, tgt, "customers", "products", "orders", "order_lines");
      try (Workload workload = new Workload(sourcePool, 2, 150, 300).start()) {
        try {
          List<String> productsAtStop;
          long customersCopied;
          try (Run run = Run.start(first, PausePoints.NONE)) {
            customersCopied = rowsCopied(targetPool, name, "customers");
            // products' changes from here on wait in Kafka when the table is dropped
            run.live.control().applyPaused(List.of("products"), true);
            changeProducts(src, random);
            waitUntil(
                Duration.ofSeconds(20),
                "200 workload transactions",
                () -> workload.transactions() > 200);
          }
          productsAtStop = rows(tgt, "products");
          // while Godwit is stopped the workload goes on, order_lines included, and every product
          // changes again: the events waiting in Kafka are older than any later copy of products
          changeAllProducts(src);
          long beforeSecond = workload.transactions();
          waitUntil(
              Duration.ofSeconds(10),
              "100 more workload transactions",
              () -> workload.transactions() > beforeSecond + 100);

          List<Finding> findings = new Planner(second, sourcePool, targetPool).plan().findings();
          assertThat(findings)
              .anySatisfy(
                  f -> {
                    assertThat(f.subject()).isEqualTo("table order_lines");
                    assertThat(f.message()).contains("new since the last run");
                  })
              .anySatisfy(
                  f -> {
                    assertThat(f.subject()).isEqualTo("table products");
                    assertThat(f.message()).contains("dropped since the last run", "left in place");
                  })
              .noneSatisfy(f -> assertThat(f.severity()).isEqualTo(Finding.Severity.BLOCKER));

          // the joining table's only chunk is read, and its commit waits while the workload
          // writes: those changes reach the target only through the stream
          PausePoints duringCopy =
              new PausePoints() {
                @Override
                public void afterChunk(String table, int chunk) {}

                @Override
                public void beforeChunkCommit(String table, int chunk) {
                  if (table.equals("order_lines")) {
                    long before = workload.transactions();
                    try {
                      waitUntil(
                          Duration.ofSeconds(10),
                          "100 more workload transactions during the copy",
                          () -> workload.transactions() > before + 100);
                    } catch (Exception e) {
                      throw new IllegalStateException(e);
                    }
                  }
                }
              };
          try (Run run = Run.start(second, duringCopy)) {
            changeProducts(src, random);
            long now = workload.transactions();
            waitUntil(
                Duration.ofSeconds(20),
                "100 more workload transactions",
                () -> workload.transactions() > now + 100);
            run.live.drain(Duration.ofMinutes(1));
            assertThat(rows(tgt, "products"))
                .as("the dropped table keeps the rows it had at the stop")
                .isEqualTo(productsAtStop)
                .isNotEqualTo(rows(src, "products"));
            assertThat(rowsCopied(targetPool, name, "customers"))
                .as("a kept table is not copied again")
                .isEqualTo(customersCopied);
            List<StatusReader.TableStatus> status = new StatusReader(targetPool).tables(name);
            assertThat(status)
                .filteredOn(t -> t.source().equals("products"))
                .singleElement()
                .satisfies(t -> assertThat(t.phase()).isEqualTo(TablePhase.DROPPED));
            assertThat(status)
                .filteredOn(t -> !t.source().equals("products"))
                .extracting(StatusReader.TableStatus::phase)
                .containsOnly(TablePhase.STREAMING)
                .hasSize(3);
            assertThat(run.live.control().cutover(true).checked().checks())
                .as("a dropped table does not hold the cutover back")
                .noneSatisfy(c -> assertThat(c.detail()).contains("products"));
            if (source == Engine.POSTGRESQL) {
              assertThat(published(sourcePool, name))
                  .as("the publication follows the tables")
                  .containsExactlyInAnyOrder("customers", "orders", "order_lines");
            }
          }

          assertThat(new Planner(third, sourcePool, targetPool).plan().findings())
              .anySatisfy(
                  f -> {
                    assertThat(f.severity()).isEqualTo(Finding.Severity.BLOCKER);
                    assertThat(f.message()).contains("products was dropped from the migration");
                    assertThat(f.fix()).contains("DROP TABLE");
                  });
          try (Connection c = tgt.connect();
              Statement st = c.createStatement()) {
            st.execute("DROP TABLE products");
          }
          try (Run run = Run.start(third, PausePoints.NONE)) {
            changeProducts(src, random);
            workload.close();
            assertThat(workload.failures()).isZero();
            run.live.drain(Duration.ofMinutes(2));
            for (String table : LiveMigrationIT.TABLES) {
              assertThat(allColumns(tgt, table))
                  .as("every column of %s, row by row", table)
                  .isEqualTo(allColumns(src, table));
            }
          }
        } finally {
          workload.close();
          if (source == Engine.POSTGRESQL) {
            LiveMigrationIT.dropSlotOnceReleased(sourcePool, name);
          }
          tgt.forgetMigration(name);
        }
      }
    }
  }

  private MigrationConfig config(
      String name, TestDatabase src, TestDatabase tgt, String... tables) {
    return TestMigration.config(
        name,
        src,
        tgt,
        ("work-dir: \"%s\"\nsnapshot: { workers: 2, chunk-rows: 1000 }\n"
                + "tables: { include: [%s] }")
            .formatted(workDir, String.join(", ", tables)));
  }

  /** Every product's price changes on the source. */
  private static void changeAllProducts(TestDatabase src) throws Exception {
    try (Connection c = src.connect();
        Statement st = c.createStatement()) {
      assertThat(st.executeUpdate("UPDATE products SET price = price + 1")).isPositive();
    }
  }

  /** A run of the migration, started once its snapshot finished and its lag is proven. */
  private record Run(LiveMigration live, CompletableFuture<Void> running) implements AutoCloseable {

    static Run start(MigrationConfig config, PausePoints pausePoints) throws Exception {
      LiveMigration live = new LiveMigration(config, new SimpleMeterRegistry(), pausePoints);
      CompletableFuture<Void> running = LiveRuns.start(live);
      waitUntil(
          Duration.ofMinutes(3),
          "the snapshot to finish or the run to end",
          () -> live.snapshotResult() != null || running.isDone());
      assertThat(running).isNotCompletedExceptionally();
      awaitLagProven(live);
      return new Run(live, running);
    }

    @Override
    public void close() throws Exception {
      live.stop(Duration.ofSeconds(60));
      running.join();
    }
  }

  /** Seeded price changes on the source's products, so a dropped table surely moves on there. */
  private static void changeProducts(TestDatabase src, Random random) throws Exception {
    try (Connection c = src.connect();
        PreparedStatement ps =
            c.prepareStatement(
                "UPDATE products SET price = ? WHERE sku = (SELECT sku FROM (SELECT sku FROM"
                    + " products ORDER BY sku LIMIT 1 OFFSET ?) p)")) {
      for (int i = 0; i < 10; i++) {
        ps.setBigDecimal(1, BigDecimal.valueOf(random.nextInt(1_000_000), 2));
        ps.setInt(2, random.nextInt(40));
        ps.executeUpdate();
      }
    }
  }

  private static long rowsCopied(HikariDataSource target, String migration, String table)
      throws Exception {
    return new StatusReader(target)
        .tables(migration).stream()
            .filter(t -> t.source().equals(table))
            .findFirst()
            .orElseThrow()
            .rowsCopied();
  }

  private static List<String> rows(TestDatabase db, String table) throws Exception {
    return LiveMigrationIT.rows(db, table);
  }

  /** The tables in the migration's PostgreSQL publication. */
  private static List<String> published(HikariDataSource source, String migration)
      throws Exception {
    List<String> tables = new ArrayList<>();
    try (Connection c = source.getConnection();
        PreparedStatement ps =
            c.prepareStatement("SELECT tablename FROM pg_publication_tables WHERE pubname = ?")) {
      ps.setString(1, "godwit_" + migration);
      try (ResultSet rs = ps.executeQuery()) {
        while (rs.next()) {
          tables.add(rs.getString(1));
        }
      }
    }
    return tables;
  }

  /**
   * Every row of a table with every column, as the engine's own JDBC driver reads it, sorted:
   * booleans as 1 or 0, decimals without trailing zeros, timestamps as local date-times in this
   * JVM's zone, JSON parsed and written with sorted keys (jsonb reorders them), whatever the
   * column's order.
   */
  private static List<String> allColumns(TestDatabase db, String table) throws Exception {
    List<String> rows = new ArrayList<>();
    try (Connection c = db.connect();
        Statement st = c.createStatement();
        ResultSet rs = st.executeQuery("SELECT * FROM " + table)) {
      ResultSetMetaData meta = rs.getMetaData();
      while (rs.next()) {
        TreeMap<String, String> row = new TreeMap<>();
        for (int i = 1; i <= meta.getColumnCount(); i++) {
          String column = meta.getColumnLabel(i).toLowerCase(Locale.ROOT);
          row.put(column, value(rs.getObject(i), column));
        }
        rows.add(row.toString());
      }
    }
    rows.sort(null);
    return rows;
  }

  private static String value(Object v, String column) throws Exception {
    if (v == null) {
      return "NULL";
    }
    if (v instanceof Boolean b) {
      return b ? "1" : "0";
    }
    if (v instanceof BigDecimal d) {
      return d.stripTrailingZeros().toPlainString();
    }
    if (v instanceof Number n) {
      return Long.toString(n.longValue());
    }
    if (v instanceof Timestamp t) {
      return t.toLocalDateTime().toString();
    }
    if (v instanceof LocalDateTime t) {
      return t.toString();
    }
    if (column.equals("note")) {
      return JSON.writeValueAsString(JSON.readValue(v.toString(), Object.class));
    }
    return v.toString();
  }
}
