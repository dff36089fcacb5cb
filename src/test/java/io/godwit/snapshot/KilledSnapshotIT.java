package io.godwit.snapshot;

import static org.assertj.core.api.Assertions.assertThat;

import io.godwit.Godwit;
import io.godwit.testing.ChildJvm;
import io.godwit.testing.TestDatabase;
import io.godwit.testing.TestMigration;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** A snapshot process killed mid-table; a new run resumes with exact row equality. */
class KilledSnapshotIT {

  @TempDir Path dir;

  @Test
  void aProcessKilledAfterAChunkIsResumedByTheNextRunWithExactRows() throws Exception {
    try (TestDatabase src = TestDatabase.mariadb("killed_src");
        TestDatabase tgt = TestDatabase.postgres("killed_tgt")) {
      src.execute(
          "CREATE TABLE events (id BIGINT NOT NULL PRIMARY KEY, body VARCHAR(40) NOT NULL)",
          "INSERT INTO events SELECT seq, CONCAT('event ', seq) FROM seq_1_to_20000");
      String yaml =
          TestMigration.yaml("killed", src, tgt, "snapshot: { workers: 1, chunk-rows: 1000 }");
      Path file = dir.resolve("killed.yaml");
      Files.writeString(file, yaml);

      Process child =
          ChildJvm.start(
              dir.resolve("child.log"),
              "512m",
              HaltAfterChunk.class,
              file.toString(),
              "events",
              "3");
      assertThat(child.waitFor(120, TimeUnit.SECONDS)).isTrue();
      assertThat(child.exitValue())
          .as("child halted; see %s", dir.resolve("child.log"))
          .isEqualTo(137);
      long copiedBeforeKill = SnapshotScenarioIT.count(tgt, "events");
      assertThat(copiedBeforeKill).isBetween(1L, 19_999L);

      SnapshotResult resumed =
          new Godwit(
                  TestMigration.config(
                      "killed", src, tgt, "snapshot: { workers: 1, chunk-rows: 1000 }"),
                  new SimpleMeterRegistry())
              .snapshot();
      assertThat(resumed.tables().get(0).chunksResumed()).isGreaterThanOrEqualTo(4);
      List<String> target = SnapshotScenarioIT.rows(tgt, "events");
      assertThat(target).hasSize(20_000).isEqualTo(SnapshotScenarioIT.rows(src, "events"));
    }
  }
}
