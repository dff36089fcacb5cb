package io.godwit.snapshot;

import static io.godwit.testing.Waits.within;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.godwit.Godwit;
import io.godwit.config.Endpoint;
import io.godwit.config.MigrationConfig;
import io.godwit.config.Redaction;
import io.godwit.config.Secret;
import io.godwit.error.ErrorCode;
import io.godwit.error.GodwitException;
import io.godwit.testing.Ports;
import io.godwit.testing.ScratchMariaDb;
import io.godwit.testing.TestDatabase;
import io.godwit.testing.TestMigration;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * {@code snapshot.max-replica-lag} against a real replica: two throwaway MariaDB servers, one the
 * source with a binary log, the other replicating from it. The replica is made to lag with
 * MariaDB's delayed replication ({@code MASTER_DELAY}) and to stop with {@code STOP SLAVE}; what
 * the copy's throttle does is compared with what the replica itself reports.
 */
class ReplicaLagIT {

  private static ScratchMariaDb source;
  private static ScratchMariaDb replica;

  @BeforeAll
  static void startSourceAndReplica() throws Exception {
    source =
        ScratchMariaDb.start(
            Ports.free(),
            "--log-bin=mysql-bin",
            "--binlog-format=ROW",
            "--binlog-row-image=FULL",
            "--server-id=1");
    replica = ScratchMariaDb.start(Ports.free(), "--server-id=2");
    source.sql(
        "CREATE DATABASE shop; CREATE TABLE shop.ticks (id INT PRIMARY KEY, at DATETIME(6))");
    replicateWithDelay(0);
    assertThat(within(30_000, () -> secondsBehind().equals("0")))
        .as("the replica caught up")
        .isTrue();
  }

  @AfterAll
  static void stop() throws Exception {
    if (replica != null) {
      replica.close();
    }
    if (source != null) {
      source.close();
    }
  }

  @Test
  void holdsTheCopyWhileTheReplicaLagsOrStopsAndLetsItGoWhenItCatchesUp() throws Exception {
    Throttle throttle = new Throttle(0);
    try (CopyBrake watch =
        CopyBrake.replicaLag(Optional.of(replicaEndpoint()), Duration.ofSeconds(2), throttle)) {
      assertThat(within(3_000, () -> !throttle.isPaused())).as("a replica in step").isTrue();

      replicateWithDelay(30);
      source.sql("INSERT INTO shop.ticks VALUES (1, NOW(6))");
      assertThat(within(15_000, throttle::isPaused))
          .as("held while the replica lags; it reports %s s", secondsBehind())
          .isTrue();
      assertThat(Long.parseLong(secondsBehind())).isGreaterThan(2);
      assertThat(throttle.holds()).containsExactly(Throttle.Hold.REPLICA_LAG);

      replicateWithDelay(0);
      assertThat(within(15_000, () -> !throttle.isPaused()))
          .as("let go once the replica caught up; it reports %s s", secondsBehind())
          .isTrue();

      replica.sql("STOP SLAVE SQL_THREAD");
      assertThat(within(5_000, throttle::isPaused)).as("held while not replicating").isTrue();
      replica.sql("START SLAVE");
      assertThat(within(10_000, () -> !throttle.isPaused())).as("replicating again").isTrue();
    }
    assertThat(throttle.isPaused()).as("closing the watch lets go of its hold").isFalse();
  }

