package io.godwit.transport;

import java.util.HashMap;
import java.util.Map;
import java.util.function.Predicate;
import org.apache.kafka.common.TopicPartition;

/**
 * A proven point of the change stream: every change the source committed before {@code
 * sourceTimeMs} is in Kafka below {@code ends}. Once the applier's committed offsets reach {@code
 * ends} on a set of partitions, those partitions' tables are applied up to {@code sourceTimeMs} on
 * the target; lag and the cutover's drain are both measured this way.
 *
 * @param sourceTimeMs wall-clock time taken before the source position was read or marked
 * @param ends per partition, one past the last offset the capture had written when it passed the
 *     mark
 */
public record Watermark(long sourceTimeMs, Map<TopicPartition, Long> ends) {

  public Watermark {
    ends = Map.copyOf(ends);
  }

  /** True when {@code applied} (next offsets to apply) reaches this mark on every partition. */
  public boolean reachedBy(Map<TopicPartition, Long> applied) {
    for (Map.Entry<TopicPartition, Long> e : ends.entrySet()) {
      if (applied.getOrDefault(e.getKey(), 0L) < e.getValue()) {
        return false;
      }
    }
    return true;
  }

  /** The same mark restricted to some partitions. */
  public Watermark on(Predicate<TopicPartition> partitions) {
    Map<TopicPartition, Long> kept = new HashMap<>();
    ends.forEach(
        (tp, end) -> {
          if (partitions.test(tp)) {
            kept.put(tp, end);
          }
        });
    return new Watermark(sourceTimeMs, kept);
  }
}
