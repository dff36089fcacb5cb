package io.godwit.faults;

import io.godwit.Godwit;
import io.godwit.LiveMigration;
import io.godwit.config.ConfigLoader;
import io.godwit.config.MigrationConfig;
import io.godwit.control.ControlServer;
import io.godwit.control.CutoverDocument;
import io.godwit.error.GodwitException;
import io.godwit.snapshot.PausePoints;
import io.godwit.state.AttemptState;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import io.micrometer.prometheusmetrics.PrometheusConfig;
import io.micrometer.prometheusmetrics.PrometheusMeterRegistry;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * Runs {@code godwit run} in a child process and halts it, as {@code kill -9} would, at a named
 * point: no shutdown hooks, no clean close of the capture, the applier or the broker. With {@link
 * Point#NONE} it runs until the parent kills it.
 *
 * <p>Arguments: migration file, point, and for the cutover points an optional gate directory: the
 * child then writes {@code snapshot-done} there once streaming, and starts the cutover only once
 * the parent created {@code cut-over} (so the parent can stop its writers first). A rollback point
 * needs the gate: {@link Point#REVERSE_APPLY} cuts over as the cutover points do and writes {@code
 * cut-over-done} once the cutover is done (so the parent can write on the target); the others
 * resume a migration cut over, write {@code streaming-back} once its reverse stream streams, and
 * start a rollback once the parent created {@code roll-back} (after a {@code godwit validate
 * --reverse}) and the rollback's preconditions hold.
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
    /**
     * After a cutover with its reverse stream, in the reverse applier's third batch, after its rows
     * and offsets were written to the old source, before the commit.
     */
    REVERSE_APPLY(true, null),
    /** In a rollback once the target is frozen, before the drain. */
    ROLLBACK_FROZEN(false, "freeze"),
    /** In the rollback's drain step: target frozen, its position recorded, not yet drained. */
    ROLLBACK_MID_DRAIN(false, null),
    /** In a rollback after a clean final validation, before the sequences. */
    ROLLBACK_VALIDATED(false, "validate"),
    /** In a rollback once the old source's sequences were set, before its unfreeze. */
    ROLLBACK_SEQUENCES_SET(false, "sequences"),
    /** In a rollback once the old source was unfrozen, before the done step (and its hook). */
    ROLLBACK_SOURCE_UNFROZEN(false, "unfreeze"),
    /** Nowhere: the run goes on until it is killed from outside. */
    NONE(false);

    private final boolean cutover;
    private final boolean rollback;
    private final String afterStep;

    Point(boolean cutover) {
      this.cutover = cutover;
      this.rollback = false;
      this.afterStep = null;
    }

    /**
     * @param afterStep the rollback step after which the child halts, or null
     */
    Point(boolean cutover, String afterStep) {
      this.cutover = cutover;
      this.rollback = true;
      this.afterStep = afterStep;
    }

    /** True when the child must start a cutover to reach the point. */
    public boolean cutover() {
      return cutover;
    }

    /** True for a point in the reverse stream or in a rollback. */
    public boolean rollback() {
      return rollback;
    }
  }

  private FaultChild() {}

  public static void main(String[] args) throws Exception {
    Point point = Point.valueOf(args[1]);
    Path gate = args.length > 2 ? Path.of(args[2]) : null;
    MigrationConfig config = new ConfigLoader().load(Path.of(args[0]));
    PrometheusMeterRegistry meters = new PrometheusMeterRegistry(PrometheusConfig.DEFAULT);
    AtomicBoolean cutOver = new AtomicBoolean();
    LiveMigration live = new LiveMigration(config, meters, halting(point, cutOver));
    if (!point.cutover() && !point.rollback()) {
      live.run();
      System.exit(0);
    }
    // as `godwit run` does: the validation before the cutover rechecks rows that were changing
    // through this run's drain on the control API
    try (ControlServer control = ControlServer.start(config.control(), live.control(), meters)) {
      Runnable steps =
          point.rollback()
              ? () -> rollBack(config, live, point, gate, cutOver)
              : () -> cutOver(config, live, point, gate);
      Thread cutover = new Thread(steps, "fault-cutover");
      cutover.setDaemon(true);
      cutover.start();
      live.run();
    }
    System.exit(0);
  }

  /**
   * @param cutOver true once the cutover is done: the applier's batches from then on are the
   *     reverse stream's
   */
  private static PausePoints halting(Point point, AtomicBoolean cutOver) {
    AtomicInteger batches = new AtomicInteger();
    AtomicInteger reverseBatches = new AtomicInteger();
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
        haltIf(
            point == Point.REVERSE_APPLY && cutOver.get() && reverseBatches.incrementAndGet() == 3);
      }

      @Override
      public void duringDrain() {
        haltIf(point == Point.MID_DRAIN);
      }

      @Override
      public void afterFinalValidation() {
        haltIf(point == Point.AFTER_FINAL_VALIDATION);
      }

      @Override
      public void duringRollbackDrain() {
        haltIf(point == Point.ROLLBACK_MID_DRAIN);
      }

      @Override
      public void afterRollbackStep(String step) {
        haltIf(step.equals(point.afterStep));
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
      CutoverDocument view = cutOverWhenAsked(config, live, gate);
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

  /**
   * Waits for the snapshot (and the gate), drains, validates and starts a cutover.
   *
   * @return the cutover's view once it started
   */
  private static CutoverDocument cutOverWhenAsked(
      MigrationConfig config, LiveMigration live, Path gate) throws Exception {
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
    return live.control().cutoverView();
  }

  /**
   * For {@link Point#REVERSE_APPLY}: cuts over as {@link #cutOver} does, then marks the reverse
   * stream's batches as counted. For the rollback's steps: waits until the resumed run streams back
   * and the parent asks, then rolls back once the preconditions hold. A rollback or a cutover that
   * ends without reaching the point exits with status 4.
   */
  private static void rollBack(
      MigrationConfig config, LiveMigration live, Point point, Path gate, AtomicBoolean cutOver) {
    try {
      if (point.cutover()) {
        CutoverDocument view = cutOverWhenAsked(config, live, gate);
        while (view.state() == AttemptState.RUNNING) {
          Thread.sleep(50);
          view = live.control().cutoverView();
        }
        if (view.state() != AttemptState.DONE) {
          System.err.println("the cutover did not end done: " + view);
          Runtime.getRuntime().halt(4);
        }
        cutOver.set(true);
        Files.createFile(gate.resolve("cut-over-done"));
        return;
      }
      while (!streamingBack(live)) {
        Thread.sleep(100);
      }
      Files.createFile(gate.resolve("streaming-back"));
      while (!Files.exists(gate.resolve("roll-back")) || !rollbackReady(live)) {
        Thread.sleep(100);
      }
      CutoverDocument view = live.control().rollback(false);
      while (view.state() == AttemptState.RUNNING) {
        Thread.sleep(50);
        view = live.control().rollbackView();
      }
      System.err.println("the rollback ended without reaching " + point + ": " + view);
      Runtime.getRuntime().halt(4);
    } catch (Exception e) {
      e.printStackTrace();
      Runtime.getRuntime().halt(3);
    }
  }

  /** True once the run streams back: its rollback answers a dry run. */
  private static boolean streamingBack(LiveMigration live) throws Exception {
    try {
      live.control().rollback(true);
      return true;
    } catch (GodwitException notStreamingBack) {
      return false;
    }
  }

  /** True once a dry run says the rollback's preconditions hold. */
  private static boolean rollbackReady(LiveMigration live) throws Exception {
    return live.control().rollback(true).checked().checks().stream()
        .allMatch(CutoverDocument.Check::ok);
  }
}
