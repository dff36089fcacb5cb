package io.godwit;

import io.godwit.config.MigrationConfig;
import io.godwit.error.ErrorCode;
import io.godwit.error.GodwitException;
import io.godwit.observe.ApplyMeters;
import io.godwit.snapshot.SnapshotResult;
import io.micrometer.core.instrument.MeterRegistry;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.OptionalDouble;
import java.util.Set;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;

/**
 * A run as others see it while it goes on: its streaming parts once they stream, its snapshot once
 * copied, whether it was asked to stop and whether it cut over. The {@link LiveMigration} moves it
 * on; the {@link RunControl} and the tests read it.
 */
final class RunState {

  private final MigrationConfig config;
  private final ApplyMeters applyMeters;
  private final CountDownLatch stop = new CountDownLatch(1);
  private final CountDownLatch stopAsked = new CountDownLatch(1);
  private volatile RunningParts parts;
  private volatile SnapshotResult snapshot;
  private volatile boolean cutOver;

  RunState(MigrationConfig config, MeterRegistry meters) {
    this.config = config;
    this.applyMeters = new ApplyMeters(meters);
  }

  /** The applier's meters, which count the changes applied in this run. */
  ApplyMeters applyMeters() {
    return applyMeters;
  }

  /** The migration's name. */
  String name() {
    return config.name();
  }

  /** The cutover's lag threshold in seconds, drawn on the status page's chart. */
  double lagThresholdSeconds() {
    return config.cutover().lagThreshold().toMillis() / 1000.0;
  }

  /** Every part streams from now on, until {@link #stoppedStreaming}. */
  void streaming(RunningParts running) {
    parts = running;
  }

  void stoppedStreaming() {
    parts = null;
  }

  /** The snapshot finished in this run. */
  void copied(SnapshotResult result) {
    snapshot = result;
  }

  /** The snapshot's result, once the snapshot has finished in this run. */
  SnapshotResult snapshot() {
    return snapshot;
  }

  /** True while every part streams and the snapshot has finished. */
  boolean streaming() {
    return parts != null && snapshot != null;
  }

  /** Changes applied since this run started. */
  long eventsApplied() {
    return applyMeters.eventsApplied();
  }

  /** Changes applied per second lately; 0 when not running. */
  double applyRate() {
    RunningParts r = parts;
    return r == null ? 0 : r.applyRate();
  }

  /** Lag over the last minutes, {@code [epoch seconds, lag seconds]} pairs. */
  List<double[]> lagHistory() {
    RunningParts r = parts;
    return r == null ? List.of() : r.lagHistory();
  }

  /** Tables stopped by an event they could not apply. */
  Set<String> stoppedTables() {
    RunningParts r = parts;
    return r == null ? Set.of() : r.stoppedTables();
  }

  /** End-to-end lag in seconds; NaN before the first table is applied or when not running. */
  double lagSeconds() {
    RunningParts r = parts;
    return r == null ? Double.NaN : r.lagSeconds();
  }

  /** One table's lag in seconds, when it is being applied. */
  OptionalDouble lagSeconds(String table) {
    RunningParts r = parts;
    return r == null ? OptionalDouble.empty() : r.lagSeconds(table);
  }

  /** Records in Kafka not yet applied, per table; empty when not running. */
  Map<String, Long> recordsBehind() {
    RunningParts r = parts;
    return r == null ? Map.of() : r.recordsBehind();
  }

  /**
   * Waits until the applier follows the stored pauses of {@code tables}; true at once when nothing
   * streams yet (the applier reads them when it starts).
   */
  boolean awaitPauses(Set<String> tables, Set<String> paused, Duration timeout)
      throws InterruptedException {
    RunningParts r = parts;
    return r == null || r.awaitPauses(tables, paused, timeout);
  }

  /** Proves zero lag; see {@link RunningParts#drain}. */
  void drain(Duration timeout) throws Exception {
    RunningParts r = parts;
    if (r == null) {
      throw new GodwitException(
          ErrorCode.MIGRATION_STATE,
          "migration %s is not streaming; fix: wait until `godwit status` shows every table"
                  .formatted(config.name())
              + " STREAMING");
    }
    r.drain(timeout);
  }

  /** Ends the run after a finished cutover. */
  void finishAfterCutover() {
    cutOver = true;
    stop.countDown();
  }

  /** The migration was cut over by an earlier run: this one streams in reverse only. */
  void cutOverEarlier() {
    cutOver = true;
  }

  /**
   * True once the migration is cut over, by this run or an earlier one: the target has taken over.
   */
  boolean cutOver() {
    return cutOver;
  }

  /** Asks the run to stop. */
  void stop() {
    stopAsked.countDown();
    stop.countDown();
  }

  /**
   * Waits up to {@code millis} for a stop asked of the run (not the end of its forward stream by a
   * cutover); true when one was asked.
   */
  boolean awaitStopAsked(long millis) throws InterruptedException {
    return stopAsked.await(millis, TimeUnit.MILLISECONDS);
  }

  /** Waits up to {@code millis} for a stop; true when one was asked. */
  boolean awaitStop(long millis) throws InterruptedException {
    return stop.await(millis, TimeUnit.MILLISECONDS);
  }
}
