package io.godwit;

import io.godwit.apply.ApplyLoop;
import io.godwit.capture.Capture;
import io.godwit.observe.LagMonitor;
import io.godwit.state.RunnerLock;
import io.godwit.transport.Watermark;
import java.time.Duration;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.OptionalDouble;
import java.util.Set;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import javax.sql.DataSource;
import org.apache.kafka.common.TopicPartition;

/** The parts of a run that stream, for lag, status and the drain. */
record RunningParts(DataSource source, Capture capture, ApplyLoop apply, LagMonitor lag) {

  /** End-to-end lag in seconds; NaN before the first table is applied. */
  double lagSeconds() {
    return lag.lagSeconds();
  }

  /** One table's lag in seconds, when it is being applied. */
  OptionalDouble lagSeconds(String table) {
    return lag.lagSeconds(table);
  }

  /** Records in Kafka not yet applied, per table. */
  Map<String, Long> recordsBehind() {
    return lag.recordsBehind();
  }

  /** Changes applied per second lately. */
  double applyRate() {
    return lag.applyRate();
  }

  /** Lag over the last minutes, {@code [epoch seconds, lag seconds]} pairs. */
  List<double[]> lagHistory() {
    return lag.history();
  }

  /**
   * Waits until the applier follows the stored pauses of {@code tables} ({@code paused}: those
   * paused now); see {@link ApplyLoop#awaitPauses}.
   */
  boolean awaitPauses(Set<String> tables, Set<String> paused, Duration timeout)
      throws InterruptedException {
    return apply.awaitPauses(tables, paused, timeout);
  }

  /** Tables stopped by an event they could not apply. */
  Set<String> stoppedTables() {
    return Set.copyOf(apply.stoppedTables());
  }

  /**
   * Throws what ended the streaming, if anything did: the runner's {@code lock} lost, the capture
   * or the applier failed.
   */
  void throwFailure(RunnerLock lock) throws Exception {
    if (lock.lost().isPresent()) {
      throw lock.lost().get();
    }
    if (capture.failure().isPresent()) {
      throw capture.failure().get();
    }
    if (apply.failure() != null) {
      throw apply.failure();
    }
  }

  /**
   * Proves zero lag (correctness step 5): places a mark on the source, waits until the capture
   * passed it with every change before it acknowledged by Kafka, then until the applier's committed
   * offsets reach those end offsets on every partition of every table. On return, everything the
   * source committed before the call is on the target.
   *
   * @throws TimeoutException naming the tables still behind, when {@code timeout} passed first
   */
  void drain(Duration timeout) throws Exception {
    long deadline = System.nanoTime() + timeout.toNanos();
    Watermark mark;
    try {
      mark = capture.progress().mark(source).get(timeout.toMillis(), TimeUnit.MILLISECONDS);
    } catch (TimeoutException e) {
      throw new TimeoutException(
          "the capture did not pass the source's current position within %d s; fix: check `godwit status` and the log for the capture"
              .formatted(timeout.toSeconds()));
    }
    Set<TopicPartition> tables = new HashSet<>();
    apply.partitions().values().forEach(tables::addAll);
    Watermark onTables = mark.on(tables::contains);
    long left = Math.max(1, deadline - System.nanoTime());
    if (!apply.progress().await(onTables, Duration.ofNanos(left))) {
      throw new TimeoutException(
          "the applier did not reach the drain mark within %d s; behind: %s%s%s"
              .formatted(
                  timeout.toSeconds(),
                  apply.progress().behind(onTables),
                  apply.stoppedTables().isEmpty()
                      ? ""
                      : "; stopped tables: " + apply.stoppedTables(),
                  apply.pausedTables().isEmpty()
                      ? ""
                      : "; the applier is paused for "
                          + apply.pausedTables()
                          + " (POST /api/apply/resume resumes it)"));
    }
  }
}
