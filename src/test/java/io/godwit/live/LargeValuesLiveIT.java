package io.godwit.live;

import static io.godwit.testing.Waits.waitUntil;
import static org.assertj.core.api.Assertions.assertThat;

import io.godwit.LiveMigration;
import io.godwit.config.MigrationConfig;
import io.godwit.snapshot.PausePoints;
import io.godwit.testing.SharedKafka;
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
import java.util.concurrent.CompletableFuture;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A row far larger than Kafka's default 1 MB message limit, inserted and updated while the
 * migration streams, arrives whole (compared by length and checksum on both engines).
 */
class LargeValuesLiveIT {

  private static final int MB = 1024 * 1024;

  @TempDir Path workDir;

  @Test
  void rowsOfSeveralMegabytesStreamWhole() throws Exception {
    String name = "large_values";
    try (TestDatabase src = TestDatabase.mariadb("large_src");
        TestDatabase tgt = TestDatabase.postgres("large_tgt")) {
      src.execute(
          "CREATE TABLE docs (id INT PRIMARY KEY, body LONGTEXT, raw LONGBLOB)",
          "INSERT INTO docs VALUES (1, 'small', NULL)");
      MigrationConfig config =
          TestMigration.config(
              name, src, tgt, "work-dir: \"%s\"\n%s".formatted(workDir, SharedKafka.yaml(name)));
      LiveMigration live = new LiveMigration(config, new SimpleMeterRegistry(), PausePoints.NONE);
      CompletableFuture<Void> running = LiveMigrationIT.start(live);
      try {
        waitUntil(
            Duration.ofMinutes(3),
            "the snapshot to finish or the run to end",
            () -> live.snapshotResult() != null || running.isDone());
        assertThat(running).isNotCompletedExceptionally();
        src.execute(
            "INSERT INTO docs VALUES (2, REPEAT('abcdefghij', %d), RANDOM_BYTES(1024))"
                .formatted(MB / 10 * 3),
            "UPDATE docs SET body = REPEAT('0123456789', %d), raw = REPEAT(x'00ff', %d)"
                    .formatted(MB / 10 * 2, MB)
                + " WHERE id = 1");
        List<String> expected = sizes(src, "LENGTH");
        assertThat(expected)
            .containsExactly(
                "1|" + 10 * (MB / 10 * 2) + "|" + 2 * MB, "2|" + 10 * (MB / 10 * 3) + "|1024");
        waitUntil(
            Duration.ofSeconds(60),
            "the large values on the target, or the run to end",
            () -> sizes(tgt, "octet_length").equals(expected) || running.isDone());
        assertThat(running).isNotCompletedExceptionally();
        assertThat(sizes(tgt, "octet_length")).isEqualTo(expected);
        assertThat(digests(tgt, "md5(body), md5(raw)"))
            .isEqualTo(digests(src, "MD5(body), MD5(raw)"));
      } finally {
        live.stop(Duration.ofSeconds(60));
        running.exceptionally(e -> null).join();
      }
    }
  }

  private static List<String> sizes(TestDatabase db, String length) throws Exception {
    return query(
        db,
        "SELECT id, %1$s(body), coalesce(%1$s(raw), 0) FROM docs ORDER BY id".formatted(length));
  }

  private static List<String> digests(TestDatabase db, String digests) throws Exception {
    return query(db, "SELECT id, %s FROM docs ORDER BY id".formatted(digests));
  }

  private static List<String> query(TestDatabase db, String sql) throws Exception {
    List<String> rows = new ArrayList<>();
    try (Connection c = db.connect();
        Statement st = c.createStatement();
        ResultSet rs = st.executeQuery(sql)) {
      int n = rs.getMetaData().getColumnCount();
      while (rs.next()) {
        List<String> row = new ArrayList<>();
        for (int i = 1; i <= n; i++) {
          row.add(rs.getString(i));
        }
        rows.add(String.join("|", row));
      }
    }
    return rows;
  }
}
