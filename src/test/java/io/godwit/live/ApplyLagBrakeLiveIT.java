package io.godwit.live;

import static io.godwit.testing.Waits.within;
import static org.assertj.core.api.Assertions.assertThat;

import io.godwit.LiveMigration;
import io.godwit.config.MigrationConfig;
import io.godwit.control.StatusView;
import io.godwit.demo.ShopSchema;
import io.godwit.engine.Engine;
import io.godwit.snapshot.PausePoints;
import io.godwit.testing.LiveRuns;
import io.godwit.testing.SharedKafka;
import io.godwit.testing.TestDatabase;
import io.godwit.testing.TestMigration;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.Statement;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code snapshot.max-apply-lag} in a live run, MariaDB -> PostgreSQL: while a large table is still
 * being copied (it sorts last, so the shop's small tables are copied and streaming before it), the
 * applier of a table already streaming is paused (the operator's applier pause) and that table
 * keeps changing on the source, so the streaming tables' proven lag passes the limit. The copy must
 * hold (the large table's target rows stop growing, the status names the brake) and go on once the
 * applier resumes and the lag falls; the copy then ends complete.
 */
class ApplyLagBrakeLiveIT {

  private static final int MOVES = 40_000;

  @TempDir Path workDir;

  @Test
  void theCopyWaitsWhileTheStreamingTablesLagAndFinishesAfter() throws Exception {
    long seed = new Random().nextLong();
    System.out.println("ApplyLagBrakeLiveIT seed " + seed);
    Random random = new Random(seed);
    try (TestDatabase src = TestDatabase.create(Engine.MARIADB, "brake_src");
        TestDatabase tgt = TestDatabase.create(Engine.POSTGRESQL, "brake_tgt")) {
      try (Connection c = src.connect();
          Statement st = c.createStatement()) {
        ShopSchema.create(c, Engine.MARIADB, 300);
        st.execute("CREATE TABLE stock_moves (id INT PRIMARY KEY, payload VARCHAR(60) NOT NULL)");
        st.execute("SET SESSION max_recursive_iterations = " + MOVES);
        st.execute(
            "INSERT INTO stock_moves WITH RECURSIVE n (i) AS (SELECT 1 UNION ALL SELECT i + 1 FROM n"
                + " WHERE i < %d) SELECT i, CONCAT('payload ', i) FROM n".formatted(MOVES));
      }
      MigrationConfig config =
          TestMigration.config(
              "brake",
              src,
              tgt,
              ("work-dir: \"%s\"\nsnapshot: { workers: 2, chunk-rows: 1000,"
                      + " rows-per-second: 2000, max-apply-lag: 3s }\n%s")
                  .formatted(workDir, SharedKafka.yaml("brake")));
      LiveMigration live = new LiveMigration(config, new SimpleMeterRegistry(), PausePoints.NONE);
      CompletableFuture<Void> running = LiveRuns.start(live);
      List<String> pausedApplier = new ArrayList<>();
      try {
        assertThat(within(60_000, () -> !live.control().status().tables().isEmpty())).isTrue();
        String customers =
            live.control().status().tables().stream()
                .map(StatusView.TableView::table)
                .filter(t -> t.endsWith("customers"))
                .findFirst()
                .orElseThrow();
        assertThat(within(60_000, () -> live.lagSeconds(customers).isPresent()))
            .as("customers copied and streaming while stock_moves is copied")
            .isTrue();
        live.control().applyPaused(List.of(customers), true);
        pausedApplier.add(customers);
        assertThat(
                within(
                    20_000,
                    () -> {
                      renameCustomers(src, random);
                      return pausedBy(live).contains("apply-lag");
                    }))
            .as("the copy held by the brake; lag %s", live.lagSeconds(customers))
            .isTrue();
        assertThat(live.snapshotResult()).as("stock_moves still being copied").isNull();
        // chunks that passed the throttle before the hold still commit; let them land
        Thread.sleep(2_000);
        long held = count(tgt, "stock_moves");
        Thread.sleep(2_500);
        assertThat(count(tgt, "stock_moves"))
            .as("stock_moves rows copied while held")
            .isEqualTo(held);
        assertThat(held).isLessThan(MOVES);

        live.control().applyPaused(List.of(customers), false);
        pausedApplier.clear();
        assertThat(within(90_000, () -> live.snapshotResult() != null))
            .as("the copy went on once the lag fell")
            .isTrue();
        assertThat(count(tgt, "stock_moves")).isEqualTo(MOVES);
        assertThat(pausedBy(live)).isEmpty();
      } finally {
        if (!pausedApplier.isEmpty()) {
          // a held copy waits for the brake: resume the applier so the lag, and the hold, end
          live.control().applyPaused(pausedApplier, false);
        }
        live.stop(Duration.ofSeconds(60));
        running.exceptionally(e -> null).get(3, TimeUnit.MINUTES);
        tgt.forgetMigration("brake");
      }
    }
  }

  private static List<String> pausedBy(LiveMigration live) throws Exception {
    StatusView.ThrottleView throttle = live.control().status().throttle();
    return throttle == null ? List.of() : throttle.pausedBy();
  }

  /** Renames a few seeded customers on the source, so the paused table has events waiting. */
  private static void renameCustomers(TestDatabase src, Random random) throws Exception {
    try (Connection c = src.connect();
        PreparedStatement ps = c.prepareStatement("UPDATE customers SET name = ? WHERE id = ?")) {
      for (int i = 0; i < 5; i++) {
        ps.setString(1, "renamed " + random.nextInt(1_000_000));
        ps.setInt(2, 1 + random.nextInt(300));
        ps.executeUpdate();
      }
    }
  }

  private static long count(TestDatabase db, String table) throws Exception {
    try (Connection c = db.connect();
        Statement st = c.createStatement();
        ResultSet rs = st.executeQuery("SELECT COUNT(*) FROM " + table)) {
      rs.next();
      return rs.getLong(1);
    }
  }
}
