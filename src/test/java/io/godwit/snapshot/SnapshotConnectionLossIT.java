package io.godwit.snapshot;

import static org.assertj.core.api.Assertions.assertThat;

import com.zaxxer.hikari.HikariDataSource;
import io.godwit.Godwit;
import io.godwit.db.Dialect;
import io.godwit.engine.Engine;
import io.godwit.state.StateStore;
import io.godwit.testing.TestDataSources;
import io.godwit.testing.TestDatabase;
import io.godwit.testing.TestMigration;
import io.godwit.testing.Waits;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.atomic.AtomicBoolean;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

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

  /**
   * The write that moves a table to COPIED after its last chunk, outside any chunk's transaction,
   * loses its connection: it is written again on a new one and the snapshot ends. The test holds
   * the table's state row locked from the first chunk on, so the move waits on the lock; it ends
   * the waiting session, then lets go.
   */
  @ParameterizedTest
  @EnumSource(
      value = Engine.class,
      names = {"POSTGRESQL", "MARIADB"})
  void theMoveToCopiedIsWrittenAgainAfterItsConnectionIsLost(Engine engine) throws Exception {
    try (TestDatabase src = TestDatabase.create(engine, "capfault_move_src");
        TestDatabase tgt = TestDatabase.create(engine, "capfault_move_tgt");
        Connection locker = tgt.connect()) {
      src.execute(
          "CREATE TABLE events (id BIGINT NOT NULL PRIMARY KEY, body VARCHAR(64) NOT NULL)",
          engine == Engine.POSTGRESQL
              ? "INSERT INTO events SELECT g, md5(g::text) FROM generate_series(1, 8000) g"
              : "INSERT INTO events SELECT seq, MD5(seq) FROM seq_1_to_8000");
      String migration = "capfault_move_" + engine.name().toLowerCase(java.util.Locale.ROOT);
      locker.setAutoCommit(false);
      AtomicBoolean locked = new AtomicBoolean();
      CompletableFuture<Void> killed = new CompletableFuture<>();
      SnapshotResult result =
          new Godwit(
                  TestMigration.config(
                      migration, src, tgt, "snapshot: { workers: 2, chunk-rows: 1000 }"),
                  new SimpleMeterRegistry(),
                  (table, chunk) -> {
                    if (locked.compareAndSet(false, true)) {
                      lockStateRows(locker, migration);
                      CompletableFuture.runAsync(
                          () -> {
                            try {
                              endTheWaiting(tgt, "UPDATE _godwit.table_state SET phase%");
                              locker.rollback();
                              killed.complete(null);
                            } catch (Exception e) {
                              killed.completeExceptionally(e);
                            }
                          });
                    }
                  })
              .snapshot();

      killed.join();
      assertThat(result.rows()).isEqualTo(8_000);
      assertThat(SnapshotScenarioIT.rows(tgt, "events"))
          .hasSize(8_000)
          .isEqualTo(SnapshotScenarioIT.rows(src, "events"));
    }
  }

  /**
   * The write that saves a table's chunk plan and moves it to COPYING, before any chunk is copied,
   * loses its connection: it is written again on a new one, once, and the snapshot ends with the
   * source's rows. The test holds an uncommitted row of the plan (chunk 0 of the table) in the
   * state store, so the plan's insert waits on it; it ends the waiting session, then lets go.
   */
  @ParameterizedTest
  @EnumSource(
      value = Engine.class,
      names = {"POSTGRESQL", "MARIADB"})
  void theChunkPlanIsWrittenAgainAfterItsConnectionIsLost(Engine engine) throws Exception {
    try (TestDatabase src = TestDatabase.create(engine, "capfault_plan_src");
        TestDatabase tgt = TestDatabase.create(engine, "capfault_plan_tgt");
        HikariDataSource pool = TestDataSources.pool(tgt);
        Connection locker = tgt.connect()) {
      src.execute(
          "CREATE TABLE events (id BIGINT NOT NULL PRIMARY KEY, body VARCHAR(64) NOT NULL)",
          engine == Engine.POSTGRESQL
              ? "INSERT INTO events SELECT g, md5(g::text) FROM generate_series(1, 8000) g"
              : "INSERT INTO events SELECT seq, MD5(seq) FROM seq_1_to_8000");
      String migration = "capfault_plan_" + engine.name().toLowerCase(java.util.Locale.ROOT);
      tgt.forgetMigration(migration);
      new StateStore(pool, Dialect.of(engine)).install();
      locker.setAutoCommit(false);
      try (PreparedStatement ps =
          locker.prepareStatement(
              "INSERT INTO _godwit.chunk (migration, source_table, chunk_no) VALUES (?, ?, 0)")) {
        ps.setString(1, migration);
        ps.setString(2, "events");
        ps.executeUpdate();
      }
      CompletableFuture<Void> killed =
          CompletableFuture.runAsync(
              () -> {
                try {
                  endTheWaiting(tgt, "INSERT INTO _godwit.chunk%");
                  locker.rollback();
                } catch (Exception e) {
                  throw new IllegalStateException(e);
                }
              });
      SnapshotResult result =
          new Godwit(
                  TestMigration.config(
                      migration, src, tgt, "snapshot: { workers: 2, chunk-rows: 1000 }"),
                  new SimpleMeterRegistry(),
                  PausePoints.NONE)
              .snapshot();

      killed.join();
      assertThat(result.rows()).isEqualTo(8_000);
      assertThat(SnapshotScenarioIT.rows(tgt, "events"))
          .hasSize(8_000)
          .isEqualTo(SnapshotScenarioIT.rows(src, "events"));
      try (Connection c = tgt.connect();
          PreparedStatement ps =
              c.prepareStatement(
                  "SELECT count(*), count(DISTINCT chunk_no), count(done_at), sum(rows_copied)"
                      + " FROM _godwit.chunk WHERE migration = ? AND source_table = 'events'")) {
        ps.setString(1, migration);
        try (ResultSet rs = ps.executeQuery()) {
          assertThat(rs.next()).isTrue();
          int chunks = result.tables().get(0).chunks();
          assertThat(chunks).as("chunks planned").isGreaterThan(1);
          assertThat(rs.getInt(1)).as("saved chunks").isEqualTo(chunks);
          assertThat(rs.getInt(2)).as("distinct chunk numbers").isEqualTo(chunks);
          assertThat(rs.getInt(3)).as("chunks marked done").isEqualTo(chunks);
          assertThat(rs.getLong(4)).as("rows the chunks copied").isEqualTo(8_000);
        }
      }
    }
  }

  /**
   * The source session that splits a table into chunks is ended while it reads: the table is split
   * again on a new session and the snapshot ends with the source's rows. Once the target tables are
   * prepared, the test locks the table on the source, so the splitting read waits on the lock; it
   * ends the waiting session, then lets go.
   */
  @ParameterizedTest
  @EnumSource(
      value = Engine.class,
      names = {"POSTGRESQL", "MARIADB"})
  void theChunkPlanIsReadAgainAfterItsSourceConnectionIsLost(Engine engine) throws Exception {
    try (TestDatabase src = TestDatabase.create(engine, "capfault_split_src");
        TestDatabase tgt = TestDatabase.create(engine, "capfault_split_tgt");
        Connection locker = src.connect()) {
      src.execute(
          "CREATE TABLE events (id BIGINT NOT NULL PRIMARY KEY, body VARCHAR(64) NOT NULL)",
          engine == Engine.POSTGRESQL
              ? "INSERT INTO events SELECT g, md5(g::text) FROM generate_series(1, 8000) g"
              : "INSERT INTO events SELECT seq, MD5(seq) FROM seq_1_to_8000");
      String migration = "capfault_split_" + engine.name().toLowerCase(java.util.Locale.ROOT);
      tgt.forgetMigration(migration);
      CompletableFuture<Void> killed = new CompletableFuture<>();
      PausePoints lockBeforePlanning =
          new PausePoints() {
            @Override
            public void afterChunk(String table, int chunk) {}

            @Override
            public void beforeChunkPlans() throws SQLException {
              try (Statement st = locker.createStatement()) {
                if (engine == Engine.POSTGRESQL) {
                  locker.setAutoCommit(false);
                  st.execute("LOCK TABLE events IN ACCESS EXCLUSIVE MODE");
                } else {
                  st.execute("LOCK TABLES events WRITE");
                }
              }
              CompletableFuture.runAsync(
                  () -> {
                    try (Statement st = locker.createStatement()) {
                      try {
                        // the processlist is the whole server's: MariaDB's reads name the database
                        endTheWaiting(
                            src,
                            engine == Engine.POSTGRESQL
                                ? "SELECT%events%"
                                : "SELECT%capfault_split_src%events%");
                      } finally {
                        if (engine == Engine.POSTGRESQL) {
                          locker.rollback();
                        } else {
                          st.execute("UNLOCK TABLES");
                        }
                      }
                      killed.complete(null);
                    } catch (Throwable e) {
                      killed.completeExceptionally(e);
                    }
                  });
            }
          };
      SnapshotResult result =
          new Godwit(
                  TestMigration.config(
                      migration, src, tgt, "snapshot: { workers: 2, chunk-rows: 1000 }"),
                  new SimpleMeterRegistry(),
                  lockBeforePlanning)
              .snapshot();

      killed.join();
      assertThat(result.rows()).isEqualTo(8_000);
      assertThat(SnapshotScenarioIT.rows(tgt, "events"))
          .hasSize(8_000)
          .isEqualTo(SnapshotScenarioIT.rows(src, "events"));
    }
  }

  private static void lockStateRows(Connection locker, String migration) throws SQLException {
    try (PreparedStatement ps =
        locker.prepareStatement(
            "SELECT phase FROM _godwit.table_state WHERE migration = ? FOR UPDATE")) {
      ps.setString(1, migration);
      try (ResultSet rs = ps.executeQuery()) {
        assertThat(rs.next()).as("the table's state row").isTrue();
      }
    }
  }

  /**
   * Waits for a session whose statement, starting as {@code statement} (a LIKE pattern), waits on a
   * lock, and ends it.
   */
  private static void endTheWaiting(TestDatabase tgt, String statement) throws Exception {
    String waiting =
        tgt.engine() == Engine.POSTGRESQL
            ? "SELECT pid FROM pg_stat_activity WHERE wait_event_type = 'Lock'"
                + " AND query LIKE '"
                + statement
                + "'"
            : "SELECT id FROM information_schema.processlist"
                + " WHERE id <> CONNECTION_ID() AND info LIKE '"
                + statement
                + "'";
    long[] session = new long[1];
    try (Connection admin = tgt.connect();
        Statement st = admin.createStatement()) {
      Waits.waitUntil(
          Duration.ofSeconds(60),
          "a session waiting on the statement",
          () -> {
            try (ResultSet rs = st.executeQuery(waiting)) {
              if (rs.next()) {
                session[0] = rs.getLong(1);
                return true;
              }
              return false;
            }
          });
      assertThat(session[0]).as("a session waiting on " + statement).isPositive();
      st.execute(
          tgt.engine() == Engine.POSTGRESQL
              ? "SELECT pg_terminate_backend(" + session[0] + ")"
              : "KILL " + session[0]);
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