  @Test
  void aSnapshotWaitsForALaggingReplicaThenCopiesEveryRow() throws Exception {
    try (TestDatabase src = TestDatabase.on(source, "lag_src");
        TestDatabase tgt = TestDatabase.postgres("lag_tgt")) {
      src.execute(
          "CREATE TABLE items (id INT PRIMARY KEY, name VARCHAR(40) NOT NULL)",
          "SET SESSION max_recursive_iterations = 10000",
          "INSERT INTO items WITH RECURSIVE n (i) AS (SELECT 1 UNION ALL SELECT i + 1 FROM n"
              + " WHERE i < 3000) SELECT i, CONCAT('item ', i) FROM n");
      assertThat(within(30_000, () -> secondsBehind().equals("0"))).isTrue();
      replicateWithDelay(30);
      src.execute("UPDATE items SET name = 'renamed' WHERE id = 1");
      assertThat(within(15_000, () -> secondsBehind().matches("[3-9]|[1-9][0-9]+")))
          .as("the replica lags more than the limit before the copy starts")
          .isTrue();
      MigrationConfig config =
          TestMigration.config(
              "replica_lag",
              src,
              tgt,
              "snapshot: { replica-url: \"%s\", max-replica-lag: 2s }"
                  .formatted(replica.url("mysql")));

      CompletableFuture<SnapshotResult> copy =
          CompletableFuture.supplyAsync(
              () -> {
                try {
                  return new Godwit(config, new SimpleMeterRegistry()).snapshot();
                } catch (Exception e) {
                  throw new IllegalStateException(e);
                }
              });
      Thread.sleep(4_000);
      assertThat(copy).as("the copy waits while the replica lags").isNotDone();
      assertThat(targetRows(tgt)).as("rows copied while the replica lagged").isEmpty();

      replicateWithDelay(0);
      SnapshotResult result = copy.get(120, TimeUnit.SECONDS);
      assertThat(result.tables()).singleElement().extracting(t -> t.rows()).isEqualTo(3000L);
      assertThat(targetRows(tgt)).isEqualTo(sourceRows(src));
    }
  }

  @Test
  void aServerThatIsNotAReplicaIsRefusedWithTheFix() {
    Endpoint notAReplica = endpoint(source.url("shop"));
    assertThatThrownBy(
            () ->
                CopyBrake.replicaLag(
                    Optional.of(notAReplica), Duration.ofSeconds(5), new Throttle(0)))
        .isInstanceOfSatisfying(
            GodwitException.class, e -> assertThat(e.code()).isEqualTo(ErrorCode.CONFIG))
        .hasMessageContaining("not a replica")
        .hasMessageContaining("fix: point snapshot.replica-url at a replica of the source");
  }

  private static void replicateWithDelay(int seconds) throws Exception {
    replica.sql(
        ("STOP SLAVE; CHANGE MASTER TO MASTER_HOST='127.0.0.1', MASTER_PORT=%d,"
                + " MASTER_USER='root', MASTER_PASSWORD='', MASTER_USE_GTID=slave_pos,"
                + " MASTER_DELAY=%d; START SLAVE")
            .formatted(source.port(), seconds));
  }

  /** {@code Seconds_Behind_Master} as the replica reports it ("null" while not replicating). */
  private static String secondsBehind() {
    try (Connection c = DriverManager.getConnection(replica.url("mysql"), "root", "");
        Statement st = c.createStatement();
        ResultSet rs = st.executeQuery("SHOW SLAVE STATUS")) {
      return rs.next() ? String.valueOf(rs.getString("Seconds_Behind_Master")) : "no status";
    } catch (SQLException e) {
      throw new IllegalStateException(e);
    }
  }

  /** The target's rows as PostgreSQL returns them, id and name; empty before the copy. */
  private static List<String> targetRows(TestDatabase tgt) throws SQLException {
    try (Connection c = tgt.connect();
        Statement st = c.createStatement()) {
      ResultSet exists = st.executeQuery("SELECT to_regclass('public.items') IS NOT NULL");
      exists.next();
      if (!exists.getBoolean(1)) {
        return List.of();
      }
      return rows(st.executeQuery("SELECT id, name FROM items ORDER BY id"));
    }
  }

  /** The source's rows as MariaDB returns them, id and name. */
  private static List<String> sourceRows(TestDatabase src) throws SQLException {
    try (Connection c = src.connect();
        Statement st = c.createStatement()) {
      return rows(st.executeQuery("SELECT id, name FROM items ORDER BY id"));
    }
  }

  private static List<String> rows(ResultSet rs) throws SQLException {
    List<String> rows = new ArrayList<>();
    while (rs.next()) {
      rows.add(rs.getString(1) + "|" + rs.getString(2));
    }
    return rows;
  }

  private static Endpoint replicaEndpoint() {
    return endpoint(replica.url("mysql"));
  }

  private static Endpoint endpoint(String url) {
    return new Endpoint(
        url, "root", Secret.empty(), null, Map.of(), 1, url, "root", Redaction.NONE);
  }
}
