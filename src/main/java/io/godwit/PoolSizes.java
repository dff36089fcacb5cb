package io.godwit;

import com.zaxxer.hikari.HikariDataSource;
import io.godwit.config.MigrationConfig;
import io.godwit.db.Pools;
import io.micrometer.core.instrument.MeterRegistry;
import java.util.function.IntUnaryOperator;

/**
 * How many connections each command's pools hold, all in one place. Every pool has {@code
 * source.pool-size} or {@code target.pool-size} connections for a command's serial work (catalog
 * reads, state-store writes, the lag monitor's marks); each constant adds what the command holds at
 * the same time besides, counted from {@code snapshot.workers}. A new task that keeps a connection
 * for the length of a command is counted here, or it waits on the others' connections.
 */
enum PoolSizes {

  /** {@code plan}, {@code report}, {@code status}: one statement at a time. */
  SERIAL(workers -> 0, workers -> 0, false),

  /**
   * {@code snapshot}: each copy worker reads the source and writes the target; on the target, one
   * more connection holds the runner lock's session ({@code state.RunnerLock}) and one builds a
   * copied table's indexes while the others copy ({@code snapshot.EarlyIndexes}).
   */
  SNAPSHOT(workers -> workers, workers -> workers + 2, false),

  /**
   * {@code run}: the snapshot's connections, and on the target one more for the applier, which
   * starts before the copy and commits a batch at a time while it goes on. Its pools are metered
   * ({@code hikaricp_*} on {@code /metrics}).
   */
  RUN(workers -> workers, workers -> workers + 3, true),

  /**
   * {@code validate}: up to {@code snapshot.workers} tables at once, each reading its counts and
   * columns on both sides, while up to {@code snapshot.workers} key ranges are compared, each
   * reading both sides.
   */
  VALIDATE(workers -> workers * 2, workers -> workers * 2, false);

  private final IntUnaryOperator source;
  private final IntUnaryOperator target;
  private final boolean metered;

  PoolSizes(IntUnaryOperator source, IntUnaryOperator target, boolean metered) {
    this.source = source;
    this.target = target;
    this.metered = metered;
  }

  /** Opens the source's pool for this command. */
  HikariDataSource source(MigrationConfig config, MeterRegistry meters) {
    return Pools.open(
        config.source(),
        "source",
        source.applyAsInt(config.snapshot().workers()),
        metered ? meters : null);
  }

  /** Opens the target's pool for this command. */
  HikariDataSource target(MigrationConfig config, MeterRegistry meters) {
    return Pools.open(
        config.target(),
        "target",
        target.applyAsInt(config.snapshot().workers()),
        metered ? meters : null);
  }
}
