package io.godwit;

import com.zaxxer.hikari.HikariDataSource;
import io.godwit.config.MigrationConfig;
import io.godwit.observe.SnapshotMeters;
import io.godwit.snapshot.PausePoints;
import io.godwit.snapshot.Snapshot;
import io.godwit.snapshot.SnapshotResult;
import io.godwit.snapshot.Throttle;
import io.godwit.state.RunnerLock;
import io.godwit.state.StateStore;
import io.micrometer.core.instrument.MeterRegistry;
import java.sql.SQLException;

/**
 * {@code godwit snapshot}: a one-off bulk copy with no change capture, under the migration's runner
 * lock, recorded in the state store's event log.
 */
record SnapshotCommand(MigrationConfig config, MeterRegistry meters, PausePoints pausePoints) {

  /** Copies the tables; refuses to start while the plan has blockers, and then changed nothing. */
  SnapshotResult snapshot() throws SQLException {
    try (HikariDataSource source = PoolSizes.SNAPSHOT.source(config, meters);
        HikariDataSource target = PoolSizes.SNAPSHOT.target(config, meters)) {
      Preflight preflight = Preflight.run(config, source, target, false);
      StateStore store = preflight.store();
      try (RunnerLock lock = store.acquire(config.name(), RunnerLock.runnerName())) {
        Snapshot snapshot =
            Snapshot.of(
                config,
                lock.epoch(),
                source,
                target,
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
}
