package io.godwit.capture;

import java.time.Duration;
import java.util.Optional;
import java.util.function.LongSupplier;

/**
 * When a capture that lost its source connection starts again: after 0.5 s, doubling up to 8 s, for
 * as long as the first loss since the last delivery is less than the window ago (the snapshot's
 * chunk retry uses the same numbers). A batch reaching Kafka ends the outage.
 */
final class Reconnects {

  static final Duration WINDOW = Duration.ofSeconds(60);
  private static final long FIRST_BACKOFF_MS = 500;
  private static final long MAX_BACKOFF_MS = 8_000;

  private final Duration window;
  private final LongSupplier nanoTime;
  private long lostAt;
  private boolean lost;
  private long backoffMs = FIRST_BACKOFF_MS;
  private int attempts;

  Reconnects(Duration window, LongSupplier nanoTime) {
    this.window = window;
    this.nanoTime = nanoTime;
  }

  Reconnects() {
    this(WINDOW, System::nanoTime);
  }

  /**
   * The connection was lost (again): how long to wait before the next attempt, or empty when that
   * attempt would start past the window.
   */
  synchronized Optional<Duration> next() {
    long now = nanoTime.getAsLong();
    if (!lost) {
      lost = true;
      lostAt = now;
      backoffMs = FIRST_BACKOFF_MS;
      attempts = 0;
    }
    if (now - lostAt + backoffMs * 1_000_000 > window.toNanos()) {
      return Optional.empty();
    }
    Duration wait = Duration.ofMillis(backoffMs);
    backoffMs = Math.min(backoffMs * 2, MAX_BACKOFF_MS);
    attempts++;
    return Optional.of(wait);
  }

  /** The capture delivered to Kafka again: the next loss starts a new window. */
  synchronized void delivered() {
    lost = false;
  }

  /** Attempts made since the first loss of the current outage. */
  synchronized int attempts() {
    return attempts;
  }

  Duration window() {
    return window;
  }
}
