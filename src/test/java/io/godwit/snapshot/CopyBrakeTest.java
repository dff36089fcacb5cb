package io.godwit.snapshot;

import static io.godwit.testing.Waits.within;
import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.util.concurrent.atomic.AtomicReference;
import org.junit.jupiter.api.Test;

class CopyBrakeTest {

  @Test
  void theApplyLagBrakeHoldsOnlyWhileTheStreamingTablesLagMoreThanTheLimit() throws Exception {
    AtomicReference<Double> lag = new AtomicReference<>(Double.NaN);
    Throttle throttle = new Throttle(0);
    try (CopyBrake brake = CopyBrake.applyLag(lag::get, Duration.ofSeconds(2), throttle)) {
      assertThat(throttle.isPaused()).as("no table streams yet").isFalse();

      lag.set(2.5);
      assertThat(within(3_000, throttle::isPaused)).as("held above the limit").isTrue();
      assertThat(throttle.holds()).containsExactly(Throttle.Hold.APPLY_LAG);
      throttle.setPaused(true);

      lag.set(2.0);
      assertThat(within(3_000, () -> !throttle.holds().contains(Throttle.Hold.APPLY_LAG)))
          .as("let go at the limit")
          .isTrue();
      assertThat(throttle.holds())
          .as("the operator's pause stays")
          .containsExactly(Throttle.Hold.OPERATOR);
      throttle.setPaused(false);

      lag.set(9.0);
      assertThat(within(3_000, throttle::isPaused)).isTrue();
    }
    assertThat(throttle.isPaused()).as("closing the brake lets go of its hold").isFalse();
  }

  @Test
  void aZeroLimitWatchesNothing() throws Exception {
    Throttle throttle = new Throttle(0);
    try (CopyBrake brake = CopyBrake.applyLag(() -> 1e9, Duration.ZERO, throttle)) {
      assertThat(within(1_500, throttle::isPaused)).isFalse();
    }
  }
}
