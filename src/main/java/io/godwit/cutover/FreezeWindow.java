package io.godwit.cutover;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The frozen stretch of a switch's attempt, timed against {@code cutover.timeout}: a watchdog
 * aborts the attempt when the freeze outlives it, the drains run within what is left of it, and the
 * downtime is measured from the freeze. {@link SwitchAttempts} runs one for each of its attempts.
 */
final class FreezeWindow {

  private static final Logger log = LoggerFactory.getLogger(FreezeWindow.class);

  /**
   * How a drain ended.
   *
   * @param applied the events the stream had applied once drained
   * @param seconds how long the drain took
   */
  record Drained(long applied, double seconds) {}

  private final SwitchWording wording;
  private final Duration timeout;
  private final Clock clock;
  private Thread watchdog;
  private volatile Instant frozenAt;

  /**
   * @param timeout {@code cutover.timeout}
   * @param clock times the freeze and measures the downtime
   */
  FreezeWindow(SwitchWording wording, Duration timeout, Clock clock) {
    this.wording = wording;
    this.timeout = timeout;
    this.clock = clock;
  }

  /**
   * How long a switch is expected to stay frozen, in seconds: {@code stream}'s drain at its apply
   * rate, then the final validation.
   */
  static double expectedSeconds(RunningMigration stream, FinalValidation validation)
      throws Exception {
    double rate = Math.max(1, stream.applyRate());
    double lag = stream.lagSeconds();
    double drain = (Double.isNaN(lag) ? 0 : lag) + stream.recordsBehind() / rate + 0.5;
    return drain + validation.expectedSeconds() + 0.5;
  }

  /** A new attempt begins: no watchdog of an earlier one is stopped by its end. */
  void reset() {
    watchdog = null;
  }

  /**
   * Starts timing the freeze against {@code cutover.timeout}: once it passed, {@code overTime} runs
   * (it aborts the attempt). Before the freeze step.
   */
  void watch(SwitchSteps.Work overTime) {
    watchdog =
        new Thread(
            () -> {
              try {
                Thread.sleep(timeout.toMillis());
                overTime.run();
              } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
              } catch (Exception e) {
                log.debug("{} watchdog: {}", wording.title(), e.getMessage());
              }
            },
            "godwit-" + wording.noun() + "-watchdog");
    watchdog.setDaemon(true);
    watchdog.start();
  }

  /** The attempt's steps ended: the watchdog, if any, stops. */
  void stopWatching() {
    if (watchdog != null) {
      watchdog.interrupt();
    }
  }

  /** The side is frozen from now on (again, for a freeze that waited on the operator). */
  void frozenNow() {
    frozenAt = clock.instant();
  }

  /** Milliseconds since the freeze. */
  long frozenMillis() {
    return Duration.between(frozenAt, clock.instant()).toMillis();
  }

  /** Why an attempt frozen longer than {@code cutover.timeout} is aborted. */
  String overTime() {
    return "%s lasted longer than cutover.timeout (%d s)"
        .formatted(wording.freeze(), timeout.toSeconds());
  }

  /**
   * Runs {@code positioned}, then drains {@code stream} within what is left of {@code
   * cutover.timeout}.
   */
  Drained drain(RunningMigration stream, SwitchSteps.Work positioned) throws Exception {
    Instant started = clock.instant();
    positioned.run();
    stream.drain(remaining());
    double seconds = Duration.between(started, clock.instant()).toMillis() / 1000.0;
    return new Drained(stream.eventsApplied(), seconds);
  }

  /**
   * A second drain of {@code stream}: how many events it applied since the first ended with {@code
   * drained}; any is a change that slipped past the freeze.
   */
  long leakedSince(Drained drained, RunningMigration stream) throws Exception {
    stream.drain(remaining());
    return stream.eventsApplied() - drained.applied();
  }

  /** What is left of {@code cutover.timeout} since the freeze. */
  private Duration remaining() throws CutoverException {
    Duration left = timeout.minus(Duration.between(frozenAt, clock.instant()));
    if (left.isNegative() || left.isZero()) {
      throw new CutoverException(overTime());
    }
    return left;
  }
}
