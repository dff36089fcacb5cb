package io.godwit.live;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.zaxxer.hikari.HikariDataSource;
import io.godwit.LiveMigration;
import io.godwit.config.MigrationConfig;
import io.godwit.demo.ShopSchema;
import io.godwit.demo.Workload;
import io.godwit.engine.Engine;
import io.godwit.faults.FaultChild;
import io.godwit.snapshot.PausePoints;
import io.godwit.testing.TestDataSources;
import io.godwit.testing.TestDatabase;
import io.godwit.testing.TestMigration;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.util.Comparator;
import java.util.concurrent.CompletableFuture;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;

class MariaDbToPostgresLiveIT extends LiveMigrationIT {

  @Override
  Engine source() {
    return Engine.MARIADB;
  }

  @Override
  Engine target() {
    return Engine.POSTGRESQL;
  }

  /** The applier's target connections are killed mid-stream; it retries and still converges. */
  @Test
  void killedTargetConnectionsAreRetriedAndTheTargetStillConverges() throws Exception {
    convergesUnderWorkload(
        target ->
            target.execute(
                "SELECT pg_terminate_backend(pid) FROM pg_stat_activity"
                    + " WHERE datname = current_database() AND pid <> pg_backend_pid()"));
  }

  @Test
  void aProcessKilledBeforeTheSnapshotResumesWithoutLoss() throws Exception {
    convergesAfterACrashAt(FaultChild.Point.BEFORE_SNAPSHOT);
  }

  @Test
  void aProcessKilledMidSnapshotResumesWithoutLoss() throws Exception {
    convergesAfterACrashAt(FaultChild.Point.MID_SNAPSHOT);
  }

  @Test
  void aBrokerRestartMidStreamLosesNothing() throws Exception {
    convergesAcrossABrokerRestart();
  }

  @Test
  void aConnectorOnKafkaConnectFeedsTheApplierToEquality() throws Exception {
    convergesWithExternalCapture("mariadb.json");
  }

  /**
   * The target is dropped and recreated after a run while the embedded broker's data stays: the
   * next run refuses to replay that older change stream onto the new copy (it would bring back
   * rows), naming the fix; once the broker's data is deleted, the run converges.
   */
  @Test
  void aRecreatedTargetIsNotFedAnOlderChangeStream() throws Exception {
    try (TestDatabase src = TestDatabase.create(source(), "older_src");
        TestDatabase tgt = TestDatabase.create(target(), "older_tgt");
        HikariDataSource sourcePool = TestDataSources.pool(src)) {
      try (Connection c = src.connect()) {
        ShopSchema.create(c, source(), 300);
      }
      MigrationConfig config =
          TestMigration.config(
              "older_stream",
              src,
              tgt,
              "work-dir: \"%s\"\nsnapshot: { workers: 2, chunk-rows: 1000 }".formatted(workDir));
      LiveMigration first = new LiveMigration(config, new SimpleMeterRegistry(), PausePoints.NONE);
      try (Workload workload = new Workload(sourcePool, 2, 150, 300).start()) {
        streamAndCheck(first, workload, src, tgt, target -> {});
      }
      tgt.execute(
          "DROP SCHEMA _godwit CASCADE",
          "DROP TABLE order_lines, orders, products, customers CASCADE");
      src.execute("DELETE FROM order_lines", "DELETE FROM orders");

      LiveMigration second = new LiveMigration(config, new SimpleMeterRegistry(), PausePoints.NONE);
      CompletableFuture<Void> refused = start(second);
      assertThatThrownBy(refused::join)
          .hasMessageContaining("Kafka already holds a change stream for migration older_stream")
          .hasMessageContaining("delete the embedded broker's data (" + workDir.resolve("kafka"));
      try (Connection c = tgt.connect();
          var rs =
              c.createStatement()
                  .executeQuery(
                      "SELECT count(*) FROM information_schema.tables WHERE table_name = 'orders'")) {
        rs.next();
        assertThat(rs.getInt(1)).as("nothing created or applied on the new target").isZero();
      }

      try (Stream<Path> files = Files.walk(workDir.resolve("kafka"))) {
        for (Path p : files.sorted(Comparator.reverseOrder()).toList()) {
          Files.delete(p);
        }
      }
      LiveMigration third = new LiveMigration(config, new SimpleMeterRegistry(), PausePoints.NONE);
      try (Workload workload = new Workload(sourcePool, 2, 150, 300).start()) {
        streamAndCheck(third, workload, src, tgt, target -> {});
      }
    }
  }
}
