package io.godwit.testing;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Duration;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;

class WaitsTest {

  @Test
  void aConditionThatNeverHoldsFailsNamingWhatWasWaitedFor() {
    assertThatThrownBy(
            () -> Waits.waitUntil(Duration.ofMillis(300), "the moon to turn green", () -> false))
        .isInstanceOf(AssertionError.class)
        .hasMessage("waited PT0.3S for the moon to turn green in vain");
  }

  @Test
  void aConditionThatComesToHoldEndsTheWait() throws Exception {
    AtomicInteger polls = new AtomicInteger();
    Waits.waitUntil(Duration.ofSeconds(10), "the third poll", () -> polls.incrementAndGet() >= 3);
    assertThat(polls).hasValue(3);
  }

  @Test
  void theFormWithoutADescriptionReportsATimeoutInsteadOfFailing() throws Exception {
    assertThat(Waits.waitUntil(Duration.ofMillis(300), () -> false)).isFalse();
    assertThat(Waits.waitUntil(Duration.ofMillis(300), () -> true)).isTrue();
  }
}
