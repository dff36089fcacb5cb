package io.godwit;

import com.zaxxer.hikari.HikariDataSource;
import io.godwit.config.Endpoint;
import io.godwit.config.MigrationConfig;
import io.godwit.db.OldSource;
import io.godwit.db.Pools;
import io.micrometer.core.instrument.MeterRegistry;

/**
 * How many connections each command's pools hold, all in one place. Every pool has {@code
 * source.pool-size} or {@code target.pool-size} connections for a command's serial work (catalog
 * reads, state-store writes, the lag monitor's marks); each constant adds what the command holds at
 * the same time besides, counted from {@code snapshot.workers}. A new task that keeps a connection
 * for the length of a command is counted here, or it waits on the others' connections.
 */
enum PoolSizes {

  /** {@code plan}, {@code report}, {@code status}: one statement at a time. */
  SERIAL,

  /**
   * {@code snapshot}: each copy worker reads the source and writes the target; on the target, one
   * more connection holds the runner lock's session ({@code state.RunnerLock}) and one builds a
   * copied table's indexes while the others copy ({@code snapshot.EarlyIndexes}).
   */
  SNAPSHOT,

  /**
   * {@code run}: the snapshot's connections, and on the target one more for the applier, which
   * starts before the copy and commits a batch at a time while it goes on. Only the run's pools are
   * metered ({@code hikaricp_*}): it alone serves {@code /metrics}.
   */
  RUN,

  /**
   * {@code validate}: up to {@code snapshot.workers} tables at once, each reading its counts and
   * columns on both sides, while up to {@code snapshot.workers} key ranges are compared, each
   * reading both sides.
   */
  VALIDATE;

  /** Opens the source's pool for this command. */
  HikariDataSource source(MigrationConfig config, MeterRegistry meters) {
    return open(config.source(), "source", added(false, config.snapshot().workers()), meters);
  }

  /**
   * Opens the target's pool for this command. The run's sessions override a rollback's read-only
   * freeze of a PostgreSQL target ({@link OldSource#writable}): they keep the state store there and
   * stream back from it while it is frozen, and a run restarted after a crash during a rollback
   * must reach the rollback's recovery to unfreeze it.
   */
  HikariDataSource target(MigrationConfig config, MeterRegistry meters) {
    Endpoint target = this == RUN ? OldSource.writable(config.target()) : config.target();
    return open(target, "target", added(true, config.snapshot().workers()), meters);
  }

  /** The connections this command adds to a side's pool size, {@code workers} copying at once. */
  private int added(boolean target, int workers) {
    return switch (this) {
      case SERIAL -> 0;
      case SNAPSHOT -> target ? workers + 2 : workers;
      case RUN -> target ? workers + 3 : workers;
      case VALIDATE -> workers * 2;
    };
  }

  private HikariDataSource open(Endpoint endpoint, String side, int added, MeterRegistry meters) {
    return Pools.open(endpoint, side, added, this == RUN ? meters : null);
  }
}
