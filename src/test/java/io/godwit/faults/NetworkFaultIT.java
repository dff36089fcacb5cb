package io.godwit.faults;

import static org.assertj.core.api.Assertions.assertThat;

import com.zaxxer.hikari.HikariDataSource;
import io.godwit.LiveMigration;
import io.godwit.capture.PostgresSlots;
import io.godwit.config.ConfigLoader;
import io.godwit.config.MigrationConfig;
import io.godwit.demo.Workload;
import io.godwit.engine.Engine;
import io.godwit.snapshot.PausePoints;
import io.godwit.testing.FaultProxy;
import io.godwit.testing.LiveRuns;
import io.godwit.testing.TestDataSources;
import io.godwit.testing.TestDatabase;
import io.godwit.testing.TestMigration;
import io.godwit.testing.Waits;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import java.net.URI;
import java.nio.file.Path;
import java.time.Duration;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.stream.Stream;
import org.junit.jupiter.api.condition.EnabledIfSystemProperty;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.EnumSource;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * Network faults between Godwit and its databases: the source JDBC connections, the capture's
 * replication connection and the target JDBC connections all go through a {@link FaultProxy} (the
 * migration's URLs name the proxy's port), while a write workload runs on the source directly.
 * After the workload stops and the run drains, the target equals the source by {@link
 * IndependentComparison}, or the run stopped with a named error and the source is writable.
 */
class NetworkFaultIT {

  private static final String RUN_TAG =
      Long.toString(System.currentTimeMillis() / 1000 % 1_679_616, 36);

  /** Cases run in this JVM: a case run twice must not resume the first one's migration. */
  private static final AtomicInteger CASES = new AtomicInteger();

  @TempDir Path workDir;

  /** A fault and when it strikes. */
  enum Fault {
    CUT_SOURCE_MID_SNAPSHOT("cs"),
    CUT_TARGET_MID_STREAM("ct"),
    BLACK_HOLE_TARGET_MID_STREAM("bt"),
    DELAY_SOURCE("ds"),
    /** Once streaming, the source refuses every connection until the run stops. */
    REFUSE_SOURCE_MID_STREAM("rs");

    /** A short code for names that must stay within 40 characters. */
    final String code;

    Fault(String code) {
      this.code = code;
    }
  }

  /** How a case ended: {@code error} is null when the target equals the source. */
  record Outcome(String error) {
    static final Outcome EQUAL = new Outcome(null);

    boolean equal() {
      return error == null;
    }
  }

  /** The cheapest cases (about 10 s each), run by default. */
  @ParameterizedTest
  @EnumSource(
      value = Direction.class,
      names = {"PG_PG", "MARIADB_MARIADB"})
  void targetConnectionsCutMidStreamLeaveTheTargetEqual(Direction direction) throws Exception {
    assertThat(run(direction, Fault.CUT_TARGET_MID_STREAM)).isEqualTo(Outcome.EQUAL);
  }

  /**
   * The capture rides out a lost source connection: the binlog or replication connection and the
   * connector's JDBC connection reconnect and resume from the last stored offset.
   */
  @ParameterizedTest
  @EnumSource(
      value = Direction.class,
      names = {"PG_PG", "MARIADB_MARIADB"})
  @EnabledIfSystemProperty(named = "faults.all", matches = "true")
  void sourceConnectionsCutMidSnapshotLeaveTheTargetEqual(Direction direction) throws Exception {
    assertThat(run(direction, Fault.CUT_SOURCE_MID_SNAPSHOT)).isEqualTo(Outcome.EQUAL);
  }

  /**
   * A source that stays unreachable longer than the capture's reconnect window stops the run with
   * an error that names what Kafka has and the fix, and leaves the source writable.
   */
  @ParameterizedTest
  @EnumSource(
      value = Direction.class,
      names = {"PG_PG", "MARIADB_MARIADB"})
  @EnabledIfSystemProperty(named = "faults.all", matches = "true")
  void aSourceGoneLongerThanTheReconnectWindowStopsTheRunByName(Direction direction)
      throws Exception {
    Outcome outcome = run(direction, Fault.REFUSE_SOURCE_MID_STREAM);
    System.out.println("NetworkFaultIT " + direction + " REFUSE_SOURCE_MID_STREAM: " + outcome);
    assertThat(outcome.error())
        .contains("did not get it back within 60 s")
        .contains("are not in Kafka yet");
    assertThat(Verdicts.namesAFix(outcome.error())).isTrue();
  }

  /** Every fault but the source cut and the refusal, which have their own verdicts (above). */
  static Stream<Arguments> cases() {
    return Stream.of(Direction.PG_PG, Direction.MARIADB_MARIADB)
        .flatMap(
            d ->
                Stream.of(Fault.values())
                    .filter(
                        f ->
                            f != Fault.CUT_SOURCE_MID_SNAPSHOT
                                && f != Fault.REFUSE_SOURCE_MID_STREAM)
                    .map(f -> Arguments.of(d, f)));
  }

