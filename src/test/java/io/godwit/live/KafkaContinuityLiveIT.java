package io.godwit.live;

import static io.godwit.live.LiveMigrationIT.rows;
import static io.godwit.testing.Waits.waitUntil;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.godwit.LiveMigration;
import io.godwit.config.MigrationConfig;
import io.godwit.demo.ShopSchema;
import io.godwit.engine.Engine;
import io.godwit.snapshot.PausePoints;
import io.godwit.testing.TestDatabase;
import io.godwit.testing.TestMigration;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.Statement;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The change stream must be the one the target's stored offsets belong to. The embedded broker's
 * data is deleted while the migration is stopped and the source changes meanwhile: the next run
 * would stream from "now" and reset its consumer, losing those changes, so it refuses instead,
 * naming what happened and the fix, with the source still writable and the state left as it was.
 */
class KafkaContinuityLiveIT {

  @TempDir Path workDir;

  @Test
  void aRunRefusesToStartOnKafkaThatLostItsData() throws Exception {
    String name = "kc_lost_data";
    try (TestDatabase src = TestDatabase.mariadb("kc_lost_src");
        TestDatabase tgt = TestDatabase.postgres("kc_lost_tgt")) {
      try (Connection c = src.connect()) {
        ShopSchema.create(c, Engine.MARIADB, 50);
      }
      MigrationConfig config =
          TestMigration.config(
              name,
              src,
              tgt,
              "work-dir: \"%s\"\nsnapshot: { workers: 1, chunk-rows: 1000 }".formatted(workDir));

      LiveMigration first = new LiveMigration(config, new SimpleMeterRegistry(), PausePoints.NONE);
      CompletableFuture<Void> running = LiveMigrationIT.start(first);
      try {
        waitUntil(
            Duration.ofMinutes(2),
            "the snapshot to finish or the run to end",
            () -> first.snapshotResult() != null || running.isDone());
        assertThat(running).isNotCompletedExceptionally();
        src.execute("UPDATE customers SET name = 'streamed' WHERE id <= 10");
        first.drain(Duration.ofMinutes(1));
      } finally {
        first.stop(Duration.ofSeconds(60));
        running.exceptionally(e -> null).join();
      }
      assertThat(rows(tgt, "customers")).isEqualTo(rows(src, "customers"));
      List<String> stateBefore = state(tgt, name);

      deleteRecursively(workDir.resolve("kafka"));
      src.execute(
          "INSERT INTO customers (email, name, vip) SELECT CONCAT('while-down-', seq, '@x'),"
              + " 'written while stopped', 0 FROM seq_1_to_30",
          "UPDATE customers SET name = 'updated while stopped' WHERE id BETWEEN 11 AND 20");

      LiveMigration second = new LiveMigration(config, new SimpleMeterRegistry(), PausePoints.NONE);
      CompletableFuture<Void> again = LiveMigrationIT.start(second);
      try {
        waitUntil(
            Duration.ofMinutes(2),
            "the second run's snapshot to finish or the run to end",
            () -> second.snapshotResult() != null || again.isDone());
        if (!again.isDone()) {
          second.drain(Duration.ofMinutes(1));
          assertThat(rows(tgt, "customers"))
              .as("the run neither refused nor brought the changes made while it was stopped")
              .isEqualTo(rows(src, "customers"));
        }
        assertThatThrownBy(again::join)
            .hasMessageContaining("the Kafka cluster of migration kc_lost_data changed")
            .hasMessageContaining("changes captured before")
            .hasMessageContaining("fix:")
            .hasMessageContaining("start the migration afresh");
      } finally {
        second.stop(Duration.ofSeconds(60));
        again.exceptionally(e -> null).join();
      }

      src.execute("INSERT INTO customers (email, name, vip) VALUES ('after@x', 'writable', 0)");
      assertThat(state(tgt, name)).as("the refusal changed no state").isEqualTo(stateBefore);
    }
  }

  /** The migration's stored offsets, Kafka identities and table phases, as text. */
  private static List<String> state(TestDatabase target, String migration) throws Exception {
    List<String> state = new ArrayList<>();
    for (String select :
        List.of(
            "SELECT topic, \"partition\", next_offset FROM _godwit.applied_offset",
            "SELECT cluster_id FROM _godwit.kafka_cluster",
            "SELECT topic, topic_id FROM _godwit.kafka_topic",
            "SELECT source_table, phase FROM _godwit.table_state")) {
      try (Connection c = target.connect();
          Statement st = c.createStatement();
          ResultSet rs =
              st.executeQuery(select + " WHERE migration = '" + migration + "' ORDER BY 1")) {
        int n = rs.getMetaData().getColumnCount();
        while (rs.next()) {
          StringBuilder row = new StringBuilder();
          for (int i = 1; i <= n; i++) {
            row.append(rs.getString(i)).append('|');
          }
          state.add(row.toString());
        }
      }
    }
    return state;
  }

  private static void deleteRecursively(Path dir) throws Exception {
    try (Stream<Path> paths = Files.walk(dir)) {
      for (Path p : paths.sorted(Comparator.reverseOrder()).toList()) {
        Files.delete(p);
      }
    }
  }
}
