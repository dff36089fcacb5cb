package io.godwit;

import com.zaxxer.hikari.HikariDataSource;
import io.godwit.config.EffectiveConfig;
import io.godwit.config.MappingOptions;
import io.godwit.config.MigrationConfig;
import io.godwit.control.ControlClient;
import io.godwit.db.Dialect;
import io.godwit.db.Pools;
import io.godwit.error.ErrorCode;
import io.godwit.error.GodwitException;
import io.godwit.observe.SnapshotMeters;
import io.godwit.plan.PlanResult;
import io.godwit.plan.Planner;
import io.godwit.report.Report;
import io.godwit.schema.TargetTable;
import io.godwit.snapshot.PausePoints;
import io.godwit.snapshot.Snapshot;
import io.godwit.snapshot.SnapshotResult;
import io.godwit.snapshot.Throttle;
import io.godwit.state.CutoverRecords;
import io.godwit.state.RunHistory;
import io.godwit.state.RunnerLock;
import io.godwit.state.StateStore;
import io.godwit.state.ValidationRecords;
import io.godwit.state.ValidationResult;
import io.godwit.validate.Fence;
import io.godwit.validate.Validator;
import io.micrometer.core.instrument.MeterRegistry;
import java.net.InetAddress;
import java.net.UnknownHostException;
import java.sql.SQLException;
import java.time.Instant;
import java.util.List;

/**
 * The facade: one method per verb. Each opens what it needs, does its work and returns a result
 * record; the CLI and the HTTP API only render those.
 */
public final class Godwit {

  private final MigrationConfig config;
  private final MeterRegistry meters;
  private final PausePoints pausePoints;

  public Godwit(MigrationConfig config, MeterRegistry meters) {
    this(config, meters, PausePoints.NONE);
  }

  /** With pause points, for tests that stop or break the copy at a named point. */
  public Godwit(MigrationConfig config, MeterRegistry meters, PausePoints pausePoints) {
    this.config = config;
    this.meters = meters;
    this.pausePoints = pausePoints;
  }

  /** Reads both sides and reports what a migration would do and what stands in its way. */
  public PlanResult plan() throws SQLException {
    try (HikariDataSource source = Pools.open(config.source(), "source", 0);
        HikariDataSource target = Pools.open(config.target(), "target", 0)) {
      return new Planner(config, source, target).plan();
    }
  }

  /**
   * A one-off bulk copy with no change capture: tables, rows, indexes, foreign keys, sequences.
   * Refuses to start while the plan has blockers, and then has changed nothing.
   */
  public SnapshotResult snapshot() throws SQLException {
    int workers = config.snapshot().workers();
    try (HikariDataSource source = Pools.open(config.source(), "source", workers);
        HikariDataSource target = Pools.open(config.target(), "target", workers + 2)) {
      Preflight preflight = Preflight.run(config, source, target, false);
      StateStore store = preflight.store();
      Dialect targetDialect = Dialect.of(config.target().engine());
      try (RunnerLock lock = store.acquire(config.name(), runnerName())) {
        Snapshot snapshot =
            new Snapshot(
                config.name(),
                lock.epoch(),
                new Snapshot.Sides(
                    source, Dialect.of(config.source().engine()), target, targetDialect),
                config.snapshot(),
                config.mapping().zeroDates() == MappingOptions.ZeroDates.NULL,
                new Throttle(config.snapshot().rowsPerSecond()),
                new SnapshotMeters(meters),
                pausePoints);
        SnapshotResult result = snapshot.run(preflight.tables(), preflight.carried(), false);
        store.log(
            config.name(),
            "snapshot",
            "copied %,d rows in %.1f s".formatted(result.rows(), result.seconds()));
        return result;
      }
    }
  }

  /**
   * Gathers the migration's report from the target's state store and the configuration; the plan is
   * made again when the source can be reached, and the report says so when it cannot.
   *
   * @param version this Godwit's version, printed in the report
   */
  public Report report(String version) throws SQLException {
    try (HikariDataSource target = Pools.open(config.target(), "target", 0)) {
      PlanResult plan = null;
      String planError = null;
      try (HikariDataSource source = Pools.open(config.source(), "source", 0)) {
        plan = new Planner(config, source, target).plan();
      } catch (RuntimeException | SQLException e) {
        planError = e.getMessage();
      }
      RunHistory history = new RunHistory(target, config.name());
      return new Report(
          config.name(),
          version,
          Instant.now(),
          history.registration().orElse(null),
          EffectiveConfig.describe(config),
          plan,
          planError,
          history.tables(),
          history.lag(),
          config.cutover().lagThreshold().toMillis() / 1000.0,
          new ValidationRecords(target, config.name()).all(),
          new CutoverRecords(target, config.name()).all(),
          history.events());
    }
  }

  /** Names this process in the runner lock: host and process id. */
  static String runnerName() {
    String host;
    try {
      host = InetAddress.getLocalHost().getHostName();
    } catch (UnknownHostException e) {
      host = "unknown-host";
    }
    return "godwit on %s (pid %d)".formatted(host, ProcessHandle.current().pid());
  }

  /**
   * Compares the tables (all, or those named) on both sides; with {@code repair} rewrites the rows
   * that differ from the source. While a {@code godwit run} streams, suspects are rechecked after
   * its control API proved the applier caught up.
   *
   * @param names source table names; empty for every migrated table
   * @throws IllegalArgumentException naming a table that is not migrated, before anything is read
   */
  public ValidationResult validate(List<String> names, boolean repair) throws Exception {
    int workers = config.snapshot().workers();
    try (HikariDataSource source = Pools.open(config.source(), "source", workers * 2);
        HikariDataSource target = Pools.open(config.target(), "target", workers * 2)) {
      List<TargetTable> migrated = new Planner(config, source, target).prepare(false).tables();
      List<String> known = migrated.stream().map(t -> t.source().name()).toList();
      List<String> unknown = names.stream().filter(n -> !known.contains(n)).toList();
      if (!unknown.isEmpty()) {
        throw new GodwitException(
            ErrorCode.BAD_ARGUMENT,
            "--tables: %s %s not migrated; fix: name source tables among: %s"
                .formatted(
                    String.join(", ", unknown),
                    unknown.size() == 1 ? "is" : "are",
                    String.join(", ", known)));
      }
      List<TargetTable> tables =
          migrated.stream()
              .filter(t -> names.isEmpty() || names.contains(t.source().name()))
              .toList();
      StateStore store = StateStore.prepare(config, target);
      ValidationResult result =
          Validator.of(config, source, target, fence(store), meters).validate(tables, repair);
      store.log(
          config.name(),
          "validate",
          "%d tables, %s%s"
              .formatted(
                  tables.size(),
                  result.clean() ? "clean" : "differences",
                  repair ? ", repair" : ""));
      return result;
    }
  }

  /** The running migration's drain when one streams, else nothing to wait for. */
  private Fence fence(StateStore store) throws SQLException {
    if (store.runner(config.name()) == null) {
      return Fence.NONE;
    }
    ControlClient client = new ControlClient(config.control());
    return client::drain;
  }
}
