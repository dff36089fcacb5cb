package io.godwit.observe;

import io.micrometer.core.instrument.Meter;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.composite.CompositeMeterRegistry;
import io.micrometer.core.instrument.config.MeterFilter;

/**
 * The reverse stream's meters in the served registry: the same applier, lag and validation meters
 * as forward, each renamed so the two directions never collide ({@code godwit.apply.events} becomes
 * {@code godwit.reverse.events}, {@code godwit.lag.seconds} {@code godwit.reverse.lag.seconds}).
 */
public final class ReverseMeters {

  private static final String GODWIT = "godwit.";
  private static final String APPLY = "apply.";

  private ReverseMeters() {}

  /** A registry whose meters are registered, renamed by {@link #name}, in {@code served}. */
  public static MeterRegistry of(MeterRegistry served) {
    CompositeMeterRegistry reverse = new CompositeMeterRegistry();
    reverse
        .config()
        .meterFilter(
            new MeterFilter() {
              @Override
              public Meter.Id map(Meter.Id id) {
                return id.withName(name(id.getName()));
              }
            });
    reverse.add(served);
    return reverse;
  }

  /**
   * A forward meter's name for the reverse stream: {@code godwit.} becomes {@code godwit.reverse.},
   * and the applier's {@code apply.} part goes (the reverse stream is an applier).
   */
  public static String name(String forward) {
    if (!forward.startsWith(GODWIT)) {
      return forward;
    }
    String rest = forward.substring(GODWIT.length());
    return GODWIT + "reverse." + (rest.startsWith(APPLY) ? rest.substring(APPLY.length()) : rest);
  }
}
