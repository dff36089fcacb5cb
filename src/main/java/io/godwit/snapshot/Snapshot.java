package io.godwit.snapshot;

import io.godwit.config.Endpoint;
import io.godwit.config.MappingOptions;
import io.godwit.config.MigrationConfig;
import io.godwit.config.SnapshotSettings;
import io.godwit.db.Dialect;
import io.godwit.observe.SnapshotMeters;
import io.godwit.schema.Carried;
import io.godwit.schema.CarriedObject;
import io.godwit.schema.TargetTable;
import io.godwit.state.Checkpoints;
import io.godwit.state.RunnerEpoch;
import io.godwit.state.TablePhase;
import io.godwit.state.TableStates;
import java.sql.Connection;
import java.sql.SQLException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import javax.sql.DataSource;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The bulk copy: target tables (with the carried views, routines and sequences), chunk plans, the
 * parallel copy, then indexes, foreign keys and sequences, each a numbered step. Everything it does
 * is checkpointed in the state store, so a run that stops anywhere resumes where it stopped, and a
 * finished one does nothing on a re-run.
 */
public final class Snapshot {

  private static final Logger log = LoggerFactory.getLogger(Snapshot.class);
  private static final int STEPS = 6;

  /** The number of the step that copies the rows, in {@link SnapshotResult#steps}. */
  public static final int COPY_STEP = 3;

  /**
   * The number of the step that creates the secondary indexes: it waits for the builds started
   * while the tables copied ({@link SnapshotResult#indexWaitSeconds}), then creates the rest.
   */
  public static final int INDEX_STEP = 4;

  /**
   * The numbers of the steps after the copy whose work reads every copied row: the secondary
   * indexes and the foreign keys.
   */
  public static final Set<Integer> STEPS_READING_ROWS = Set.of(INDEX_STEP, 5);

  /**
   * How long a chunk lost to a lost connection or a restarting database is tried again before the
   * snapshot stops: long enough for a database restart or a managed failover.
   */
  static final Duration CHUNK_RETRY_WINDOW = Duration.ofSeconds(60);

  /** The source and target sides: pools and dialects. */
  public record Sides(
      DataSource source, Dialect sourceDialect, DataSource target, Dialect targetDialect) {}

  private final String migration;
  private final Sides sides;
  private final SnapshotSettings settings;
  private final Optional<Endpoint> replica;
  private final boolean zeroDatesToNull;
  private final Throttle throttle;
  private final SnapshotMeters meters;
  private final TableStates states;
  private final Checkpoints checkpoints;
  private final PausePoints pausePoints;
  private final List<SnapshotResult.Step> steps = new ArrayList<>();

  /**
   * @param epoch the runner epoch every chunk proves it still holds before it commits
   */
  private Snapshot(
      String migration,
      RunnerEpoch epoch,
      Sides sides,
      SnapshotSettings settings,
      Optional<Endpoint> replica,
      boolean zeroDatesToNull,
      Throttle throttle,
      SnapshotMeters meters,
      PausePoints pausePoints) {
    this.migration = migration;
    this.sides = sides;
    this.settings = settings;
    this.replica = replica;
    this.zeroDatesToNull = zeroDatesToNull;
    this.throttle = throttle;
    this.meters = meters;
    this.states = new TableStates(migration, epoch);
    this.checkpoints = new Checkpoints(migration, epoch);
    this.pausePoints = pausePoints;
  }

  /**
   * The copy of {@code config}'s migration between these pools, as {@code godwit snapshot} and
   * {@code godwit run} make it, counting on {@code meters}: a live run shares them between its
   * snapshot and its re-copies of single tables, so a table's chunk gauges follow its latest copy.
   *
   * @param epoch the runner epoch every chunk proves it still holds before it commits
   * @param throttle the copy's pace, shared with the control API in a live run
   */
  public static Snapshot of(
      MigrationConfig config,
      RunnerEpoch epoch,
      DataSource source,
      DataSource target,
      Throttle throttle,
      SnapshotMeters meters,
      PausePoints pausePoints) {
    return new Snapshot(
        config.name(),
        epoch,
        new Sides(
            source,
            Dialect.of(config.source().engine()),
            target,
            Dialect.of(config.target().engine())),
        config.snapshot(),
        config.snapshot().replicaUrl().isEmpty()
            ? Optional.empty()
            : Optional.of(config.source().at(config.snapshot().replicaUrl(), 1)),
        config.mapping().zeroDates() == MappingOptions.ZeroDates.NULL,
        throttle,
        meters,
        pausePoints);
  }

