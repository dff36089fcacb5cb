package io.godwit.cutover;

import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.atomic.AtomicReference;

/**
 * {@code godwit.cutover.step{step}} (1 for the current step), {@code
 * godwit.cutover.downtime.seconds} and {@code godwit.cutover.lag.threshold.seconds} for the
 * dashboard's threshold line.
 */
public final class CutoverMeters {

  private static final List<String> STEPS =
      List.of(
          "idle",
          "preconditions",
          "reverse",
          "freeze",
          "drain",
          "validate",
          "sequences",
          "done",
          "aborted",
          "refused");

  private final AtomicReference<String> step = new AtomicReference<>("idle");
  private volatile double downtime = Double.NaN;
  private volatile double threshold = Double.NaN;

  public CutoverMeters(MeterRegistry registry) {
    for (String s : STEPS) {
      Gauge.builder("godwit.cutover.step", step, r -> s.equals(r.get()) ? 1 : 0)
          .tag("step", s)
          .description("1 for the cutover's current step")
          .register(registry);
    }
    Gauge.builder("godwit.cutover.downtime.seconds", this, m -> m.downtime)
        .description("Freeze to done of the last cutover")
        .register(registry);
    Gauge.builder("godwit.cutover.lag.threshold.seconds", this, m -> m.threshold)
        .description("cutover.lag-threshold: the lag under which a cutover may start")
        .register(registry);
  }

  void step(String name) {
    step.set(name);
  }

  void downtime(double seconds) {
    downtime = seconds;
  }

  public void threshold(Duration lagThreshold) {
    threshold = lagThreshold.toMillis() / 1000.0;
  }
}
