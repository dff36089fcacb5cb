package io.godwit.capture;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.Test;

class ReconnectsTest {

  private final AtomicLong now = new AtomicLong();
  private final Reconnects reconnects = new Reconnects(Duration.ofSeconds(60), now::get);

  /** Waits as long as each answer says and collects the waits until the window is over. */
  private List<Long> waitsUntilGivenUp() {
    List<Long> waits = new ArrayList<>();
    for (Optional<Duration> wait = reconnects.next(); wait.isPresent(); wait = reconnects.next()) {
      waits.add(wait.get().toMillis());
      now.addAndGet(wait.get().toNanos());
    }
    return waits;
  }

  @Test
  void backsOffFromHalfASecondToEightSecondsAndGivesUpAtTheWindow() {
    assertThat(waitsUntilGivenUp())
        .containsExactly(500L, 1000L, 2000L, 4000L, 8000L, 8000L, 8000L, 8000L, 8000L, 8000L);
    assertThat(reconnects.attempts()).isEqualTo(10);
  }

  @Test
  void aDeliveryStartsANewWindowFromTheFirstBackoff() {
    waitsUntilGivenUp();
    reconnects.delivered();
    now.addAndGet(Duration.ofMinutes(5).toNanos());
    assertThat(reconnects.next()).contains(Duration.ofMillis(500));
    assertThat(reconnects.attempts()).isEqualTo(1);
  }

  @Test
  void lossesWithoutADeliveryBetweenThemShareOneWindow() {
    reconnects.next();
    now.addAndGet(Duration.ofMillis(59_500).toNanos());
    assertThat(reconnects.next()).isEmpty();
  }
}