  /**
   * Copies the tables.
   *
   * @param live a live migration's copy: foreign keys are left for cutover, since change events of
   *     different tables are applied in no common order, unique indexes until the applier has
   *     replayed each table's changes past the copy's end ({@link AfterCopy.Indexes}), and the
   *     triggers of {@code ON UPDATE} columns for cutover too (they would overwrite replicated
   *     values); a one-off copy creates all of them at the end
   * @param carried the source's views, routines and sequences, created once the tables are prepared
   *     (sequences set after the copy); its triggers, events and grants wait for cutover in a live
   *     migration and are created at the end of a one-off copy
   */
  public SnapshotResult run(List<TargetTable> tables, Carried carried, boolean live)
      throws SQLException {
    try (Connection c = sides.target().getConnection()) {
      states.clearErrors(c);
    }
    return copy(tables, carried, live);
  }

  /**
   * Copies the tables as {@link #run} does, leaving the errors recorded for other tables in place:
   * the re-copy of a table while the rest of a live migration streams ({@code godwit resnapshot}).
   */
  public SnapshotResult copy(List<TargetTable> tables, Carried carried, boolean live)
      throws SQLException {
    long started = System.nanoTime();
    Map<String, TablePhase> phases;
    try (Connection c = sides.target().getConnection()) {
      phases = states.all(c);
    }
    boolean alreadyCopied =
        !tables.isEmpty()
            && tables.stream()
                .allMatch(
                    t -> {
                      TablePhase phase = phases.get(t.source().name());
                      return phase != null && phase.copyFinished();
                    });
    if (alreadyCopied) {
      log.info("Snapshot: every table was already copied by an earlier run; nothing to copy");
    }

    CarriedObjects objects = new CarriedObjects(sides.target(), sides.targetDialect(), carried);
    step(
        1,
        "preparing target tables",
        () ->
            new TargetPreparer(sides, states).prepare(tables)
                + "; "
                + objects.create(CarriedObject.Stage.TABLES));
    Map<String, TableCopy> copies = new LinkedHashMap<>();
    for (TargetTable t : tables) {
      List<String> key = t.source().rowKey().map(k -> k.columnNames()).orElse(List.of());
      copies.put(
          t.source().name(),
          TableCopy.of(
              t, sides.sourceDialect(), sides.targetDialect().engine(), zeroDatesToNull, key));
    }
    ChunkPlans plans = new ChunkPlans(sides, states, checkpoints, settings, meters);
    List<CopyWorkers.Task> tasks = new ArrayList<>();
    pausePoints.beforeChunkPlans();
    step(2, "planning chunks", () -> plans.plan(copies.values(), tasks));
    Map<String, TableTimer> timers = new HashMap<>();
    AfterCopy after = new AfterCopy(sides.target(), sides.targetDialect());
    AfterCopy.Indexes indexes = live ? AfterCopy.Indexes.NON_UNIQUE : AfterCopy.Indexes.ALL;
    EarlyIndexes early = new EarlyIndexes(after, indexes);
    step(
        COPY_STEP,
        "copying rows",
        () -> {
          try {
            copy(copies, plans, tasks, timers, early);
          } catch (ChunkFailedException e) {
            recordFailure(e);
            throw e;
          }
          return "%,d chunks copied".formatted(tasks.size());
        });
    step(
        INDEX_STEP,
        "creating secondary indexes",
        () -> {
          String earlyDone = early.finish();
          pausePoints.duringIndexBuild();
          return earlyDone
              + "; then "
              + after.indexes(tables, indexes)
              + (live ? "; unique indexes wait until the applier passed the copy's end" : "")
              + "; "
              + after.checks(tables);
        });
    if (live) {
      skip(5, "adding foreign keys", "left for cutover");
    } else {
      step(5, "adding foreign keys", () -> after.foreignKeys(tables));
    }
    step(
        6,
        "setting sequences past the copied maximum",
        () ->
            after.sequences(tables)
                + "; "
                + objects.sequences(sides.source(), sides.sourceDialect())
                + (live
                    ? ""
                    : "; "
                        + after.onUpdateTriggers(tables)
                        + "; "
                        + objects.create(CarriedObject.Stage.CUTOVER)));

    List<SnapshotResult.TableResult> results = new ArrayList<>();
    long rows = 0;
    long bytes = 0;
    for (TableCopy copy : copies.values()) {
      ChunkPlans.Totals totals = plans.totals(copy.sourceName());
      TableTimer timer = timers.getOrDefault(copy.sourceName(), new TableTimer());
      results.add(
          new SnapshotResult.TableResult(
              copy.sourceName(),
              copy.table().name(),
              totals.rows(),
              totals.bytes(),
              timer.seconds(),
              totals.chunks(),
              totals.resumed(),
              early.seconds(copy.sourceName())));
      rows += totals.rows();
      bytes += totals.bytes();
    }
    double seconds = (System.nanoTime() - started) / 1e9;
    return new SnapshotResult(
        migration, results, steps, rows, bytes, seconds, early.waitedSeconds(), alreadyCopied);
  }

