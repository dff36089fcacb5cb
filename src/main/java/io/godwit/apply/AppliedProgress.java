package io.godwit.apply;

import io.godwit.state.AppliedOffsets.Partition;
import io.godwit.transport.Watermark;
import java.time.Duration;
import java.util.HashMap;
import java.util.Map;
import org.apache.kafka.common.TopicPartition;

/**
 * The offsets the applier has committed on the target, per partition: the next offset to apply.
 * Updated only after a target commit, so anything read here is durable; {@link #await} lets the
 * cutover's drain and validation's recheck wait for a {@link Watermark}.
 */
public final class AppliedProgress {

  private final Map<TopicPartition, Long> next = new HashMap<>();

  synchronized void reset(Map<TopicPartition, Long> positions) {
    next.clear();
    next.putAll(positions);
    notifyAll();
  }

  synchronized void committed(Map<Partition, Long> offsets) {
    offsets.forEach(
        (p, offset) -> next.merge(new TopicPartition(p.topic(), p.partition()), offset, Math::max));
    notifyAll();
  }

  /** The committed next offsets. */
  public synchronized Map<TopicPartition, Long> snapshot() {
    return Map.copyOf(next);
  }

  /**
   * Waits until the committed offsets reach {@code mark} on every one of its partitions.
   *
   * @return false when {@code timeout} passed first
   */
  public synchronized boolean await(Watermark mark, Duration timeout) throws InterruptedException {
    long deadline = System.nanoTime() + timeout.toNanos();
    while (!mark.reachedBy(next)) {
      long left = deadline - System.nanoTime();
      if (left <= 0) {
        return false;
      }
      wait(Math.max(1, left / 1_000_000));
    }
    return true;
  }

  /** The partitions of {@code mark} the committed offsets have not reached, with how far. */
  public synchronized Map<TopicPartition, Long> behind(Watermark mark) {
    Map<TopicPartition, Long> behind = new HashMap<>();
    mark.ends()
        .forEach(
            (tp, end) -> {
              long at = next.getOrDefault(tp, 0L);
              if (at < end) {
                behind.put(tp, end - at);
              }
            });
    return behind;
  }
}
