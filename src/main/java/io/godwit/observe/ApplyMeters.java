package io.godwit.observe;

import io.godwit.apply.BatchResult;
import io.godwit.apply.ChangeEvent;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import java.util.List;
import java.util.concurrent.atomic.AtomicLong;

/**
 * Applier meters: events applied per table and operation, batches retried, poison events, and the
 * end-to-end lag in milliseconds (source commit time to applied), which drops to zero when a poll
 * finds nothing left to apply.
 */
public final class ApplyMeters {

  private final MeterRegistry registry;
  private final AtomicLong lagMillis = new AtomicLong();
  private final Counter retries;

  public ApplyMeters(MeterRegistry registry) {
    this.registry = registry;
    registry.gauge("godwit.apply.lag", lagMillis, AtomicLong::doubleValue);
    this.retries =
        Counter.builder("godwit.apply.retries")
            .description("Batches the target rejected and the applier retried")
            .register(registry);
  }

  public void applied(List<ChangeEvent> events, BatchResult result) {
    long newest = 0;
    for (ChangeEvent e : events) {
      registry
          .counter("godwit.apply.events", "table", e.table(), "op", e.op().name().toLowerCase())
          .increment();
      newest = Math.max(newest, e.sourceTsMs());
    }
    if (newest > 0) {
      lagMillis.set(Math.max(0, System.currentTimeMillis() - newest));
    }
  }

  /** A poll found nothing to apply: every change up to now is on the target. */
  public void caughtUp() {
    lagMillis.set(0);
  }

  public void retried() {
    retries.increment();
  }

  public void poison(String table) {
    registry.counter("godwit.apply.poison", "table", table).increment();
  }

  public long lagMillis() {
    return lagMillis.get();
  }
}
