package io.godwit.observe;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Timer;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;

/**
 * Applier meters (names in {@code docs/metrics.md}): events applied per table and operation,
 * batches committed and retried, poison events and dead letters, applier pauses, and each applied
 * event's lag from its source commit to its target commit as a timer with percentiles.
 */
public final class ApplyMeters {

  private final MeterRegistry registry;
  private final Counter batches;
  private final Counter retries;
  private final Timer eventLag;
  private final Map<String, Counter> events = new ConcurrentHashMap<>();
  private final Map<String, AtomicLong> paused = new ConcurrentHashMap<>();
  private final AtomicLong lastBatchMs = new AtomicLong(System.currentTimeMillis());

  public ApplyMeters(MeterRegistry registry) {
    this.registry = registry;
    this.batches =
        Counter.builder("godwit.apply.batches")
            .description("Target transactions the applier committed")
            .register(registry);
    this.retries =
        Counter.builder("godwit.apply.retries")
            .description("Batches lost to a transient target error and applied again")
            .register(registry);
    this.eventLag =
        Timer.builder("godwit.lag.events")
            .description("Per applied change: source commit to target commit")
            .publishPercentiles(0.5, 0.95, 0.99)
            .distributionStatisticExpiry(Duration.ofMinutes(1))
            .register(registry);
    Gauge.builder(
            "godwit.apply.last.batch.age.seconds",
            lastBatchMs,
            last -> (System.currentTimeMillis() - last.get()) / 1000.0)
        .description("Seconds since the applier last committed a batch (or started)")
        .register(registry);
  }

  /** A batch committed on the target. */
  public void applied(List<? extends MeteredEvent> applied) {
    batches.increment();
    lastBatchMs.set(System.currentTimeMillis());
    long now = System.currentTimeMillis();
    for (MeteredEvent e : applied) {
      String op = op(e);
      events
          .computeIfAbsent(
              e.table() + "\u0000" + op,
              k ->
                  Counter.builder("godwit.apply.events")
                      .description("Change events applied to the target")
                      .tag("table", e.table())
                      .tag("op", op)
                      .register(registry))
          .increment();
      if (e.sourceTsMs() > 0) {
        eventLag.record(Math.max(0, now - e.sourceTsMs()), TimeUnit.MILLISECONDS);
      }
    }
  }

  private static String op(MeteredEvent e) {
    return e.isDelete() ? "delete" : "upsert";
  }

  /** Whether an operator paused the applier for a table ({@code godwit_apply_paused}: 1 or 0). */
  public void applyPaused(String table, boolean isPaused) {
    paused
        .computeIfAbsent(
            table,
            t -> {
              AtomicLong value = new AtomicLong();
              Gauge.builder("godwit.apply.paused", value, AtomicLong::doubleValue)
                  .description("1 while an operator has paused the applier for the table, else 0")
                  .tag("table", t)
                  .register(registry);
              return value;
            })
        .set(isPaused ? 1 : 0);
  }

  public void retried() {
    retries.increment();
  }

  public void poison(String table) {
    registry.counter("godwit.apply.poison", "table", table).increment();
  }

  public void deadLetter(String table) {
    registry.counter("godwit.apply.dead.letters", "table", table).increment();
  }

  /** Events applied so far, all tables and operations. */
  public long eventsApplied() {
    return (long) events.values().stream().mapToDouble(Counter::count).sum();
  }

  /** Events applied so far to one table. */
  public long eventsApplied(String table) {
    return (long)
        events.entrySet().stream()
            .filter(e -> e.getKey().startsWith(table + "\u0000"))
            .mapToDouble(e -> e.getValue().count())
            .sum();
  }

  /** The per-event lag timer, for percentiles in benchmarks and status. */
  public Timer eventLag() {
    return eventLag;
  }
}
