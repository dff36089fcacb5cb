package io.godwit.snapshot;

import static org.assertj.core.api.Assertions.assertThat;

import io.godwit.Godwit;
import io.godwit.testing.TestDatabase;
import io.godwit.testing.TestMigration;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import java.util.concurrent.atomic.AtomicBoolean;
import org.junit.jupiter.api.Test;

/**
 * Every session of the source or the target is ended by an administrator while chunks are being
 * copied: the chunks that lost their connection are copied again on new ones and the snapshot ends
 * with exactly the source's rows, as the engines themselves print them.
 */
class SnapshotConnectionLossIT {

  private static final String SETTINGS = "snapshot: { workers: 1, chunk-rows: 1000 }";

  @Test
  void postgresSessionsOnBothSidesEndedMidCopy() throws Exception {
    try (TestDatabase src = TestDatabase.postgres("connloss_pg_src");
        TestDatabase tgt = TestDatabase.postgres("connloss_pg_tgt")) {
      src.execute(
          "CREATE TABLE events (id bigint PRIMARY KEY, body text NOT NULL, at timestamptz)",
          "INSERT INTO events SELECT g, repeat(md5(g::text), 1 + g % 7), now() - g * interval '1 s'"
              + " FROM generate_series(1, 30000) g");
      copyWhileKilling(src, tgt, src, tgt);
    }
  }

  @Test
  void mariaDbSessionsOnBothSidesEndedMidCopy() throws Exception {
    try (TestDatabase src = TestDatabase.mariadb("connloss_my_src");
        TestDatabase tgt = TestDatabase.mariadb("connloss_my_tgt")) {
      src.execute(
          "CREATE TABLE events (id BIGINT NOT NULL PRIMARY KEY, body TEXT NOT NULL, at DATETIME(6))",
          "INSERT INTO events SELECT seq, REPEAT(MD5(seq), 1 + seq % 7),"
              + " TIMESTAMP'2026-01-01 00:00:00' - INTERVAL seq SECOND FROM seq_1_to_30000");
      copyWhileKilling(src, tgt, src, tgt);
    }
  }

  private static void copyWhileKilling(TestDatabase src, TestDatabase tgt, TestDatabase... killed)
      throws Exception {
    AtomicBoolean done = new AtomicBoolean();
    SnapshotResult result =
        new Godwit(
                TestMigration.config("connloss", src, tgt, SETTINGS),
                new SimpleMeterRegistry(),
                (table, chunk) -> {
                  if (chunk >= 3 && done.compareAndSet(false, true)) {
                    for (TestDatabase db : killed) {
                      db.killOtherSessions();
                    }
                  }
                })
            .snapshot();

    assertThat(done).as("the sessions were ended mid-copy").isTrue();
    assertThat(result.rows()).isEqualTo(30_000);
    assertThat(SnapshotScenarioIT.rows(tgt, "events"))
        .hasSize(30_000)
        .isEqualTo(SnapshotScenarioIT.rows(src, "events"));
  }
}
