package io.godwit.faults;

import io.godwit.Godwit;
import io.godwit.LiveMigration;
import io.godwit.config.ConfigLoader;
import io.godwit.config.MigrationConfig;
import io.godwit.control.ControlServer;
import io.godwit.control.CutoverDocument;
import io.godwit.snapshot.PausePoints;
import io.godwit.state.AttemptState;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import io.micrometer.prometheusmetrics.PrometheusConfig;
import io.micrometer.prometheusmetrics.PrometheusMeterRegistry;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * Runs {@code godwit run} in a child process and halts it, as {@code kill -9} would, at a named
 * point: no shutdown hooks, no clean close of the capture, the applier or the broker. With {@link
 * Point#NONE} it runs until the parent kills it.
 *
 * <p>Arguments: migration file, point, and for the cutover points an optional gate directory: the
 * child then writes {@code snapshot-done} there once streaming, and starts the cutover only once
 * the parent created {@code cut-over} (so the parent can stop its writers first).
 */
public final class FaultChild {

  /** Exit status of a halt, as after {@code kill -9}. */
  static final int HALTED = 137;

  /** Where the process dies. */
  public enum Point {
    /** P0 is proven and recorded; no chunk was read. */
    BEFORE_SNAPSHOT(false),
    /** The second chunk's rows and checkpoint were written, its transaction not committed. */
    BEFORE_CHUNK_COMMIT(false),
    /** Right after the second chunk of a table committed. */
    MID_SNAPSHOT(false),
    /** The early indexes were built, the remaining secondary indexes not yet. */
    DURING_INDEX_BUILD(false),
    /** In the applier's third batch, after its rows and offsets were written, before the commit. */
    MID_APPLY(false),
    /**
     * After the snapshot, a clean validation and the start of a cutover, as soon as the source is
     * frozen and the next step began: the process dies with the source read-only and the attempt
     * recorded as running.
     */
    FROZEN_IN_CUTOVER(true),
    /** In the cutover's drain step: frozen, position recorded, applier not yet drained. */
    MID_DRAIN(true),
    /** In the cutover after a clean final validation, before the done step. */
    AFTER_FINAL_VALIDATION(true),
    /** Nowhere: the run goes on until it is killed from outside. */
    NONE(false);

    private final boolean cutover;

    Point(boolean cutover) {
      this.cutover = cutover;
    }

    /** True when the child must start a cutover to reach the point. */
    public boolean cutover() {
      return cutover;
    }
  }

  private FaultChild() {}

  public static void main(String[] args) throws Exception {
    Point point = Point.valueOf(args[1]);
    Path gate = args.length > 2 ? Path.of(args[2]) : null;
    MigrationConfig config = new ConfigLoader().load(Path.of(args[0]));
    PrometheusMeterRegistry meters = new PrometheusMeterRegistry(PrometheusConfig.DEFAULT);
    LiveMigration live = new LiveMigration(config, meters, halting(point));
    if (!point.cutover()) {
      live.run();
      System.exit(0);
    }
    // as `godwit run` does: the validation before the cutover rechecks rows that were changing
    // through this run's drain on the control API
    try (ControlServer control = ControlServer.start(config.control(), live.control(), meters)) {
      Thread cutover = new Thread(() -> cutOver(config, live, point, gate), "fault-cutover");
      cutover.setDaemon(true);
      cutover.start();
      live.run();
    }
    System.exit(0);
  }

  private static PausePoints halting(Point point) {
    AtomicInteger batches = new AtomicInteger();
    return new PausePoints() {
      @Override
      public void afterChunk(String table, int chunk) {
        haltIf(point == Point.MID_SNAPSHOT && chunk == 2);
      }

      @Override
      public void beforeSnapshot() {
        haltIf(point == Point.BEFORE_SNAPSHOT);
      }

      @Override
      public void beforeChunkCommit(String table, int chunk) {
        haltIf(point == Point.BEFORE_CHUNK_COMMIT && chunk == 2);
      }

      @Override
      public void duringIndexBuild() {
        haltIf(point == Point.DURING_INDEX_BUILD);
      }

      @Override
      public void beforeApplyCommit() {
        haltIf(point == Point.MID_APPLY && batches.incrementAndGet() == 3);
      }

      @Override
      public void duringDrain() {
        haltIf(point == Point.MID_DRAIN);
      }

      @Override
      public void afterFinalValidation() {
        haltIf(point == Point.AFTER_FINAL_VALIDATION);
      }
    };
  }

  private static void haltIf(boolean reached) {
    if (reached) {
      Runtime.getRuntime().halt(HALTED);
    }
  }

  /**
   * Waits for the snapshot (and the gate), drains, validates and starts a cutover; halts as soon as
   * the source is frozen for {@link Point#FROZEN_IN_CUTOVER}, otherwise the pause points halt. A
   * cutover that ends without reaching the point exits with status 4.
   */
  private static void cutOver(MigrationConfig config, LiveMigration live, Point point, Path gate) {
    try {
      while (live.snapshotResult() == null) {
        Thread.sleep(100);
      }
      if (gate != null) {
        Files.createFile(gate.resolve("snapshot-done"));
        while (!Files.exists(gate.resolve("cut-over"))) {
          Thread.sleep(100);
        }
      }
      live.drain(Duration.ofMinutes(2));
      // the cutover's precondition: a drained applier may not have seen a lag mark yet
      while (Double.isNaN(live.lagSeconds())) {
        Thread.sleep(100);
      }
      if (!new Godwit(config, new SimpleMeterRegistry()).validate(List.of(), false).clean()) {
        throw new IllegalStateException("validation before the cutover was not clean");
      }
      live.control().cutover(false);
      CutoverDocument view = live.control().cutoverView();
      while (view.state() == AttemptState.RUNNING) {
        if (point == Point.FROZEN_IN_CUTOVER
            && view.recorded().frozen()
            && !"freeze".equals(view.recorded().step())) {
          Runtime.getRuntime().halt(HALTED);
        }
        Thread.sleep(5);
        view = live.control().cutoverView();
      }
      System.err.println("the cutover ended without reaching " + point + ": " + view);
      Runtime.getRuntime().halt(4);
    } catch (Exception e) {
      e.printStackTrace();
      Runtime.getRuntime().halt(3);
    }
  }
}
