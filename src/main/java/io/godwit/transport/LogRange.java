package io.godwit.transport;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.apache.kafka.clients.consumer.Consumer;
import org.apache.kafka.clients.consumer.OffsetOutOfRangeException;
import org.apache.kafka.common.TopicPartition;

/**
 * Correctness step 7 while streaming: the next offset the applier stored for a partition must lie
 * within that partition's log. Before the log's start, events were deleted before they were applied
 * (retention, or by hand); past its end, Kafka lost events that were applied. Either is fatal with
 * a named fix, never a reset ({@code auto.offset.reset=none}).
 */
public final class LogRange {

  private LogRange() {}

  /**
   * Throws a {@link KafkaContinuityException} when one of the next offsets lies outside its
   * partition's log.
   */
  public static void check(Consumer<?, ?> consumer, Map<TopicPartition, Long> next) {
    Map<TopicPartition, Long> starts = consumer.beginningOffsets(next.keySet());
    Map<TopicPartition, Long> ends = consumer.endOffsets(next.keySet());
    List<String> problems = new ArrayList<>();
    for (Map.Entry<TopicPartition, Long> e : next.entrySet()) {
      problem(e.getKey(), e.getValue(), starts.get(e.getKey()), ends.get(e.getKey()))
          .ifPresent(problems::add);
    }
    if (!problems.isEmpty()) {
      problems.sort(null);
      throw failure(String.join("; ", problems));
    }
  }

  /**
   * The error for a consumer's fetch that fell outside the log, explained by the partitions' ranges
   * now.
   */
  public static KafkaContinuityException explain(
      Consumer<?, ?> consumer, OffsetOutOfRangeException e) {
    try {
      check(consumer, e.offsetOutOfRangePartitions());
    } catch (KafkaContinuityException explained) {
      return explained;
    }
    return failure("Kafka reported offsets outside the log: " + e.getMessage());
  }

  /** What is wrong with {@code next} on a log from {@code start} to {@code end}, if anything. */
  static Optional<String> problem(TopicPartition tp, long next, long start, long end) {
    if (next < start) {
      return Optional.of(
          ("%s: the next change to apply is at offset %d, but the log now starts at %d: %d events"
                  + " were deleted (kafka.retention, or by hand) before they were applied")
              .formatted(tp, next, start, start - next));
    }
    if (next > end) {
      return Optional.of(
          ("%s: the target applied the changes up to offset %d, but the log now ends at %d: Kafka"
                  + " lost %d events that were applied (its data replaced or restored from an"
                  + " older copy), and new changes would take their offsets")
              .formatted(tp, next, end, next - end));
    }
    return Optional.empty();
  }

  private static KafkaContinuityException failure(String problems) {
    return new KafkaContinuityException(
        ("the change stream in Kafka no longer covers the target's applied offsets: %s; the"
                + " applier stops rather than skip or repeat changes; fix: keep kafka.retention at"
                + " unlimited (or longer than the whole migration) and %s")
            .formatted(problems, KafkaContinuity.afresh()));
  }
}
