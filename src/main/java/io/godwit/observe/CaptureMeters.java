package io.godwit.observe;

import io.godwit.capture.Capture;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import java.util.OptionalLong;

/**
 * Capture gauges (names in {@code docs/metrics.md}): whether the capture streams, and how far it is
 * behind the source, proven by the newest mark it passed. Registered once the capture streams; the
 * caller keeps this object, which the gauges only reference weakly.
 */
public final class CaptureMeters {

  private volatile Capture capture;

  public CaptureMeters(MeterRegistry meters, Capture capture) {
    this.capture = capture;
    Gauge.builder("godwit.capture.running", this, CaptureMeters::running)
        .description("1 while the capture streams changes from the source, else 0")
        .register(meters);
    Gauge.builder("godwit.capture.lag.seconds", this, CaptureMeters::lagSeconds)
        .description("seconds since the newest mark the capture proved it passed")
        .register(meters);
  }

  /** The capture stopped streaming: the gauges read 0 and NaN from now on. */
  public void stopped() {
    capture = null;
  }

  private static double running(CaptureMeters m) {
    Capture c = m.capture;
    return c != null && c.failure().isEmpty() ? 1 : 0;
  }

  /**
   * The age of the newest mark the capture passed with everything before it in Kafka. NaN when not
   * running or before the first mark.
   */
  private static double lagSeconds(CaptureMeters m) {
    Capture c = m.capture;
    if (c == null) {
      return Double.NaN;
    }
    OptionalLong passed = c.progress().newestPassedMs();
    return passed.isPresent()
        ? Math.max(0, System.currentTimeMillis() - passed.getAsLong()) / 1000.0
        : Double.NaN;
  }
}
