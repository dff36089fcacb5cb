package io.godwit.live;

import static io.godwit.live.LiveMigrationIT.rows;
import static io.godwit.testing.Waits.waitUntil;
import static org.assertj.core.api.Assertions.assertThat;

import com.zaxxer.hikari.HikariDataSource;
import io.godwit.LiveMigration;
import io.godwit.capture.PostgresSlots;
import io.godwit.config.MigrationConfig;
import io.godwit.snapshot.PausePoints;
import io.godwit.testing.TestDataSources;
import io.godwit.testing.TestDatabase;
import io.godwit.testing.TestMigration;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.Statement;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A restarted migration reuses its replication slot: when every other slot of the server is taken,
 * the restart still starts and streams what changed while it was stopped (PostgreSQL ->
 * PostgreSQL). The free slots are filled with physical slots for the restart's duration.
 */
class FullSlotsRestartLiveIT {

  @TempDir Path workDir;

  @Test
  void aRestartStartsWhenItsOwnSlotIsTheOnlyOneLeft() throws Exception {
    String name = "full_slots";
    try (TestDatabase src = TestDatabase.postgres("fullslots_src");
        TestDatabase tgt = TestDatabase.postgres("fullslots_tgt");
        HikariDataSource sourcePool = TestDataSources.pool(src)) {
      src.execute(
          "CREATE TABLE items (id int PRIMARY KEY, v int)",
          "INSERT INTO items SELECT i, i FROM generate_series(1, 10) i");
      MigrationConfig config =
          TestMigration.config(name, src, tgt, "work-dir: \"%s\"".formatted(workDir));
      List<String> fillers = new ArrayList<>();
      try {
        run(config, () -> {});
        src.execute("UPDATE items SET v = v * 10", "INSERT INTO items VALUES (11, 11)");
        try (Connection c = src.connect();
            Statement st = c.createStatement()) {
          int free = TestDatabase.freeReplicationSlots(st);
          for (int i = 0; i < free; i++) {
            String slot = "godwit_it_full_" + i;
            st.execute("SELECT pg_create_physical_replication_slot('" + slot + "')");
            fillers.add(slot);
          }
        }
        run(
            config,
            () ->
                waitUntil(
                    Duration.ofSeconds(60),
                    "items to match the source",
                    () -> rows(tgt, "items").equals(rows(src, "items"))));
        assertThat(rows(tgt, "items")).isEqualTo(rows(src, "items"));
      } finally {
        try (Connection c = src.connect();
            Statement st = c.createStatement()) {
          for (String slot : fillers) {
            st.execute("SELECT pg_drop_replication_slot('" + slot + "')");
          }
        }
        PostgresSlots.drop(sourcePool, name);
      }
    }
  }

  interface Step {
    void run() throws Exception;
  }

  /** Runs the migration until its copy is done and {@code then} returned, then stops it. */
  private static void run(MigrationConfig config, Step then) throws Exception {
    LiveMigration live = new LiveMigration(config, new SimpleMeterRegistry(), PausePoints.NONE);
    CompletableFuture<Void> running = LiveMigrationIT.start(live);
    try {
      waitUntil(
          Duration.ofMinutes(2),
          "the snapshot to finish or the run to end",
          () -> live.snapshotResult() != null || running.isDone());
      assertThat(running).as("the run started and copied").isNotCompletedExceptionally();
      assertThat(live.snapshotResult()).isNotNull();
      then.run();
    } finally {
      live.stop(Duration.ofSeconds(60));
      running.exceptionally(e -> null).join();
    }
  }
}
