package io.godwit.live;

import static io.godwit.live.LiveMigrationIT.TABLES;
import static io.godwit.live.LiveMigrationIT.rows;
import static io.godwit.testing.Waits.waitUntil;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.zaxxer.hikari.HikariConfig;
import com.zaxxer.hikari.HikariDataSource;
import io.godwit.Godwit;
import io.godwit.LiveMigration;
import io.godwit.capture.PostgresSlots;
import io.godwit.config.MigrationConfig;
import io.godwit.control.ControlServer;
import io.godwit.control.ControlledRun;
import io.godwit.control.CutoverDocument;
import io.godwit.db.Jdbc;
import io.godwit.db.ReverseStart;
import io.godwit.demo.ShopSchema;
import io.godwit.demo.Workload;
import io.godwit.engine.Engine;
import io.godwit.error.GodwitException;
import io.godwit.faults.FaultChild;
import io.godwit.snapshot.PausePoints;
import io.godwit.state.AttemptState;
import io.godwit.state.CutoverRecords;
import io.godwit.testing.ChildJvm;
import io.godwit.testing.Ports;
import io.godwit.testing.TestDataSources;
import io.godwit.testing.TestDatabase;
import io.godwit.testing.TestMigration;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import io.micrometer.prometheusmetrics.PrometheusConfig;
import io.micrometer.prometheusmetrics.PrometheusMeterRegistry;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Cutover on PostgreSQL's freeze ({@code default_transaction_read_only} and the application role's
 * sessions terminated) and its failure paths: a process killed while the source is frozen leaves it
 * frozen until the next run rolls the attempt back; a final validation that finds a row altered on
 * the target aborts and unfreezes; after a repair the cutover finishes.
 */
class PostgresToPostgresCutoverIT {

  private static final String APP_ROLE = "godwit_app";

  @TempDir Path workDir;

  @Test
  void recoversFromACrashWhileFrozenAbortsOnADifferenceThenCutsOver() throws Exception {
    int port = Ports.free();
    String name = "cutover_pg";
    try (TestDatabase src = TestDatabase.create(Engine.POSTGRESQL, "cutpg_src");
        TestDatabase tgt = TestDatabase.create(Engine.POSTGRESQL, "cutpg_tgt");
        HikariDataSource admin = TestDataSources.pool(src)) {
      try (Connection c = src.connect()) {
        ShopSchema.create(c, Engine.POSTGRESQL, 300);
      }
      src.grantApplication(APP_ROLE);
      String extra =
          ("work-dir: \"%s\"\nsnapshot: { workers: 2, chunk-rows: 1000 }\n"
                  + "control: { listen: \"127.0.0.1:%d\", token: \"t0ken-for-the-cutover-test\" }\n"
                  + "cutover: { freeze: read-only, app-roles: [%s], timeout: 90s,"
                  + " lag-threshold: 10s }\nrollback: { reverse: auto }")
              .formatted(workDir, port, APP_ROLE);
      Path file = workDir.resolve(name + ".yaml");
      Files.writeString(file, TestMigration.yaml(name, src, tgt, extra));
      MigrationConfig config = TestMigration.config(name, src, tgt, extra);
      try (HikariDataSource app = appPool(src);
          // Customer 300 is left out of the workload: an update of it on the source would be
          // streamed over the difference planted on the target below and hide it.
          Workload workload = new Workload(app, 2, 100, 299).start()) {
        try {
          Process child =
              ChildJvm.start(
                  workDir.resolve("child.log"),
                  "512m",
                  FaultChild.class,
                  file.toString(),
                  FaultChild.Point.FROZEN_IN_CUTOVER.name());
          assertThat(child.waitFor(4, TimeUnit.MINUTES)).isTrue();
          assertThat(child.exitValue())
              .as("the child halted while frozen; see %s", workDir.resolve("child.log"))
              .isEqualTo(137);
          assertThat(readOnly(src)).as("left frozen by the dead process").isTrue();

          PrometheusMeterRegistry meters = new PrometheusMeterRegistry(PrometheusConfig.DEFAULT);
          LiveMigration live = new LiveMigration(config, meters, PausePoints.NONE);
          CompletableFuture<Void> running = LiveMigrationIT.start(live);
          try (ControlServer control =
              ControlServer.start(config.control(), live.control(), meters)) {
            waitUntil(
                Duration.ofMinutes(3),
                "the snapshot to finish or the run to end",
                () -> live.snapshotResult() != null || running.isDone());
            assertThat(running).isNotCompletedExceptionally();
            assertThat(readOnly(src)).as("the restart unfroze the source").isFalse();
            CutoverRecords records = new CutoverRecords(TestDataSources.pool(tgt), name);
            CutoverRecords.Attempt crashed = records.all().get(0);
            assertThat(crashed.state()).isEqualTo(AttemptState.ABORTED);
            assertThat(crashed.frozen()).isFalse();
            assertThat(crashed.error())
                .contains("the process stopped during cutover attempt 1")
                .contains("reverse stream: dropped slot " + ReverseStart.slotName(name));
            assertThat(reverseSlots(tgt, name))
                .as("the recovery dropped the reverse slot")
                .isZero();

            Godwit godwit = new Godwit(config, new SimpleMeterRegistry());
            assertThatThrownBy(() -> godwit.finish(false))
                .isInstanceOf(GodwitException.class)
                .hasMessageContaining("migration cutover_pg is not cut over")
                .hasMessageContaining("nothing was removed");
            assertThat(slots(src, "godwit_" + name)).as("the forward slot stays").isOne();
            assertThat(godwit.validate(List.of(), false).clean()).isTrue();
            tgt.execute("UPDATE customers SET name = 'altered on the target' WHERE id = 300");
            LiveMigrationIT.awaitLagProven(live);
            CutoverDocument failed = cutOver(live.control());
            assertThat(failed.state()).as("%s", failed).isEqualTo(AttemptState.ABORTED);
            assertThat(failed.recorded().error()).contains("customers");
            assertThat(readOnly(src)).as("the failed cutover unfroze the source").isFalse();
            long before = workload.transactions();
            waitUntil(
                Duration.ofSeconds(20),
                "the application to write again",
                () -> workload.transactions() > before + 5);
            assertThat(workload.transactions())
                .as("the application writes again")
                .isGreaterThan(before + 5);

            assertThat(godwit.validate(List.of(), true).clean()).isTrue();
            CutoverDocument done = cutOver(live.control());
            assertThat(done.state()).as("%s", done).isEqualTo(AttemptState.DONE);
            assertThat(done.recorded().sourcePosition()).startsWith("WAL LSN ");
            assertThat(records.reversePosition(done.recorded().attempt()))
                .hasValueSatisfying(r0 -> assertThat(r0).startsWith("WAL LSN "));
            assertThat(running).as("the run goes on with the reverse stream").isNotDone();
            live.stop(Duration.ofSeconds(60));
            running.get(2, TimeUnit.MINUTES);
            assertThat(readOnly(src)).as("the source stays frozen after cutover").isTrue();
            workload.close();
            for (String t : TABLES) {
              assertThat(rows(tgt, t)).as("rows of %s", t).isEqualTo(rows(src, t));
            }
            tgt.execute(
                "UPDATE customers SET name = 'first application write on the target' WHERE id = 1");
            assertThat(reverseChanges(tgt, name))
                .as("the reverse slot holds the application's write and none of the applier's")
                .singleElement()
                .asString()
                .contains("first application write on the target");

            assertThat(godwit.finish(true))
                .contains(
                    "would drop the slot and publication godwit_cutover_pg on the source",
                    "would drop the slot and publication godwit_cutover_pg_reverse on the target");
            assertThat(slots(src, "godwit_" + name) + reverseSlots(tgt, name))
                .as("a dry run removes nothing")
                .isEqualTo(2);
            assertThat(godwit.finish(false))
                .contains(
                    "slot and publication godwit_cutover_pg on the source dropped",
                    "slot and publication godwit_cutover_pg_reverse on the target dropped");
            assertThat(slots(src, "godwit_" + name)).as("the forward slot").isZero();
            assertThat(reverseSlots(tgt, name)).as("the reverse slot").isZero();
            assertThat(workDir.resolve("kafka")).as("the embedded broker's topics").doesNotExist();
            assertThat(godwit.finish(false))
                .as("finishing again finds nothing left")
                .contains("slot and publication godwit_cutover_pg on the source not there");
            LiveMigration again = new LiveMigration(config, meters, PausePoints.NONE);
            assertThatThrownBy(again::run)
                .isInstanceOf(GodwitException.class)
                .hasMessageContaining("migration cutover_pg was finished at")
                .hasMessageContaining("nothing left to run");
          } finally {
            live.stop(Duration.ofSeconds(60));
            running.exceptionally(e -> null).join();
          }
        } finally {
          src.execute(
              "SET SESSION CHARACTERISTICS AS TRANSACTION READ WRITE",
              "ALTER DATABASE " + src.name() + " RESET default_transaction_read_only");
          PostgresSlots.drop(admin, name);
        }
      }
    }
  }

