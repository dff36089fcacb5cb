package io.godwit.live;

import static io.godwit.live.LiveMigrationIT.start;
import static io.godwit.testing.Waits.waitUntil;
import static org.assertj.core.api.Assertions.assertThat;

import com.zaxxer.hikari.HikariDataSource;
import io.godwit.LiveMigration;
import io.godwit.capture.PostgresSlots;
import io.godwit.config.MigrationConfig;
import io.godwit.engine.Engine;
import io.godwit.snapshot.PausePoints;
import io.godwit.testing.SharedKafka;
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
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

/**
 * A unique column whose values move between rows while the table is copied: the copy holds rows
 * from different moments, and replaying older events against it passes through states the final one
 * does not. A unique index built at the copy's end refuses both (the index build, or an old event
 * that takes a value a later copied row holds); built once the applier passed the copy's end, it
 * finds the source's final state and the table goes on.
 */
class UniqueIndexLiveIT {

  private static final String SELECT = "SELECT id, code FROM codes";

  @TempDir Path workDir;

  @ParameterizedTest
  @EnumSource(
      value = Engine.class,
      names = {"MARIADB", "POSTGRESQL"})
  void uniqueIndexesWaitUntilTheReplayPassedTheCopysEnd(Engine source) throws Exception {
    String suffix = source.name().toLowerCase(Locale.ROOT);
    String name = "silent_unique_" + suffix;
    try (TestDatabase src = TestDatabase.create(source, "silent_unique_src_" + suffix);
        TestDatabase tgt = TestDatabase.create(Engine.POSTGRESQL, "silent_unique_tgt_" + suffix);
        HikariDataSource sourcePool = TestDataSources.pool(src)) {
      src.execute(
          "CREATE TABLE codes (id INT PRIMARY KEY, code VARCHAR(10) NOT NULL,"
              + " CONSTRAINT codes_code UNIQUE (code))",
          source == Engine.POSTGRESQL
              ? "INSERT INTO codes SELECT g, 'c' || g FROM generate_series(1, 2000) g"
              : "INSERT INTO codes SELECT seq, CONCAT('c', seq) FROM seq_1_to_2000");
      PausePoints interleave =
          new PausePoints() {
            @Override
            public void beforeSnapshot() throws Exception {
              // copied in its final state, replayed one event at a time: 2 takes x before 3 does
              src.execute(
                  "UPDATE codes SET code = 'x' WHERE id = 2",
                  "UPDATE codes SET code = 'c2b' WHERE id = 2",
                  "UPDATE codes SET code = 'x' WHERE id = 3");
            }

            @Override
            public void afterChunk(String table, int chunk) throws Exception {
              if (chunk == 0) {
                // row 1 is copied already, row 2000 not yet: both reach the target as c1
                src.execute(
                    "UPDATE codes SET code = 'tmp' WHERE id = 1",
                    "UPDATE codes SET code = 'c1' WHERE id = 2000",
                    "UPDATE codes SET code = 'c2000' WHERE id = 1");
              }
            }
          };
      MigrationConfig config =
          TestMigration.config(
              name,
              src,
              tgt,
              "work-dir: \"%s\"\nsnapshot: { workers: 1, chunk-rows: 1000 }\napply: { batch-size: 1 }\n%s"
                  .formatted(workDir, SharedKafka.yaml(name)));
      LiveMigration live = new LiveMigration(config, new SimpleMeterRegistry(), interleave);
      CompletableFuture<Void> running = start(live);
      try {
        waitUntil(
            Duration.ofMinutes(2),
            "the snapshot to finish or the run to end",
            () -> live.snapshotResult() != null || running.isDone());
        assertThat(running).isNotCompletedExceptionally();
        live.drain(Duration.ofSeconds(30));
        assertThat(live.stoppedTables()).isEmpty();
        assertThat(rows(tgt)).isEqualTo(rows(src)).hasSize(2000);
        waitUntil(
            Duration.ofSeconds(30),
            "the unique index codes_code on the target",
            () -> uniqueIndexes(tgt).contains("codes_code"));
        assertThat(uniqueIndexes(tgt)).containsExactly("codes_code");

        src.execute(
            "UPDATE codes SET code = 'y' WHERE id = 3", "UPDATE codes SET code = 'x' WHERE id = 4");
        live.drain(Duration.ofSeconds(30));
        assertThat(rows(tgt)).as("the table goes on").isEqualTo(rows(src));
        assertThat(running).isNotCompletedExceptionally();
      } finally {
        live.stop(Duration.ofSeconds(60));
        running.exceptionally(e -> null).join();
        if (source == Engine.POSTGRESQL) {
          PostgresSlots.drop(sourcePool, name);
        }
      }
    }
  }

  /** The target's unique indexes on codes other than its primary key. */
  private static List<String> uniqueIndexes(TestDatabase db) throws Exception {
    List<String> names = new ArrayList<>();
    try (Connection c = db.connect();
        Statement st = c.createStatement();
        ResultSet rs =
            st.executeQuery(
                """
                SELECT i.relname FROM pg_index x
                JOIN pg_class i ON i.oid = x.indexrelid
                JOIN pg_class t ON t.oid = x.indrelid
                WHERE t.relname = 'codes' AND x.indisunique AND NOT x.indisprimary
                """)) {
      while (rs.next()) {
        names.add(rs.getString(1));
      }
    }
    return names;
  }

  private static List<String> rows(TestDatabase db) throws Exception {
    List<String> rows = new ArrayList<>();
    try (Connection c = db.connect();
        Statement st = c.createStatement();
        ResultSet rs = st.executeQuery(SELECT + " ORDER BY id")) {
      while (rs.next()) {
        rows.add(rs.getString(1) + "|" + rs.getString(2));
      }
    }
    return rows;
  }
}
