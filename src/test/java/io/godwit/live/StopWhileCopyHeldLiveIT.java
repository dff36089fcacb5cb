package io.godwit.live;

import static io.godwit.testing.Waits.within;
import static org.assertj.core.api.Assertions.assertThat;

import io.godwit.LiveMigration;
import io.godwit.config.MigrationConfig;
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
 * A stop while the operator holds the copy (MariaDB -> PostgreSQL): the run ends promptly instead
 * of waiting for a resume that never comes, the chunk held half-way keeps nothing (every row on the
 * target belongs to a chunk marked done), and a new run copies the rest, equal to the source.
 */
class StopWhileCopyHeldLiveIT {

  private static final int ROWS = 8_000;
  private static final String MIGRATION = "stop_held";

  @TempDir Path workDir;

  @Test
  void aStopEndsAHeldCopyPromptlyAndANewRunResumesIt() throws Exception {
    long seed = new Random().nextLong();
    System.out.println("StopWhileCopyHeldLiveIT seed " + seed);
    Random random = new Random(seed);
    try (TestDatabase src = TestDatabase.create(Engine.MARIADB, "stop_held_src");
        TestDatabase tgt = TestDatabase.create(Engine.POSTGRESQL, "stop_held_tgt")) {
      fill(src, random);
      String kafka = SharedKafka.yaml(MIGRATION);
      MigrationConfig held =
          TestMigration.config(
              MIGRATION,
              src,
              tgt,
              ("work-dir: \"%s\"\nsnapshot: { workers: 2, chunk-rows: 1000, rows-per-second: 2000 }"
                      + "\n%s")
                  .formatted(workDir, kafka));
      LiveMigration first = new LiveMigration(held, new SimpleMeterRegistry(), PausePoints.NONE);
      CompletableFuture<Void> running = LiveRuns.start(first);
      try {
        assertThat(
                within(
                    60_000,
                    () -> !first.control().status().tables().isEmpty() && chunksDone(tgt)[1] >= 1))
            .as("a chunk copied before the hold")
            .isTrue();
        first.control().throttle(2000, true);
        long stopping = System.nanoTime();
        first.stop(Duration.ofSeconds(15));
        long stopMs = (System.nanoTime() - stopping) / 1_000_000;
        System.out.println("StopWhileCopyHeldLiveIT: the held run stopped in " + stopMs + " ms");
        // stop returns once run() is past its end; the future completes just after run() returns
        assertThat(within(5_000, running::isDone)).as("the held run ended after its stop").isTrue();
        assertThat(running).as("a stop is no failure").isCompleted();
        assertThat(stopMs).isLessThan(10_000);
      } finally {
        first.control().throttle(0, false);
        first.stop(Duration.ofSeconds(60));
        running.exceptionally(e -> null).get(2, TimeUnit.MINUTES);
      }
      long[] done = chunksDone(tgt);
      assertThat(done[1]).as("chunks done before the stop").isLessThan(ROWS / 1000);
      assertThat(count(tgt))
          .as("rows on the target: only those of chunks marked done")
          .isEqualTo(done[0]);

      MigrationConfig free =
          TestMigration.config(
              MIGRATION,
              src,
              tgt,
              "work-dir: \"%s\"\nsnapshot: { workers: 2, chunk-rows: 1000 }\n%s"
                  .formatted(workDir, kafka));
      LiveMigration second = new LiveMigration(free, new SimpleMeterRegistry(), PausePoints.NONE);
      CompletableFuture<Void> resumed = LiveRuns.start(second);
      try {
        assertThat(within(60_000, () -> second.snapshotResult() != null))
            .as("the new run finished the copy")
            .isTrue();
        assertThat(rows(tgt)).isEqualTo(rows(src));
      } finally {
        second.stop(Duration.ofSeconds(60));
        resumed.exceptionally(e -> null).get(2, TimeUnit.MINUTES);
        tgt.forgetMigration(MIGRATION);
      }
    }
  }

  /** Seeded payloads, with the boundaries of the column: empty, full width, non-ASCII. */
  private static void fill(TestDatabase src, Random random) throws Exception {
    try (Connection c = src.connect()) {
      try (Statement st = c.createStatement()) {
        st.execute("CREATE TABLE parcels (id INT PRIMARY KEY, payload VARCHAR(40) NOT NULL)");
      }
      c.setAutoCommit(false);
      try (PreparedStatement ps = c.prepareStatement("INSERT INTO parcels VALUES (?, ?)")) {
        for (int id = 1; id <= ROWS; id++) {
          ps.setInt(1, id);
          ps.setString(
              2,
              switch (id % 97) {
                case 0 -> "";
                case 1 -> "x".repeat(40);
                case 2 -> "ümlaut ✓ " + id;
                default -> Long.toString(random.nextLong(), 36);
              });
          ps.addBatch();
        }
        ps.executeBatch();
      }
      c.commit();
    }
  }

  /** The rows copied by the chunks marked done, and how many chunks are. */
  private static long[] chunksDone(TestDatabase tgt) throws Exception {
    try (Connection c = tgt.connect();
        PreparedStatement ps =
            c.prepareStatement(
                "SELECT COALESCE(SUM(rows_copied), 0), COUNT(*) FROM _godwit.chunk"
                    + " WHERE migration = ? AND done_at IS NOT NULL")) {
      ps.setString(1, MIGRATION);
      try (ResultSet rs = ps.executeQuery()) {
        rs.next();
        return new long[] {rs.getLong(1), rs.getLong(2)};
      }
    }
  }

  private static long count(TestDatabase tgt) throws Exception {
    try (Connection c = tgt.connect();
        Statement st = c.createStatement();
        ResultSet rs = st.executeQuery("SELECT COUNT(*) FROM parcels")) {
      rs.next();
      return rs.getLong(1);
    }
  }

  /** Every row in key order as the engine returns it. */
  private static List<String> rows(TestDatabase db) throws Exception {
    List<String> rows = new ArrayList<>();
    try (Connection c = db.connect();
        Statement st = c.createStatement();
        ResultSet rs = st.executeQuery("SELECT id, payload FROM parcels ORDER BY id")) {
      while (rs.next()) {
        rows.add(rs.getInt(1) + "|" + rs.getString(2));
      }
    }
    return rows;
  }
}
