package io.godwit.live;

import static io.godwit.live.LiveMigrationIT.start;
import static io.godwit.live.LiveMigrationIT.statusError;
import static io.godwit.live.SchemaChangeLiveIT.rows;
import static io.godwit.testing.Waits.waitUntil;
import static org.assertj.core.api.Assertions.assertThat;

import com.zaxxer.hikari.HikariDataSource;
import io.godwit.LiveMigration;
import io.godwit.capture.PostgresSlots;
import io.godwit.config.MigrationConfig;
import io.godwit.db.Dialect;
import io.godwit.engine.Engine;
import io.godwit.snapshot.PausePoints;
import io.godwit.state.AppliedOffsets;
import io.godwit.state.ValidationRecords;
import io.godwit.state.ValidationResult;
import io.godwit.testing.SharedKafka;
import io.godwit.testing.TestDataSources;
import io.godwit.testing.TestDatabase;
import io.godwit.testing.TestMigration;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.SQLException;
import java.time.Duration;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.CompletableFuture;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

/**
 * Source schema changes that used to leave the two sides different without a word: a column added
 * with a default computed when it is added, a column retyped with no new column to notice, and a
 * changed-mode final validation still trusting a baseline from before a schema change. Each ends in
 * equal rows or its table stopped with a reason naming the column and the fix.
 */
class SchemaChangeSlipLiveIT {

  @TempDir Path workDir;

  @ParameterizedTest
  @EnumSource(
      value = Engine.class,
      names = {"MARIADB", "POSTGRESQL"})
  void schemaChangesEndInEqualRowsOrANamedStop(Engine source) throws Exception {
    String suffix = source.name().toLowerCase(Locale.ROOT);
    String name = "silent_schema_" + suffix;
    boolean pg = source == Engine.POSTGRESQL;
    try (TestDatabase src = TestDatabase.create(source, "silent_schema_src_" + suffix);
        TestDatabase tgt = TestDatabase.create(Engine.POSTGRESQL, "silent_schema_tgt_" + suffix);
        HikariDataSource sourcePool = TestDataSources.pool(src);
        HikariDataSource targetPool = TestDataSources.pool(tgt)) {
      for (String table : List.of("plain", "stamped", "quiet", "priced")) {
        src.execute(
            "CREATE TABLE %s (id INT PRIMARY KEY, note VARCHAR(20) NOT NULL,".formatted(table)
                + " total DECIMAL(12,2) NOT NULL)",
            "INSERT INTO %s VALUES (1, 'a', 1.25), (2, 'b', 2.50), (3, 'c', 3.75)"
                .formatted(table));
      }
      MigrationConfig config =
          TestMigration.config(
              name, src, tgt, "work-dir: \"%s\"\n%s".formatted(workDir, SharedKafka.yaml(name)));
      LiveMigration live = new LiveMigration(config, new SimpleMeterRegistry(), PausePoints.NONE);
      CompletableFuture<Void> running = start(live);
      try {
        waitUntil(
            Duration.ofMinutes(2),
            "the snapshot to finish or the run to end",
            () -> live.snapshotResult() != null || running.isDone());
        assertThat(running).isNotCompletedExceptionally();
        live.drain(Duration.ofSeconds(30));

        // a clean validation's baseline, then a column added: changed mode must compare in full
        ValidationRecords records = new ValidationRecords(targetPool, name);
        try (Connection c = targetPool.getConnection()) {
          records.record(
              new ValidationResult.TableResult(
                  "plain", 3, 3, 0, 0, 0, 0, 0, 0, 0.1, List.of(), null),
              new AppliedOffsets(name, Dialect.of(Engine.POSTGRESQL)).load(c));
        }
        assertThat(records.baseline("plain")).isPresent();
        src.execute(
            "ALTER TABLE plain ADD COLUMN extra INT NULL",
            "UPDATE plain SET extra = 7 WHERE id = 1");
        live.drain(Duration.ofSeconds(30));
        String plain = "SELECT id, note, total, extra FROM plain";
        assertThat(rows(tgt, plain)).isEqualTo(rows(src, plain));
        assertThat(records.baseline("plain"))
            .as("a schema change resets the changed-mode baseline")
            .isEmpty();

        src.execute(
            pg
                ? "ALTER TABLE stamped ADD COLUMN created_at TIMESTAMP(6) NULL DEFAULT now()"
                : "ALTER TABLE stamped ADD COLUMN created_at DATETIME(6) NULL"
                    + " DEFAULT CURRENT_TIMESTAMP(6)",
            "UPDATE stamped SET note = 'after' WHERE id = 1",
            pg
                ? "ALTER TABLE quiet ADD COLUMN token UUID NULL DEFAULT gen_random_uuid()"
                : "ALTER TABLE quiet ADD COLUMN token VARCHAR(36) NULL DEFAULT (uuid())",
            pg
                ? "ALTER TABLE priced ALTER COLUMN total TYPE DECIMAL(12,4)"
                : "ALTER TABLE priced MODIFY total DECIMAL(12,4) NOT NULL",
            "UPDATE priced SET total = 1.2345 WHERE id = 1");
        waitUntil(
            Duration.ofSeconds(20),
            "stamped, quiet and priced to stop",
            () -> live.stoppedTables().containsAll(List.of("stamped", "quiet", "priced")));
        assertThat(live.stoppedTables())
            .as("each ends stopped: the rows differ (created_at, total rounded) where it goes on")
            .containsExactlyInAnyOrder("stamped", "quiet", "priced");
        assertThat(statusError(tgt, name, "stamped"))
            .contains("created_at")
            .contains("computed when the column is added")
            .contains("fix:");
        assertThat(statusError(tgt, name, "quiet"))
            .as("found without a change event to the table")
            .contains("token")
            .contains("computed when the column is added")
            .contains("fix:");
        assertThat(statusError(tgt, name, "priced"))
            .contains("column total changed type")
            .contains("fix:");

        src.execute("UPDATE plain SET note = 'later' WHERE id = 2");
        waitUntil(
            Duration.ofSeconds(30),
            "the other tables to match the source",
            () -> rows(tgt, plain).equals(rows(src, plain)));
        assertThat(rows(tgt, plain)).as("the other tables go on").isEqualTo(rows(src, plain));

        // the fix the stops name: copy two stopped tables afresh while the others stream
        assertThat(statusError(tgt, name, "priced")).contains("godwit resnapshot -c FILE priced");
        live.control().resnapshot(List.of("quiet", "priced"));
        src.execute("UPDATE priced SET total = 5.4321 WHERE id = 2");
        String quiet = "SELECT id, note, total, token FROM quiet";
        String priced = "SELECT id, note, total FROM priced";
        waitUntil(
            Duration.ofSeconds(60),
            "priced to stream again and priced and quiet to match the source",
            () -> {
              try {
                return !live.stoppedTables().contains("priced")
                    && rows(tgt, priced).equals(rows(src, priced))
                    && rows(tgt, quiet).equals(rows(src, quiet));
              } catch (SQLException beingCreatedAgain) {
                return false;
              }
            });
        assertThat(live.stoppedTables()).containsExactly("stamped");
        assertThat(statusError(tgt, name, "priced")).isNull();
        assertThat(rows(tgt, priced)).contains("2|b|5.4321|");
        assertThat(running).isNotCompletedExceptionally();
      } finally {
        live.stop(Duration.ofSeconds(60));
        running.exceptionally(e -> null).join();
        if (pg) {
          PostgresSlots.drop(sourcePool, name);
        }
      }
    }
  }
}