  @ParameterizedTest
  @MethodSource("cases")
  @EnabledIfSystemProperty(named = "faults.all", matches = "true")
  void endsEqualOrWithANamedError(Direction direction, Fault fault) throws Exception {
    Outcome outcome = run(direction, fault);
    System.out.println("NetworkFaultIT " + direction + " " + fault + ": " + outcome);
    assertThat(outcome.equal() || Verdicts.namesAFix(outcome.error()))
        .as("%s %s: %s", direction, fault, outcome)
        .isTrue();
  }

  /**
   * Runs one case; returns {@link Outcome#EQUAL}, or the run's named error once the source is shown
   * writable; fails on a difference or a frozen source.
   */
  Outcome run(Direction direction, Fault fault) throws Exception {
    long seed = System.nanoTime();
    String id = direction.id() + "_" + fault.code;
    System.out.println("NetworkFaultIT " + direction + " " + fault + " seed " + seed);
    String name = "faultnet_" + id + "_" + RUN_TAG + CASES.incrementAndGet();
    try (TestDatabase src = TestDatabase.create(direction.source(), "faultnet_src_" + id);
        TestDatabase tgt = TestDatabase.create(direction.target(), "faultnet_tgt_" + id);
        HikariDataSource sourcePool = TestDataSources.pool(src);
        FaultProxy sourceProxy = proxyTo(src);
        FaultProxy targetProxy = proxyTo(tgt)) {
      Shop.create(src, 300, 3000, seed);
      String extra =
          "work-dir: \"%s\"\nsnapshot: { workers: 2, chunk-rows: 1000 }".formatted(workDir);
      String yaml =
          TestMigration.yaml(name, via(src, sourceProxy), src.user(), "", tgt, extra)
              .replace(tgt.url(), via(tgt, targetProxy));
      MigrationConfig config = new ConfigLoader().load(yaml, name + ".yaml");
      LiveMigration live = new LiveMigration(config, new SimpleMeterRegistry(), PausePoints.NONE);
      try (Workload workload = new Workload(sourcePool, 2, 100, 300).start()) {
        CompletableFuture<Void> running = LiveRuns.start(live);
        try {
          strike(fault, live, running, sourceProxy, targetProxy);
          workload.close();
          assertThat(workload.transactions()).isPositive();
          if (!running.isDone()) {
            live.drain(Duration.ofMinutes(2));
          }
          if (running.isCompletedExceptionally()) {
            assertThat(Verdicts.writable(src)).as("the source accepts writes").isTrue();
            return new Outcome(Verdicts.runError(running));
          }
          IndependentComparison.Result result =
              IndependentComparison.compare(src, tgt, Shop.TABLES);
          assertThat(result.differences())
              .as("%s %s (seed %d):\n%s", direction, fault, seed, result.summary(20))
              .isEmpty();
          return Outcome.EQUAL;
        } finally {
          live.stop(Duration.ofSeconds(60));
          running.exceptionally(e -> null).join();
          if (direction.source() == Engine.POSTGRESQL) {
            PostgresSlots.drop(sourcePool, name);
          }
        }
      }
    }
  }

  private static void strike(
      Fault fault,
      LiveMigration live,
      CompletableFuture<Void> running,
      FaultProxy sourceProxy,
      FaultProxy targetProxy)
      throws Exception {
    if (fault == Fault.DELAY_SOURCE) {
      sourceProxy.delay(Duration.ofMillis(200));
    }
    if (fault == Fault.CUT_SOURCE_MID_SNAPSHOT) {
      Thread.sleep(1000);
      for (int i = 0; i < 5 && live.snapshotResult() == null && !running.isDone(); i++) {
        sourceProxy.cut();
        Thread.sleep(700);
      }
    }
    Waits.waitUntil(Duration.ofMinutes(3), () -> live.snapshotResult() != null || running.isDone());
    Thread.sleep(1500);
    switch (fault) {
      // the cuts above may all land before the capture streams: cut its stream for certain
      case CUT_SOURCE_MID_SNAPSHOT -> sourceProxy.cut();
      case CUT_TARGET_MID_STREAM -> targetProxy.cut();
      case REFUSE_SOURCE_MID_STREAM -> {
        sourceProxy.refuse();
        sourceProxy.cut();
        Waits.waitUntil(Duration.ofMinutes(3), running::isDone);
      }
      case BLACK_HOLE_TARGET_MID_STREAM -> {
        targetProxy.drop();
        Thread.sleep(10_000);
        targetProxy.heal();
      }
      default -> {}
    }
    Thread.sleep(1500);
    sourceProxy.heal();
  }

  private static FaultProxy proxyTo(TestDatabase db) {
    URI uri = URI.create(db.url().substring("jdbc:".length()));
    return FaultProxy.start(uri.getHost(), uri.getPort());
  }

  /** The database's URL with the proxy's address in place of the server's. */
  private static String via(TestDatabase db, FaultProxy proxy) {
    URI uri = URI.create(db.url().substring("jdbc:".length()));
    return db.url().replace(uri.getHost() + ":" + uri.getPort(), proxy.address());
  }
}
