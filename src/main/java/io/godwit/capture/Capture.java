package io.godwit.capture;

import java.time.Duration;
import java.util.Map;
import java.util.Optional;

/**
 * The source's changes on their way into Kafka, as {@code godwit run} needs them: a start position
 * P0 proven before the snapshot reads, and {@link CaptureProgress} to prove lag and the drain
 * against. {@link EmbeddedCapture} runs Debezium in this process; {@link ConnectCapture} follows a
 * connector that a Kafka Connect cluster runs.
 */
public interface Capture extends AutoCloseable {

  /**
   * Ensures the topics and starts following the source's changes.
   *
   * @throws CaptureException when the capture cannot start, saying why and the fix
   */
  void start();

  /**
   * Waits until the capture is proven to stream and returns its start position P0: every change the
   * source commits after this returns is delivered to Kafka.
   *
   * @throws CaptureException if the capture failed, or was not proven within {@code timeout}
   */
  Map<String, Object> awaitStreaming(Duration timeout);

  /** What the capture proved it wrote: end offsets and watermarks. */
  CaptureProgress progress();

  /** Why the capture stopped, if it did. */
  Optional<CaptureException> failure();

  @Override
  void close();
}
