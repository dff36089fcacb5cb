package io.godwit.live;

import static org.assertj.core.api.Assertions.assertThat;

import com.zaxxer.hikari.HikariDataSource;
import io.godwit.LiveMigration;
import io.godwit.config.MigrationConfig;
import io.godwit.db.Engine;
import io.godwit.demo.ShopSchema;
import io.godwit.demo.Workload;
import io.godwit.snapshot.PausePoints;
import io.godwit.testing.TestDataSources;
import io.godwit.testing.TestDatabase;
import io.godwit.testing.TestMigration;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.Statement;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.CompletableFuture;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A live migration end to end: a write workload (inserts, updates, deletes, key updates,
 * transactions over two tables) runs before, during and after the snapshot; once it stops, the
 * target reaches the source's state row for row. Subclasses name the direction.
 */
abstract class LiveMigrationIT {

  static final List<String> TABLES = List.of("customers", "products", "orders", "order_lines");

  @TempDir Path workDir;

  abstract Engine source();

  abstract Engine target();

  /** Clean-up of what the capture left on the source (PostgreSQL: slot and publication). */
  void cleanUpSource(HikariDataSource source, String migration) throws Exception {}

  /** Something done to the target while changes stream, e.g. killing its connections. */
  interface Disruption {
    void apply(TestDatabase target) throws Exception;
  }

  @Test
  void theTargetConvergesOnTheSourceUnderAConcurrentWorkload() throws Exception {
    convergesUnderWorkload(target -> {});
  }

  void convergesUnderWorkload(Disruption whileStreaming) throws Exception {
    String suffix = (source() + "_" + target()).toLowerCase(Locale.ROOT);
    String name = "live_" + suffix;
    try (TestDatabase src = TestDatabase.create(source(), "live_src_" + suffix);
        TestDatabase tgt = TestDatabase.create(target(), "live_tgt_" + suffix);
        HikariDataSource sourcePool = TestDataSources.pool(src)) {
      try (Connection c = src.connect()) {
        ShopSchema.create(c, source(), 300);
      }
      MigrationConfig config =
          TestMigration.config(
              name,
              src,
              tgt,
              "work-dir: \"%s\"\nsnapshot: { workers: 2, chunk-rows: 1000 }"
                  .formatted(workDir.toString()));
      LiveMigration live = new LiveMigration(config, new SimpleMeterRegistry(), PausePoints.NONE);
      try (Workload workload = new Workload(sourcePool, 2, 150, 300).start()) {
        CompletableFuture<Void> running =
            CompletableFuture.runAsync(
                () -> {
                  try {
                    live.run();
                  } catch (Exception e) {
                    throw new IllegalStateException(e);
                  }
                });
        try {
          waitUntil(Duration.ofMinutes(3), () -> live.snapshotResult() != null || running.isDone());
          assertThat(running).isNotCompletedExceptionally();
          Thread.sleep(1500);
          whileStreaming.apply(tgt);
          Thread.sleep(1500);
          workload.close();
          assertThat(workload.transactions()).isPositive();
          waitUntil(Duration.ofMinutes(2), () -> sameRows(src, tgt) || running.isDone());
          assertThat(running).isNotCompletedExceptionally();
          for (String table : TABLES) {
            assertThat(rows(tgt, table)).as("rows of %s", table).isEqualTo(rows(src, table));
          }
        } finally {
          live.stop(Duration.ofSeconds(60));
          running.exceptionally(e -> null).join();
          cleanUpSource(sourcePool, name);
          if (target().isMySqlFamily()) {
            tgt.execute("DROP DATABASE IF EXISTS _godwit");
          }
        }
      }
    }
  }

  interface Condition {
    boolean holds() throws Exception;
  }

  static void waitUntil(Duration timeout, Condition condition) throws Exception {
    long deadline = System.nanoTime() + timeout.toNanos();
    while (!condition.holds()) {
      if (System.nanoTime() > deadline) {
        return;
      }
      Thread.sleep(250);
    }
  }

  static boolean sameRows(TestDatabase a, TestDatabase b) throws Exception {
    for (String table : TABLES) {
      if (!rows(a, table).equals(rows(b, table))) {
        return false;
      }
    }
    return true;
  }

  private static final java.util.regex.Pattern FRACTION =
      java.util.regex.Pattern.compile("^(\\d{4}-\\d\\d-\\d\\d \\d\\d:\\d\\d:\\d\\d)(\\.\\d*?)0*$");

  /** Timestamps without trailing zeros in their fraction, as engines print them differently. */
  static String normalise(String value) {
    if (value == null) {
      return null;
    }
    var m = FRACTION.matcher(value);
    if (!m.matches()) {
      return value;
    }
    String fraction = m.group(2);
    return m.group(1) + (fraction.equals(".") ? "" : fraction);
  }

  /** Every row as text, sorted; booleans and JSON written the same way on both engines. */
  static List<String> rows(TestDatabase db, String table) throws Exception {
    List<String> rows = new ArrayList<>();
    String select =
        switch (table) {
          case "customers" ->
              "SELECT id, email, name, CASE WHEN vip THEN 1 ELSE 0 END FROM customers";
          case "orders" -> "SELECT id, customer_id, status, total, placed_at FROM orders";
          default -> "SELECT * FROM " + table;
        };
    try (Connection c = db.connect();
        Statement st = c.createStatement();
        ResultSet rs = st.executeQuery(select)) {
      int n = rs.getMetaData().getColumnCount();
      while (rs.next()) {
        StringBuilder row = new StringBuilder();
        for (int i = 1; i <= n; i++) {
          row.append(normalise(rs.getString(i))).append('|');
        }
        rows.add(row.toString());
      }
    }
    rows.sort(null);
    return rows;
  }
}
