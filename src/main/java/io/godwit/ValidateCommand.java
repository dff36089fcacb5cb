package io.godwit;

import com.zaxxer.hikari.HikariDataSource;
import io.godwit.config.MigrationConfig;
import io.godwit.control.ControlClient;
import io.godwit.db.OldSource;
import io.godwit.error.ErrorCode;
import io.godwit.error.GodwitException;
import io.godwit.plan.Planner;
import io.godwit.schema.TargetTable;
import io.godwit.state.AttemptState;
import io.godwit.state.CutoverRecords;
import io.godwit.state.StateStore;
import io.godwit.state.ValidationResult;
import io.godwit.validate.Fence;
import io.godwit.validate.Validator;
import io.micrometer.core.instrument.MeterRegistry;
import java.sql.SQLException;
import java.util.List;
import java.util.Optional;
import javax.sql.DataSource;

/**
 * {@code godwit validate}: compares the migrated tables on both sides, and repairs the rows that
 * differ when asked. While a {@code godwit run} streams, suspects are rechecked after its control
 * API proved the applier caught up. With {@code --reverse}, after a cutover with {@code
 * rollback.reverse}, the same comparison with the roles swapped: the target against the old source.
 */
record ValidateCommand(MigrationConfig config, MeterRegistry meters) {

  /**
   * @param names source table names; empty for every migrated table
   * @throws GodwitException naming a table that is not migrated, before anything is read
   */
  ValidationResult validate(List<String> names, boolean repair) throws Exception {
    // after a rollback the target stays frozen while the migration runs forward again: the
    // results (and a repair) are written past that freeze
    MigrationConfig writable = config.withTarget(OldSource.writable(config.target()));
    try (HikariDataSource source = PoolSizes.VALIDATE.source(config, meters);
        HikariDataSource target = PoolSizes.VALIDATE.target(writable, meters)) {
      List<TargetTable> tables = chosen(names, source, target);
      StateStore store = StateStore.prepare(config, target);
      ValidationResult result =
          Validator.of(config, source, target, fence(store, config.name(), false), meters)
              .validate(tables, repair);
      log(store, config.name(), tables, result, repair);
      return result;
    }
  }

  /**
   * Compares the old source with the target after a cutover with {@code rollback.reverse}: the
   * reverse stream's migration, the target read as its source and the old source (through the
   * reverse applier's sessions, past its freeze) as its target; {@code repair} rewrites the old
   * source's rows from the target. While the reverse stream runs, suspects are rechecked after it
   * proved it caught up. The results are the reverse stream's, in the old source's state store,
   * which the rollback's preconditions read.
   *
   * @param names source table names; empty for every migrated table
   * @throws GodwitException when the migration was not cut over with a reverse stream, or naming a
   *     table that is not migrated, before anything is read
   */
  ValidationResult validateReverse(List<String> names, boolean repair) throws Exception {
    MigrationConfig reverse = ReverseStream.config(config);
    try (HikariDataSource target = PoolSizes.VALIDATE.source(reverse, meters);
        HikariDataSource oldSource = PoolSizes.VALIDATE.target(reverse, meters)) {
      refuseWithoutReverseStream(target);
      List<TargetTable> back =
          ReverseTables.read(
              chosen(names, oldSource, target),
              target,
              config.target().engine(),
              config.source().engine());
      StateStore store = StateStore.prepare(reverse, oldSource);
      ValidationResult result =
          Validator.of(reverse, target, oldSource, fence(store, reverse.name(), true), meters)
              .validate(back, repair);
      log(store, reverse.name(), back, result, repair);
      return result;
    }
  }

  /** The migrated tables (source to target) named, all when {@code names} is empty. */
  private List<TargetTable> chosen(List<String> names, DataSource source, DataSource target)
      throws SQLException {
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
    return migrated.stream()
        .filter(t -> names.isEmpty() || names.contains(t.source().name()))
        .toList();
  }

  /** Refuses unless the last cutover is done and recorded R0, where the reverse stream starts. */
  private void refuseWithoutReverseStream(DataSource target) throws SQLException {
    CutoverRecords cutovers = new CutoverRecords(target, config.name());
    Optional<CutoverRecords.Attempt> done =
        cutovers.latest().filter(a -> a.state() == AttemptState.DONE);
    if (done.isEmpty() || cutovers.reversePosition(done.get().attempt()).isEmpty()) {
      throw new GodwitException(
          ErrorCode.MIGRATION_STATE,
          ("--reverse: migration %s %s, so nothing streams back to its old source to compare;"
                  + " fix: `godwit validate` without --reverse compares the source with the"
                  + " target, and a cutover with rollback.reverse starts the reverse stream")
              .formatted(
                  config.name(),
                  done.isEmpty() ? "is not cut over" : "was cut over without rollback.reverse"));
    }
  }

  private static void log(
      StateStore store,
      String migration,
      List<TargetTable> tables,
      ValidationResult result,
      boolean repair)
      throws SQLException {
    store.log(
        migration,
        "validate",
        "%d tables, %s%s"
            .formatted(
                tables.size(), result.clean() ? "clean" : "differences", repair ? ", repair" : ""));
  }

  /** The running stream's drain when one runs, else nothing to wait for. */
  private Fence fence(StateStore store, String migration, boolean reverse) throws SQLException {
    if (store.runner(migration) == null) {
      return Fence.NONE;
    }
    ControlClient client = new ControlClient(config.control());
    return reverse ? client::drainReverse : client::drain;
  }
}
