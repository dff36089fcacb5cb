package io.godwit;

import com.zaxxer.hikari.HikariDataSource;
import io.godwit.apply.ApplyLoop;
import io.godwit.capture.Capture;
import io.godwit.config.MigrationConfig;
import io.godwit.control.ControlledRun;
import io.godwit.cutover.Cutover;
import io.godwit.db.Dialect;
import io.godwit.observe.CaptureMeters;
import io.godwit.observe.LagMonitor;
import io.godwit.observe.ReverseMeters;
import io.godwit.observe.SnapshotMeters;
import io.godwit.schema.Carried;
import io.godwit.schema.TargetTable;
import io.godwit.snapshot.AfterCopy;
import io.godwit.snapshot.CopyBrake;
import io.godwit.snapshot.CopyStoppedException;
import io.godwit.snapshot.PausePoints;
import io.godwit.snapshot.Snapshot;
import io.godwit.snapshot.SnapshotResult;
import io.godwit.snapshot.Throttle;
import io.godwit.state.RunnerLock;
import io.godwit.state.StateStore;
import io.godwit.state.TableStates;
import io.godwit.transport.KafkaContinuity;
import io.micrometer.core.instrument.MeterRegistry;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.OptionalDouble;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.function.Supplier;
import javax.sql.DataSource;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * {@code godwit run}: schema, capture, snapshot and apply, streaming until stopped. The order of
 * {@link #run()} is the correctness argument of the design, step by step: capture establishes its
 * start position P0 before any snapshot chunk is read; the snapshot reads after P0; each table's
 * events are applied from the start of its topic only after its snapshot finished, idempotently,
 * with the offsets in the same target transaction as the rows. While it runs, the same object stops
 * it, drains it and tells its lag; the control API sees it through {@link #control()}.
 */
public final class LiveMigration {

  private static final Logger log = LoggerFactory.getLogger(LiveMigration.class);
  private static final Duration STREAMING_TIMEOUT = Duration.ofMinutes(2);
  private static final Duration LOCK_CHECK = Duration.ofSeconds(5);

  private final MigrationConfig config;
  private final MeterRegistry meters;
  private final PausePoints pausePoints;
  private final CountDownLatch stopped = new CountDownLatch(1);
  private final Throttle throttle;
  private final RunState state;
  private final RunControl control;
  private final RunApply applies;
  private final RunCutover cutovers;
  private final ReverseStream reverse;

  /** The migration file each table is planned by: as started, or as its re-copy read it. */
  private final PlannedBy planning;

  /** Each table's definition now: a column added to the source during the run changes it. */
  private final Map<String, TargetTable> current = new ConcurrentHashMap<>();

  private volatile Cutover cutover;
  private volatile String bootstrap;
  private volatile boolean rolledBack;

  /** Held here: the gauges reference it only weakly. */
  private CaptureMeters captureMeters;

  public LiveMigration(MigrationConfig config, MeterRegistry meters, PausePoints pausePoints) {
    this(config, meters, pausePoints, () -> config);
  }

  /**
   * @param fileNow reads the migration file again: a re-copy ({@code godwit resnapshot}) plans its
   *     table from the file as it is then, so a changed {@code tables.column-types} takes effect
   */
  public LiveMigration(
      MigrationConfig config,
      MeterRegistry meters,
      PausePoints pausePoints,
      Supplier<MigrationConfig> fileNow) {
    this.planning = new PlannedBy(config, fileNow);
    this.config = config;
    this.meters = meters;
    this.pausePoints = pausePoints;
    this.state = new RunState(config, meters);
    this.throttle = new Throttle(config.snapshot().rowsPerSecond());
    this.control = new RunControl(state, throttle);
    this.applies = new RunApply(config, pausePoints, state.applyMeters(), current, planning);
    this.cutovers = new RunCutover(config, meters, pausePoints, current, () -> bootstrap);
    this.reverse = new ReverseStream(config, ReverseMeters.of(meters), pausePoints);
  }

  /** What the control API may ask of this run. */
  public ControlledRun control() {
    return control;
  }

  /**
   * True once the migration is cut over, by this run or an earlier one: the target has taken over.
   */
  public boolean cutOver() {
    return state.cutOver();
  }

  /**
   * True once this run's reverse stream ended by {@code godwit rollback}: the old source took over.
   */
  public boolean rolledBack() {
    return rolledBack;
  }

  /** Tables stopped by an event they could not apply. */
  public Set<String> stoppedTables() {
    return state.stoppedTables();
  }

  /** The migration's name. */
  public String name() {
    return config.name();
  }

  /** Asks a running migration to stop cleanly, and waits until it has. */
  public void stop(Duration timeout) throws InterruptedException {
    Cutover c = cutover;
    if (c != null) {
      c.abortIfRunning("the godwit run process is stopping");
    }
    state.stop();
    throttle.stop();
    stopped.await(timeout.toMillis(), TimeUnit.MILLISECONDS);
  }

  /** The snapshot's result, once the snapshot has finished in this run. */
  public SnapshotResult snapshotResult() {
    return state.snapshot();
  }

  /** End-to-end lag in seconds; NaN before the first table is applied or when not running. */
  public double lagSeconds() {
    return state.lagSeconds();
  }

  /** One table's lag in seconds, when it is being applied. */
  public OptionalDouble lagSeconds(String table) {
    return state.lagSeconds(table);
  }

  /** Changes applied since this run started. */
  long eventsApplied() {
    return state.eventsApplied();
  }

  /** The Kafka bootstrap servers the run uses (its embedded broker's), once it started them. */
  String bootstrapServers() {
    return bootstrap;
  }

  /** Records in Kafka not yet applied, per table; empty when not running. */
  public Map<String, Long> recordsBehind() {
    return state.recordsBehind();
  }

  /**
   * Proves zero lag (correctness step 5): on return, everything the source committed before the
   * call is on the target.
   *
   * @throws java.util.concurrent.TimeoutException naming the tables still behind, when {@code
   *     timeout} passed first
   */
  public void drain(Duration timeout) throws Exception {
    state.drain(timeout);
  }

  /**
   * Runs until {@link #stop} is called or a component fails; everything it did is resumable. A
   * migration cut over with a reverse stream streams in reverse; one rolled back since runs forward
   * again ({@link ForwardAgain}).
   */
  public void run() throws Exception {
    try (HikariDataSource source = PoolSizes.RUN.source(config, meters)) {
      Optional<ForwardAgain> again = ForwardAgain.of(config, source);
      MigrationConfig runs = again.map(ForwardAgain::config).orElse(config);
      try (HikariDataSource target = PoolSizes.RUN.target(runs, meters)) {
        run(source, target, again);
      }
    } finally {
      stopped.countDown();
    }
  }

  private void run(HikariDataSource source, HikariDataSource target, Optional<ForwardAgain> again)
      throws Exception {
    Preflight preflight = Preflight.run(config, source, target, true);
    List<TargetTable> tables = preflight.tables();
    tables.forEach(t -> current.put(t.source().name(), t));
    StateStore store = preflight.store();
    try (RunnerLock lock = store.acquire(config.name(), RunnerLock.runnerName())) {
      lock.watch(LOCK_CHECK);
      if (again.isPresent()) {
        again.get().resume(target, store, lock.epoch(), source);
        log.info("Migration {} was rolled back; streaming forward again", name());
      }
      Optional<String> r0 = cutovers.reverseFrom(target, lock.epoch());
      if (r0.isPresent()) {
        log.info("Migration {} was cut over; streaming in reverse from R0 = {}", name(), r0.get());
        state.cutOverEarlier();
        try (RunKafka kafka = RunKafka.start(config)) {
          this.bootstrap = kafka.bootstrap();
          rolledBack =
              reverse.run(bootstrap, r0.get(), target, tables, state::awaitStopAsked, control);
        }
        return;
      }
      Cutover c =
          cutovers.cutover(
              source,
              target,
              tables,
              preflight.carried(),
              store,
              lock.epoch(),
              control,
              again.isPresent());
      c.recover().ifPresent(message -> log.warn("Cutover: {}", message));
      control.attach(target, c, new TableStates(config.name(), lock.epoch()));
      cutover = c;
      runLocked(source, target, tables, preflight.carried(), store, lock, again);
    } finally {
      control.detach();
      cutover = null;
    }
  }

  private void runLocked(
      HikariDataSource source,
      HikariDataSource target,
      List<TargetTable> tables,
      Carried carried,
      StateStore store,
      RunnerLock lock,
      Optional<ForwardAgain> again)
      throws Exception {
    try (RunKafka kafka = RunKafka.start(config)) {
      String bootstrap = kafka.bootstrap();
      this.bootstrap = bootstrap;
      if (again.isPresent()) {
        log.info(
            "Running forward again: the old reverse stream's {}",
            again.get().dropTopics(bootstrap));
      }
      // Before the capture starts: the Kafka log is the one the target's offsets belong to (step
      // 7), and tables added to or left out of the file since the last run are followed or left.
      KafkaContinuity continuity = kafka.beforeCapture(target, store, tables, lock.epoch());
      store.log(config.name(), "capture", "starting");

      // Step 1: the capture starts first and proves its start position P0.
      Capture capture = kafka.capture(tables, source);
      capture.start();
      try {
        Map<String, Object> p0 = capture.awaitStreaming(STREAMING_TIMEOUT);
        store.log(config.name(), "capture", "streaming from " + p0);
        log.info("Capture streaming from P0 = {}", p0);
        continuity.record();

        // Step 3 and 4: the applier starts now but keeps each table paused until its copy ends.
        ApplyLoop apply = applies.loop(bootstrap, tables, source, target, store, lock.epoch());
        Thread applier = new Thread(apply, "godwit-apply-" + config.name());
        applier.setDaemon(true);
        applier.start();
        LagMonitor lag =
            new LagMonitor(
                    source,
                    target,
                    new TableStates(config.name(), lock.epoch()),
                    capture.progress(),
                    apply,
                    state.applyMeters(),
                    meters)
                .start();
        RunningParts running = new RunningParts(source, capture, apply, lag);
        state.streaming(running);
        captureMeters = new CaptureMeters(meters, capture);
        AfterCopy after = new AfterCopy(target, Dialect.of(config.target().engine()));
        UniqueIndexBuilds uniqueIndexes =
            tablesNow ->
                new UniqueIndexes(
                        config.name(),
                        source,
                        target,
                        capture,
                        apply,
                        after,
                        store,
                        lock.epoch(),
                        tablesNow)
                    .start();
        SnapshotMeters copyMeters = new SnapshotMeters(meters);
        try (RunResnapshots resnapshots =
            resnapshots(source, target, store, lock, apply, uniqueIndexes, copyMeters)) {
          control.resnapshots(resnapshots::wake);
          // Step 2: every chunk is read after P0.
          pausePoints.beforeSnapshot();
          try (CopyBrake applyLag =
              CopyBrake.applyLag(lag::lagSeconds, config.snapshot().maxApplyLag(), throttle)) {
            state.copied(
                Snapshot.of(config, lock.epoch(), source, target, throttle, copyMeters, pausePoints)
                    .run(tables, carried, true));
          } catch (CopyStoppedException e) {
            log.info("Snapshot: {}", e.getMessage());
            return;
          }
          log.info("Snapshot finished; streaming changes until stopped or cut over");
          try (UniqueIndexes unique = uniqueIndexes.start(tables)) {
            resnapshots.start(unique);
            while (!state.awaitStop(500)) {
              running.throwFailure(lock);
            }
          }
        } finally {
          state.stoppedStreaming();
          captureMeters.stopped();
          lag.close();
          apply.close();
          applier.join(30_000);
        }
      } finally {
        capture.close();
      }
      Optional<String> r0 =
          state.cutOver() ? cutovers.recordedReverseStart(target, lock.epoch()) : Optional.empty();
      if (r0.isPresent()) {
        log.info("Cut over; the target's changes now stream back to the old source");
        rolledBack =
            reverse.run(bootstrap, r0.get(), target, tables, state::awaitStopAsked, control);
      }
    }
  }

  /**
   * The run's re-copies of single tables: the applier holds the table, the file and the source
   * catalog plan it again, the snapshot copies it again, the applier replays its changes from its
   * stored offsets, and its unique indexes follow (see {@link RunResnapshots}).
   */
  private RunResnapshots resnapshots(
      DataSource source,
      DataSource target,
      StateStore store,
      RunnerLock lock,
      ApplyLoop apply,
      UniqueIndexBuilds uniqueIndexes,
      SnapshotMeters copyMeters) {
    return new RunResnapshots(
        config.name(),
        target,
        Dialect.of(config.target().engine()),
        store,
        new TableStates(config.name(), lock.epoch()),
        apply,
        applies,
        current,
        table -> planning.recopy(table, source, target),
        table ->
            Snapshot.of(config, lock.epoch(), source, target, throttle, copyMeters, pausePoints)
                .copy(List.of(table), Carried.none(), true),
        table -> uniqueIndexes.start(List.of(table)));
  }

  /** Starts building the unique indexes of tables once the applier replayed past their copy. */
  @FunctionalInterface
  private interface UniqueIndexBuilds {
    UniqueIndexes start(List<TargetTable> tables);
  }
}
