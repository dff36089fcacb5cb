package io.godwit.faults;

import static io.godwit.testing.Waits.waitUntil;
import static org.assertj.core.api.Assertions.assertThat;

import com.zaxxer.hikari.HikariConfig;
import com.zaxxer.hikari.HikariDataSource;
import io.godwit.Godwit;
import io.godwit.LiveMigration;
import io.godwit.capture.PostgresSlots;
import io.godwit.config.ConfigLoader;
import io.godwit.db.Jdbc;
import io.godwit.demo.Workload;
import io.godwit.engine.Engine;
import io.godwit.snapshot.PausePoints;
import io.godwit.state.AttemptState;
import io.godwit.state.CutoverRecords;
import io.godwit.testing.ChildJvm;
import io.godwit.testing.LiveRuns;
import io.godwit.testing.Ports;
import io.godwit.testing.TestDataSources;
import io.godwit.testing.TestDatabase;
import io.godwit.testing.TestMigration;
import io.godwit.testing.Waits;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import io.micrometer.prometheusmetrics.PrometheusConfig;
import io.micrometer.prometheusmetrics.PrometheusMeterRegistry;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code kill -9} in the reverse stream and at each step of {@code godwit rollback} (issue #16),
 * PostgreSQL to PostgreSQL, on one migration: a {@link FaultChild} cuts over with {@code
 * rollback.reverse: on} and halts in the reverse applier's third batch while the application writes
 * on the target; each next child resumes the reverse stream, starts a rollback and halts at the
 * next step: once the target is frozen, in the drain, after the final validation, after the old
 * source's sequences were set, after the old source was unfrozen. Before each rollback the test
 * checks what the restart left: an attempt killed before the old source's unfreeze is aborted with
 * the target writable again and the old source frozen, and the next attempt goes further. After
 * each halt the freeze of both sides is what the recorded attempt says. At the end the old source
 * has taken over, and an independent comparison (plain SQL on both sides) shows it equal to the
 * target: the reverse stream lost and doubled nothing across the kills; a restarted run runs
 * forward again and says the done hook the kill kept from running did not run. CI halts at the
 * unfreeze only ({@link #steps}).
 */
class RollbackFaultsIT {

  private static final int CUSTOMERS = 500;
  private static final String APP_ROLE = "godwit_app";

  /**
   * The rollback points, in the order the children halt at them, each a step further: with {@code
   * -Dfaults.all=true} every one, else (CI) the old source's unfreeze, which no restart undoes. A
   * restart that finds a rollback killed before it (the target frozen) undoes it as it undoes a
   * cutover killed while the source is frozen, which CI proves on the real servers (FaultMatrixIT's
   * {@code frozen_in_cutover@pg_pg}); RollbackTest proves the rollback's undo against fakes.
   */
  private static List<FaultChild.Point> steps() {
    if (Boolean.getBoolean("faults.all")) {
      return List.of(
          FaultChild.Point.ROLLBACK_FROZEN,
          FaultChild.Point.ROLLBACK_MID_DRAIN,
          FaultChild.Point.ROLLBACK_VALIDATED,
          FaultChild.Point.ROLLBACK_SEQUENCES_SET,
          FaultChild.Point.ROLLBACK_SOURCE_UNFROZEN);
    }
    return List.of(FaultChild.Point.ROLLBACK_SOURCE_UNFROZEN);
  }

  @TempDir Path workDir;

  @Test
  void aRollbackKilledAtEachStepIsUndoneOrFinished() throws Exception {
    long seed = System.nanoTime();
    String name = TestMigration.uniqueName("rbf", Engine.POSTGRESQL);
    System.out.println("RollbackFaultsIT " + name + " seed " + seed);
    try (TestDatabase src = TestDatabase.create(Engine.POSTGRESQL, "rbf_s");
        TestDatabase tgt = TestDatabase.create(Engine.POSTGRESQL, "rbf_t");
        HikariDataSource srcPool = TestDataSources.pool(src)) {
      Shop.create(src, CUSTOMERS, 400, seed);
      src.execute(
          "DO $$ BEGIN IF NOT EXISTS (SELECT FROM pg_roles WHERE rolname = '"
              + APP_ROLE
              + "') THEN CREATE ROLE "
              + APP_ROLE
              + " LOGIN; END IF; END $$");
      Path hookRan = workDir.resolve("rollback-done-hook-ran");
      String extra =
          ("work-dir: \"%s\"\nsnapshot: { workers: 1, chunk-rows: 1000 }\n"
                  + "control: { listen: \"127.0.0.1:%d\", token: \"t0ken-for-the-fault-test\" }\n"
                  + "cutover: { freeze: read-only, timeout: 60s, lag-threshold: 10s,"
                  + " app-roles: [%s] }\n"
                  + "rollback: { reverse: on, done-hook: \"touch %s\" }")
              .formatted(workDir, Ports.free(), APP_ROLE, hookRan);
      Path file = workDir.resolve(name + ".yaml");
      Files.writeString(file, TestMigration.yaml(name, src, tgt, extra));
      try {
        killAtEachStep(file, src, tgt, srcPool, name);
      } finally {
        for (TestDatabase db : List.of(src, tgt)) {
          db.execute(
              "SET SESSION CHARACTERISTICS AS TRANSACTION READ WRITE",
              "ALTER DATABASE " + db.name() + " RESET default_transaction_read_only");
        }
        // new sessions: those of the pools opened before the reset may still be read-only
        try (HikariDataSource srcAdmin = TestDataSources.pool(src);
            HikariDataSource tgtAdmin = TestDataSources.pool(tgt)) {
          PostgresSlots.drop(srcAdmin, name);
          PostgresSlots.drop(tgtAdmin, name + "_reverse");
        }
      }
      assertThat(Files.exists(hookRan)).as("rollback.done-hook ran").isFalse();
    }
  }

  private void killAtEachStep(
      Path file, TestDatabase src, TestDatabase tgt, HikariDataSource srcPool, String name)
      throws Exception {
    CutoverRecords rollbacks = new CutoverRecords(srcPool, name + "_reverse");
    Godwit godwit = new Godwit(new ConfigLoader().load(file), new SimpleMeterRegistry());
    List<Process> children = new ArrayList<>();
    long started = System.nanoTime();
    try {
      Path gate = gate("cutover");
      Process first = child(children, FaultChild.Point.REVERSE_APPLY, file, gate);
      try (Workload onSource = new Workload(srcPool, 2, 100, CUSTOMERS).start()) {
        awaitGate(gate, "snapshot-done", first, FaultChild.Point.REVERSE_APPLY);
      }
      Files.createFile(gate.resolve("cut-over"));
      awaitGate(gate, "cut-over-done", first, FaultChild.Point.REVERSE_APPLY);
      tgt.execute(
          "GRANT SELECT, INSERT, UPDATE, DELETE ON ALL TABLES IN SCHEMA public TO " + APP_ROLE,
          "GRANT USAGE ON ALL SEQUENCES IN SCHEMA public TO " + APP_ROLE);
      try (HikariDataSource app = appPool(tgt);
          Workload onTarget = new Workload(app, 2, 50, CUSTOMERS).start()) {
        awaitHalt(first, FaultChild.Point.REVERSE_APPLY);
        System.out.printf(
            "RollbackFaultsIT halted at REVERSE_APPLY after %.1f s%n",
            (System.nanoTime() - started) / 1e9);
        assertThat(Verdicts.writable(src)).as("the old source frozen after the cutover").isFalse();
        assertThat(rollbacks.latest()).as("no rollback yet").isEmpty();
        for (FaultChild.Point point : steps()) {
          Path at = gate(point.name());
          Process child = child(children, point, file, at);
          awaitGate(at, "streaming-back", child, point);
          Optional<CutoverRecords.Attempt> left = rollbacks.latest();
          if (left.isPresent()) {
            assertThat(left.get().state())
                .as("the rollback the restart found killed: %s", left.get())
                .isEqualTo(AttemptState.ABORTED);
            assertThat(left.get().error())
                .contains("the process stopped during rollback attempt")
                .contains("accepts writes again");
            assertThat(left.get().frozen()).as("recorded unfrozen").isFalse();
          }
          assertThat(Verdicts.writable(tgt)).as("the target writable before %s", point).isTrue();
          assertThat(Verdicts.writable(src)).as("the old source frozen before %s", point).isFalse();
          long before = onTarget.transactions();
          waitUntil(
              Duration.ofSeconds(30),
              "the application to write on the target",
              () -> onTarget.transactions() > before + 10);
          assertThat(godwit.validateReverse(List.of(), false).clean())
              .as("validated clean in reverse before %s", point)
              .isTrue();
          Files.createFile(at.resolve("roll-back"));
          awaitHalt(child, point);
          CutoverRecords.Attempt killed = rollbacks.latest().orElseThrow();
          assertThat(Verdicts.writable(tgt)).as("the target frozen at %s", point).isFalse();
          boolean sourceUnfrozen = point == FaultChild.Point.ROLLBACK_SOURCE_UNFROZEN;
          assertThat(killed.state())
              .as("%s", killed)
              .isEqualTo(sourceUnfrozen ? AttemptState.ROLLED_BACK : AttemptState.RUNNING);
          assertThat(killed.frozen()).as("recorded frozen at %s", point).isTrue();
          assertThat(Verdicts.writable(src))
              .as("the old source at %s", point)
              .isEqualTo(sourceUnfrozen);
          System.out.printf(
              "RollbackFaultsIT halted at %s after %.1f s: %s%n",
              point, (System.nanoTime() - started) / 1e9, killed.steps());
        }
      }
    } finally {
      for (Process p : children) {
        p.destroyForcibly().waitFor();
      }
    }
    LiveMigration restarted =
        new LiveMigration(
            new ConfigLoader().load(file),
            new PrometheusMeterRegistry(PrometheusConfig.DEFAULT),
            PausePoints.NONE);
    CompletableFuture<Void> running = LiveRuns.start(restarted);
    try {
      waitUntil(
          Duration.ofSeconds(60),
          "the restarted run to say the done hook did not run",
          () -> {
            try (Connection c = tgt.connect()) {
              return Jdbc.queryLong(
                      c,
                      "SELECT count(*) FROM _godwit.event_log WHERE migration = '"
                          + name
                          + "' AND message LIKE '%rollback.done-hook did not run; fix:%'")
                  > 0;
            }
          });
      waitUntil(
          Duration.ofSeconds(60),
          "the forward lag to be proven",
          () -> !Double.isNaN(restarted.lagSeconds()));
      restarted.drain(Duration.ofSeconds(30));
    } finally {
      restarted.stop(Duration.ofSeconds(60));
      running.exceptionally(e -> null).join();
    }
    assertThat(running)
        .as("the run restarted after the old source was unfrozen runs forward again")
        .isNotCompletedExceptionally();
    assertThat(Verdicts.writable(src)).as("the old source writable at the end").isTrue();
    assertThat(Verdicts.writable(tgt)).as("the target frozen at the end").isFalse();
    IndependentComparison.Result compared = IndependentComparison.compare(src, tgt, Shop.TABLES);
    assertThat(compared.equal()).as("%s", compared.summary(10)).isTrue();
  }

  private Path gate(String name) throws Exception {
    return Files.createDirectories(workDir.resolve("gate-" + name));
  }

  private Process child(List<Process> children, FaultChild.Point point, Path file, Path gate)
      throws Exception {
    Process p =
        ChildJvm.start(
            log(point), "512m", FaultChild.class, file.toString(), point.name(), gate.toString());
    children.add(p);
    return p;
  }

  private Path log(FaultChild.Point point) {
    return workDir.resolve(point.name() + ".log");
  }

  private void awaitGate(Path gate, String file, Process child, FaultChild.Point point)
      throws Exception {
    Waits.waitUntil(
        Duration.ofMinutes(2), () -> Files.exists(gate.resolve(file)) || !child.isAlive());
    assertThat(Files.exists(gate.resolve(file)))
        .as("the child writes %s at %s: %s", file, point, tail(point))
        .isTrue();
  }

  private void awaitHalt(Process child, FaultChild.Point point) throws Exception {
    assertThat(child.waitFor(2, TimeUnit.MINUTES)).as("the child halted at %s", point).isTrue();
    assertThat(child.exitValue())
        .as("the child's exit at %s: %s", point, tail(point))
        .isEqualTo(FaultChild.HALTED);
  }

  /** The end of the log of the child halting at {@code point}. */
  private String tail(FaultChild.Point point) throws Exception {
    String text = Files.readString(log(point), StandardCharsets.UTF_8);
    return text.substring(Math.max(0, text.length() - 1500));
  }

  private static HikariDataSource appPool(TestDatabase db) {
    HikariConfig config = new HikariConfig();
    config.setJdbcUrl(db.url());
    config.setUsername(APP_ROLE);
    config.setMaximumPoolSize(3);
    return new HikariDataSource(config);
  }
}
