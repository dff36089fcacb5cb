package io.godwit;

import com.zaxxer.hikari.HikariDataSource;
import io.godwit.config.MigrationConfig;
import io.godwit.control.ControlClient;
import io.godwit.error.ErrorCode;
import io.godwit.error.GodwitException;
import io.godwit.plan.Planner;
import io.godwit.schema.TargetTable;
import io.godwit.state.StateStore;
import io.godwit.state.ValidationResult;
import io.godwit.validate.Fence;
import io.godwit.validate.Validator;
import io.micrometer.core.instrument.MeterRegistry;
import java.sql.SQLException;
import java.util.List;

/**
 * {@code godwit validate}: compares the migrated tables on both sides, and repairs the rows that
 * differ when asked. While a {@code godwit run} streams, suspects are rechecked after its control
 * API proved the applier caught up.
 */
record ValidateCommand(MigrationConfig config, MeterRegistry meters) {

  /**
   * @param names source table names; empty for every migrated table
   * @throws GodwitException naming a table that is not migrated, before anything is read
   */
  ValidationResult validate(List<String> names, boolean repair) throws Exception {
    try (HikariDataSource source = PoolSizes.VALIDATE.source(config, meters);
        HikariDataSource target = PoolSizes.VALIDATE.target(config, meters)) {
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