  /** Starts a cutover and follows it to its end. */
  static CutoverDocument cutOver(ControlledRun control) throws Exception {
    CutoverDocument view = control.cutover(false);
    long deadline = System.nanoTime() + Duration.ofMinutes(3).toNanos();
    while (view.state() == AttemptState.RUNNING && System.nanoTime() < deadline) {
      Thread.sleep(250);
      view = control.cutoverView();
    }
    return view;
  }

  private static long slots(TestDatabase db, String slot) throws Exception {
    try (Connection c = db.connect()) {
      return Jdbc.queryLong(
          c, "SELECT count(*) FROM pg_replication_slots WHERE slot_name = ?", slot);
    }
  }

  private static long reverseSlots(TestDatabase tgt, String name) throws Exception {
    return slots(tgt, ReverseStart.slotName(name));
  }

  /** The insert and update messages the reverse slot would send, as text, without taking them. */
  private static List<String> reverseChanges(TestDatabase tgt, String name) throws Exception {
    List<String> changes = new ArrayList<>();
    try (Connection c = tgt.connect();
        PreparedStatement ps =
            c.prepareStatement(
                "SELECT encode(data, 'escape') FROM pg_logical_slot_peek_binary_changes(?, NULL,"
                    + " NULL, 'proto_version', '1', 'publication_names', ?)"
                    + " WHERE get_byte(data, 0) IN (73, 85)")) {
      ps.setString(1, ReverseStart.slotName(name));
      ps.setString(2, ReverseStart.slotName(name));
      try (ResultSet rs = ps.executeQuery()) {
        while (rs.next()) {
          changes.add(rs.getString(1));
        }
      }
    }
    return changes;
  }

  /** What a new session on the source gets. */
  private static boolean readOnly(TestDatabase src) throws Exception {
    try (Connection c = src.connect();
        ResultSet rs = c.createStatement().executeQuery("SHOW default_transaction_read_only")) {
      rs.next();
      return rs.getString(1).equals("on");
    }
  }

  private static HikariDataSource appPool(TestDatabase src) {
    HikariConfig config = new HikariConfig();
    config.setJdbcUrl(src.url());
    config.setUsername(APP_ROLE);
    config.setMaximumPoolSize(3);
    return new HikariDataSource(config);
  }
}
