package io.godwit;

import io.godwit.config.MigrationConfig;
import io.godwit.control.ControlClient;
import io.godwit.control.ControlServer;
import io.godwit.control.CutoverDocument;
import io.godwit.plan.PlanResult;
import io.godwit.report.Report;
import io.godwit.snapshot.PausePoints;
import io.godwit.snapshot.SnapshotResult;
import io.godwit.state.ValidationResult;
import io.godwit.trial.SampleSize;
import io.godwit.trial.TrialResult;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.prometheusmetrics.PrometheusMeterRegistry;
import java.sql.SQLException;
import java.time.Duration;
import java.util.List;
import java.util.Optional;
import java.util.function.Consumer;
import java.util.function.Supplier;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The facade: one method per command, each command one class ({@code PlanCommand}, {@code
 * SnapshotCommand}, {@link LiveMigration} (served by {@link #run()}), {@code StatusCommand}, {@code
 * ValidateCommand}, {@code CutoverCommand}, {@code RollbackCommand}, {@code ReportCommand}, {@code
 * TrialCommand}). Each opens what it needs, does its work and returns a result; the CLI and the
 * HTTP API only render those.
 */
public final class Godwit {

  private static final Logger log = LoggerFactory.getLogger(Godwit.class);

  private final MigrationConfig config;
  private final MeterRegistry meters;
  private final PausePoints pausePoints;
  private final Supplier<MigrationConfig> fileNow;

  public Godwit(MigrationConfig config, MeterRegistry meters) {
    this(config, meters, PausePoints.NONE);
  }

  /** With pause points, for tests that stop or break the copy at a named point. */
  public Godwit(MigrationConfig config, MeterRegistry meters, PausePoints pausePoints) {
    this(config, meters, pausePoints, () -> config);
  }

  private Godwit(
      MigrationConfig config,
      MeterRegistry meters,
      PausePoints pausePoints,
      Supplier<MigrationConfig> fileNow) {
    this.config = config;
    this.meters = meters;
    this.pausePoints = pausePoints;
    this.fileNow = fileNow;
  }

  /**
   * This facade, with {@code fileNow} reading the migration file again: a live run's re-copy of a
   * table ({@link #resnapshot}) plans the table from the file as it is then.
   */
  public Godwit rereadingFile(Supplier<MigrationConfig> fileNow) {
    return new Godwit(config, meters, pausePoints, fileNow);
  }

  /** Reads both sides and reports what a migration would do and what stands in its way. */
  public PlanResult plan() throws SQLException {
    return new PlanCommand(config, meters).plan();
  }

  /**
   * A one-off bulk copy with no change capture: tables, rows, indexes, foreign keys, sequences.
   * Refuses to start while the plan has blockers, and then has changed nothing.
   */
  public SnapshotResult snapshot() throws SQLException {
    return new SnapshotCommand(config, meters, pausePoints).snapshot();
  }

  /**
   * The live migration, not started yet: its {@link LiveMigration#run()} creates the schema,
   * captures, copies and applies until stopped or cut over. It blocks, so whoever calls it first
   * serves {@link LiveMigration#control()} and keeps the object to stop it; {@link #run()} does
   * both.
   */
  public LiveMigration live() {
    return new LiveMigration(config, meters, pausePoints, fileNow);
  }

  /**
   * Runs the live migration to its end: serves the control API and status page on {@code
   * control.listen} while it runs ({@code /metrics} from this facade's registry), and stops it
   * cleanly, waiting up to a minute, when the process is asked to stop (SIGTERM, Ctrl-C).
   *
   * @return how the run ended: stopped (a new run resumes), cut over, or rolled back
   * @throws BlockedException while the plan has blockers, having changed nothing
   * @throws IllegalStateException when this facade's registry is not a Prometheus one
   */
  public RunEnd run() throws Exception {
    if (!(meters instanceof PrometheusMeterRegistry prometheus)) {
      throw new IllegalStateException(
          "run serves /metrics: build the Godwit with a PrometheusMeterRegistry"
              + " (Metrics.registry()), not "
              + meters.getClass().getName());
    }
    LiveMigration live = live();
    ControlServer control = ControlServer.start(config.control(), live.control(), prometheus);
    Thread hook =
        new Thread(
            () -> {
              try {
                log.info("Asked to stop: stopping cleanly...");
                live.stop(Duration.ofSeconds(60));
              } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
              }
            },
            "godwit-shutdown");
    Runtime.getRuntime().addShutdownHook(hook);
    try (control) {
      live.run();
    } finally {
      forget(hook);
    }
    if (live.rolledBack()) {
      return RunEnd.ROLLED_BACK;
    }
    return live.cutOver() ? RunEnd.CUT_OVER : RunEnd.STOPPED;
  }

  /** How {@link #run()} ended. */
  public enum RunEnd {
    /** Asked to stop; a new run resumes. */
    STOPPED,
    /**
     * The target has taken over (and, with a reverse stream, the run streamed back until stopped).
     */
    CUT_OVER,
    /** {@code godwit rollback} made the old source take over again; the target stays frozen. */
    ROLLED_BACK
  }

  /** Run ended by itself (not by a signal): its stop hook has nothing left to stop. */
  private static void forget(Thread hook) {
    try {
      Runtime.getRuntime().removeShutdownHook(hook);
    } catch (IllegalStateException shuttingDown) {
      // the hook is running or about to: it stops what is left
    }
  }

  /**
   * Reads the migration's status from the state store in the target and hands it to {@code show};
   * with {@code every}, again at that interval until the thread is interrupted.
   *
   * @return the status read, when {@code every} is empty
   */
  public StoredStatus status(Optional<Duration> every, Consumer<StoredStatus> show)
      throws Exception {
    return new StatusCommand(config, meters).status(every, show);
  }

  /**
   * Compares the tables (all, or those named) on both sides; with {@code repair} rewrites the rows
   * that differ from the source. While a {@code godwit run} streams, suspects are rechecked after
   * its control API proved the applier caught up.
   *
   * @param names source table names; empty for every migrated table
   */
  public ValidationResult validate(List<String> names, boolean repair) throws Exception {
    return new ValidateCommand(config, meters).validate(names, repair);
  }

  /**
   * Compares the old source with the target after a cutover with {@code rollback.reverse} (the
   * target read as the source); with {@code repair} rewrites the old source's rows that differ.
   * While the reverse stream runs, suspects are rechecked after it proved it caught up; the result
   * is what the rollback's precondition "last reverse validation clean" reads.
   *
   * @param names source table names; empty for every migrated table
   */
  public ValidationResult validateReverse(List<String> names, boolean repair) throws Exception {
    return new ValidateCommand(config, meters).validateReverse(names, repair);
  }

  /**
   * Cuts over through the running {@code godwit run}'s control API, asking {@code operator} to go
   * ahead once the preconditions are checked.
   *
   * @return the precondition check when the operator did not go ahead, else the attempt as it ended
   */
  public CutoverDocument cutover(CutoverOperator operator) throws Exception {
    return new CutoverCommand(config).cutover(operator);
  }

  /**
   * Rolls back through the running {@code godwit run}'s control API, which streams the target's
   * changes back to the old source, asking {@code operator} to go ahead once the preconditions are
   * checked.
   *
   * @return the precondition check when the operator did not go ahead, else the attempt as it ended
   */
  public CutoverDocument rollback(CutoverOperator operator) throws Exception {
    return new RollbackCommand(config).rollback(operator);
  }

  /**
   * Once the migration is cut over (and rolled back, if it went back), removes its replication
   * slots, publications and change topics on both sides, and records it finished; refuses while
   * {@code godwit run} runs, and before the cutover.
   *
   * @param dryRun only say what would be removed
   * @return what was removed (or would be), one line each
   */
  public List<String> finish(boolean dryRun) throws Exception {
    return new FinishCommand(config).finish(dryRun);
  }

  /** Aborts the running {@code godwit run}'s rollback; the target is unfrozen. */
  public CutoverDocument abortRollback(String reason) throws Exception {
    return new ControlClient(config.control()).abortRollback(reason);
  }

  /**
   * Asks for a fresh copy of {@code tables} (source names): through the running {@code godwit
   * run}'s control API when one holds the migration, else stored for the next run; all or none.
   *
   * @return every table whose re-copy is asked for and not yet begun, and which way it went
   */
  public ResnapshotResult resnapshot(List<String> tables) throws Exception {
    return new ResnapshotCommand(config, meters).resnapshot(tables);
  }

  /**
   * A rehearsal on a key-range sample of every table against a staging target ({@code stagingUrl},
   * else the file's target), under the migration's name with {@code _trial}: plan, snapshot,
   * streaming for {@code window} under the source's changes, validation and a cutover dry run, with
   * the full migration's projected snapshot time, catch-up and downtime. Its replication slot,
   * publication and topics are removed before it returns, whether it succeeded or not.
   *
   * @throws BlockedException while the plan has blockers, having changed nothing
   */
  public TrialResult trial(SampleSize size, Optional<String> stagingUrl, Duration window)
      throws Exception {
    return new TrialCommand(config, meters, pausePoints, size, stagingUrl, window).trial();
  }

  /** Aborts the running {@code godwit run}'s cutover; the source is unfrozen. */
  public CutoverDocument abortCutover(String reason) throws Exception {
    return new ControlClient(config.control()).abort(reason);
  }

  /**
   * Gathers the migration's report from the target's state store and the configuration.
   *
   * @param version this Godwit's version, printed in the report
   */
  public Report report(String version) throws SQLException {
    return new ReportCommand(config, meters).report(version);
  }
}