  /**
   * Records a table's failure for {@code godwit status}; when the target cannot take even that (the
   * connection loss that failed the chunk), the chunk's own error is still the one reported.
   */
  private void recordFailure(ChunkFailedException e) {
    try (Connection c = sides.target().getConnection()) {
      states.fail(c, e.sourceTable(), e.getMessage());
    } catch (SQLException | RuntimeException recording) {
      e.addSuppressed(recording);
    }
  }

  private void copy(
      Map<String, TableCopy> copies,
      ChunkPlans plans,
      List<CopyWorkers.Task> tasks,
      Map<String, TableTimer> timers,
      EarlyIndexes early)
      throws SQLException {
    ChunkCopier copier =
        new ChunkCopier(
            sides.sourceDialect(), sides.targetDialect(), checkpoints, throttle, pausePoints);
    CopyWorkers workers =
        new CopyWorkers(
            sides.source(),
            sides.target(),
            copier,
            settings.workers(),
            CHUNK_RETRY_WINDOW,
            throttle);
    for (CopyWorkers.Task task : tasks) {
      timers.computeIfAbsent(task.table().sourceName(), t -> new TableTimer());
    }
    try (ProgressPrinter progress = ProgressPrinter.start(copies.values(), meters, plans);
        CopyBrake threads =
            CopyBrake.threadsRunning(
                sides.source(), sides.sourceDialect(), settings.maxThreadsRunning(), throttle);
        CopyBrake replicaLag = CopyBrake.replicaLag(replica, settings.maxReplicaLag(), throttle)) {
      pausePoints.beforeCopy();
      workers.run(
          tasks,
          (task, copied) -> {
            String table = task.table().sourceName();
            timers.get(table).touch();
            plans.chunkDone(table, copied.rows(), copied.bytes());
            if (plans.totals(table).remaining() == 0) {
              early.start(copies.get(table).table());
            }
            pausePoints.afterChunk(table, task.chunk().number());
          },
          meters);
    }
  }

  /** A step's work; returns a line saying what it did. */
  @FunctionalInterface
  interface StepWork {
    String run() throws SQLException;
  }

  private void step(int number, String name, StepWork work) throws SQLException {
    log.info("Snapshot step {}/{} - {}", number, STEPS, name);
    long started = System.nanoTime();
    String detail = work.run();
    double seconds = (System.nanoTime() - started) / 1e9;
    log.info(
        "Snapshot step {}/{} - {}: {} ({} s)",
        number,
        STEPS,
        name,
        detail,
        "%.1f".formatted(seconds));
    steps.add(new SnapshotResult.Step(number, name, seconds, detail));
  }

  private void skip(int number, String name, String why) {
    log.info("Snapshot step {}/{} - {} (SKIPPED: {})", number, STEPS, name, why);
    steps.add(new SnapshotResult.Step(number, name, 0, "skipped: " + why));
  }

  /** Wall time from a table's first copied chunk of this run to its last. */
  private static final class TableTimer {
    private final long started = System.nanoTime();
    private volatile long last = started;

    void touch() {
      last = System.nanoTime();
    }

    double seconds() {
      return (last - started) / 1e9;
    }
  }
}
