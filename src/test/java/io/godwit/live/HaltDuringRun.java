package io.godwit.live;

import io.godwit.Godwit;
import io.godwit.LiveMigration;
import io.godwit.config.ConfigLoader;
import io.godwit.config.MigrationConfig;
import io.godwit.control.ControlServer;
import io.godwit.snapshot.PausePoints;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import io.micrometer.prometheusmetrics.PrometheusConfig;
import io.micrometer.prometheusmetrics.PrometheusMeterRegistry;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * Runs {@code godwit run} in a child process and halts it, as {@code kill -9} would, at a named
 * point: no shutdown hooks, no clean close of the capture, the applier or the broker.
 */
public final class HaltDuringRun {

  /** Where the process dies. */
  enum Point {
    /** P0 is proven and recorded; no chunk was read. */
    BEFORE_SNAPSHOT,
    /** Right after the second chunk of a table committed. */
    MID_SNAPSHOT,
    /** In the applier's third batch, after its rows and offsets were written, before the commit. */
    MID_APPLY,
    /**
     * After the snapshot, a clean validation and the start of a cutover, as soon as the source is
     * frozen and the next step began: the process dies with the source read-only and the attempt
     * recorded as running.
     */
    FROZEN_IN_CUTOVER
  }

  private HaltDuringRun() {}

  /** Arguments: migration file, point. */
  public static void main(String[] args) throws Exception {
    Point point = Point.valueOf(args[1]);
    AtomicInteger batches = new AtomicInteger();
    PausePoints halt =
        new PausePoints() {
          @Override
          public void afterChunk(String table, int chunk) {
            if (point == Point.MID_SNAPSHOT && chunk == 2) {
              Runtime.getRuntime().halt(137);
            }
          }

          @Override
          public void beforeSnapshot() {
            if (point == Point.BEFORE_SNAPSHOT) {
              Runtime.getRuntime().halt(137);
            }
          }

          @Override
          public void beforeApplyCommit() {
            if (point == Point.MID_APPLY && batches.incrementAndGet() == 3) {
              Runtime.getRuntime().halt(137);
            }
          }
        };
    MigrationConfig config = new ConfigLoader().load(Path.of(args[0]));
    LiveMigration live = new LiveMigration(config, new SimpleMeterRegistry(), halt);
    if (point == Point.FROZEN_IN_CUTOVER) {
      Thread cutover = new Thread(() -> haltOnceFrozen(config, live), "halt-in-cutover");
      cutover.setDaemon(true);
      cutover.start();
    }
    live.run();
    System.exit(0);
  }

  private static void haltOnceFrozen(MigrationConfig config, LiveMigration live) {
    try {
      PrometheusMeterRegistry meters = new PrometheusMeterRegistry(PrometheusConfig.DEFAULT);
      try (ControlServer control = ControlServer.start(config.control(), live.control(), meters)) {
        while (live.snapshotResult() == null) {
          Thread.sleep(100);
        }
        live.drain(Duration.ofMinutes(2));
        if (!new Godwit(config, meters).validate(List.of(), false).clean()) {
          throw new IllegalStateException("validation before the cutover was not clean");
        }
        live.control().cutover(false);
        Map<String, Object> view = live.control().cutoverView();
        while (!Boolean.TRUE.equals(view.get("frozen")) || "freeze".equals(view.get("step"))) {
          Thread.sleep(5);
          view = live.control().cutoverView();
        }
        Runtime.getRuntime().halt(137);
      }
    } catch (Exception e) {
      e.printStackTrace();
      Runtime.getRuntime().halt(3);
    }
  }
}
