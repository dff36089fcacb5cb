package io.godwit.observe;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.stream.IntStream;
import org.junit.jupiter.api.Test;

class LagMonitorTest {

  private static long marksOver(int ticks, int waiting) {
    return IntStream.range(0, ticks).filter(t -> LagMonitor.markDue(t, waiting)).count();
  }

  @Test
  void marksEveryTickWhileTheCaptureKeepsUp() {
    assertThat(marksOver(100, 0)).isEqualTo(100);
    assertThat(marksOver(100, 9)).isEqualTo(100);
  }

  @Test
  void marksEveryFifthTickOnceTenWait() {
    assertThat(marksOver(100, 10)).isEqualTo(20);
    assertThat(marksOver(100, 239)).isEqualTo(20);
  }

  @Test
  void placesNoMarkOnceTheLimitWaits() {
    assertThat(marksOver(100, 240)).isZero();
    assertThat(marksOver(100, 1000)).isZero();
  }
}
