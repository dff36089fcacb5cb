package io.godwit;

import com.zaxxer.hikari.HikariDataSource;
import io.godwit.config.MigrationConfig;
import io.godwit.control.ControlClient;
import io.godwit.error.ErrorCode;
import io.godwit.error.GodwitException;
import io.godwit.state.RunnerLock;
import io.godwit.state.StateStore;
import io.godwit.state.StateStoreException;
import io.godwit.state.TableStates;
import io.micrometer.core.instrument.MeterRegistry;
import java.sql.Connection;
import java.util.ArrayList;
import java.util.List;
import java.util.TreeSet;

/**
 * {@code godwit resnapshot}: asks for a fresh copy of tables. While a {@code godwit run} holds the
 * migration, through its control API, and that run re-copies them while the other tables stream.
 * Otherwise the request is stored in the state store under the migration's runner lock (so no run
 * starts meanwhile, and the write proves the lock's epoch), all tables or none, and the next run
 * re-copies them.
 */
record ResnapshotCommand(MigrationConfig config, MeterRegistry meters) {

  ResnapshotResult resnapshot(List<String> tables) throws Exception {
    if (tables.isEmpty()) {
      throw new GodwitException(
          ErrorCode.BAD_ARGUMENT,
          "name at least one table to copy again, by its source name as `godwit status` lists it");
    }
    try (HikariDataSource target = PoolSizes.SERIAL.target(config, meters)) {
      StateStore store = StateStore.prepare(config, target);
      if (store.runner(config.name()) == null) {
        try (RunnerLock lock = store.acquire(config.name(), RunnerLock.runnerName())) {
          try (Connection c = target.getConnection()) {
            return new ResnapshotResult(
                false, new TableStates(config.name(), lock.epoch()).requestResnapshot(c, tables));
          }
        } catch (StateStoreException e) {
          if (store.runner(config.name()) == null) {
            throw e;
          }
        }
      }
      return throughRun(target, tables);
    }
  }

  /** Asks the running migration, after checking every name, so that all or none is asked. */
  private ResnapshotResult throughRun(HikariDataSource target, List<String> tables)
      throws Exception {
    try (Connection c = target.getConnection()) {
      new TableStates(config.name()).checkResnapshot(c, tables);
    }
    ControlClient client = new ControlClient(config.control());
    List<String> requested = new ArrayList<>();
    for (String table : tables) {
      requested = client.resnapshot(table).requested();
    }
    return new ResnapshotResult(true, new TreeSet<>(requested));
  }
}
