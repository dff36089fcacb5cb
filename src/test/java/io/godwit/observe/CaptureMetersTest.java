package io.godwit.observe;

import static org.assertj.core.api.Assertions.assertThat;

import io.godwit.capture.Capture;
import io.godwit.capture.CaptureException;
import io.godwit.capture.CaptureProgress;
import io.godwit.engine.Engine;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import java.time.Duration;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.Test;

class CaptureMetersTest {

  @Test
  void countsReconnectsAndKeepsTheCountAfterTheCaptureStopped() {
    CaptureProgress progress = new CaptureProgress(Engine.MARIADB);
    SimpleMeterRegistry meters = new SimpleMeterRegistry();
    CaptureMeters captureMeters = new CaptureMeters(meters, capture(progress));
    assertThat(meters.get("godwit.capture.running").gauge().value()).isEqualTo(1);

    progress.reconnected();
    progress.reconnected();
    captureMeters.stopped();

    assertThat(meters.get("godwit.capture.reconnects").functionCounter().count()).isEqualTo(2);
    assertThat(meters.get("godwit.capture.running").gauge().value()).isZero();
  }

  private static Capture capture(CaptureProgress progress) {
    return new Capture() {
      @Override
      public void start() {}

      @Override
      public Map<String, Object> awaitStreaming(Duration timeout) {
        return Map.of();
      }

      @Override
      public CaptureProgress progress() {
        return progress;
      }

      @Override
      public Optional<CaptureException> failure() {
        return Optional.empty();
      }

      @Override
      public void close() {}
    };
  }
}
