package io.godwit.live;

import static io.godwit.live.LiveMigrationIT.rows;
import static io.godwit.testing.Waits.waitUntil;
import static org.assertj.core.api.Assertions.assertThat;

import com.zaxxer.hikari.HikariDataSource;
import io.godwit.LiveMigration;
import io.godwit.capture.PostgresSlots;
import io.godwit.config.MigrationConfig;
import io.godwit.snapshot.PausePoints;
import io.godwit.testing.SharedKafka;
import io.godwit.testing.TestDataSources;
import io.godwit.testing.TestDatabase;
import io.godwit.testing.TestMigration;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import org.assertj.core.api.SoftAssertions;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * PostgreSQL data shapes whose changes were lost without an error: a partitioned table (changes
 * arrive under its partitions' names), a key changed while a TOASTed value stays unchanged (the
 * change carries no value for it), a generated column (pgoutput sends none). Each table must end
 * equal to the source, compared by reading both databases.
 */
class PostgresShapesLiveIT {

  private static final String TOASTED =
      "(SELECT string_agg(md5(random()::text), '') FROM generate_series(1, 400))";

  @TempDir Path workDir;

  @Test
  void partitionsToastedKeysAndGeneratedColumnsArriveEqual() throws Exception {
    String name = "shapes_pg";
    try (TestDatabase src = TestDatabase.postgres("shapes_src");
        TestDatabase tgt = TestDatabase.postgres("shapes_tgt");
        HikariDataSource sourcePool = TestDataSources.pool(src)) {
      src.execute(
          "CREATE TABLE parted (id int, region text, v int, PRIMARY KEY (id, region))"
              + " PARTITION BY LIST (region)",
          "CREATE TABLE parted_eu PARTITION OF parted FOR VALUES IN ('eu')",
          "CREATE TABLE parted_us PARTITION OF parted FOR VALUES IN ('us')",
          "INSERT INTO parted SELECT i, CASE WHEN i % 2 = 0 THEN 'eu' ELSE 'us' END, i"
              + " FROM generate_series(1, 20) i",
          "CREATE TABLE toasty (id int PRIMARY KEY, body text, n int)",
          "INSERT INTO toasty SELECT i, " + TOASTED + ", i FROM generate_series(1, 3) i",
          "CREATE TABLE gen (id int PRIMARY KEY, n int, g int GENERATED ALWAYS AS (n * 2) STORED)",
          "INSERT INTO gen (id, n) SELECT i, i FROM generate_series(1, 5) i");
      MigrationConfig config =
          TestMigration.config(
              name,
              src,
              tgt,
              "work-dir: \"%s\"\nsnapshot: { workers: 2 }\n%s"
                  .formatted(workDir, SharedKafka.yaml(name)));
      LiveMigration live = new LiveMigration(config, new SimpleMeterRegistry(), PausePoints.NONE);
      CompletableFuture<Void> running = LiveMigrationIT.start(live);
      try {
        waitUntil(
            Duration.ofMinutes(3),
            "the snapshot to finish or the run to end",
            () -> live.snapshotResult() != null || running.isDone());
        assertThat(running).isNotCompletedExceptionally();
        src.execute(
            "INSERT INTO parted VALUES (21, 'eu', 21), (22, 'us', 22)",
            "UPDATE parted SET v = v * 10 WHERE id <= 6",
            "DELETE FROM parted WHERE id IN (7, 8)",
            "UPDATE parted SET region = 'eu' WHERE id = 9",
            "UPDATE toasty SET id = 100 WHERE id = 1",
            "UPDATE toasty SET n = 20 WHERE id = 2",
            "UPDATE gen SET n = 50 WHERE id = 1",
            "INSERT INTO gen (id, n) VALUES (6, 6)");
        waitUntil(
            Duration.ofSeconds(90),
            "parted, toasty and gen to match the source or stop",
            () ->
                List.of("parted", "toasty", "gen").stream()
                    .allMatch(t -> same(src, tgt, t) || live.stoppedTables().contains(t)));
        SoftAssertions soft = new SoftAssertions();
        for (String table : List.of("parted", "toasty", "gen")) {
          soft.assertThat(rows(tgt, table)).as(table).isEqualTo(rows(src, table));
        }
        soft.assertThat(live.stoppedTables()).as("stopped tables").isEmpty();
        soft.assertAll();
      } finally {
        live.stop(Duration.ofSeconds(60));
        running.exceptionally(e -> null).join();
        PostgresSlots.drop(sourcePool, name);
      }
    }
  }

  private static boolean same(TestDatabase a, TestDatabase b, String table) {
    try {
      return rows(a, table).equals(rows(b, table));
    } catch (Exception e) {
      return false;
    }
  }
}
