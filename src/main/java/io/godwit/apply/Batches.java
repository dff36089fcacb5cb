package io.godwit.apply;

import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.BooleanSupplier;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.ConsumerRecords;
import org.apache.kafka.clients.consumer.OffsetAndMetadata;
import org.apache.kafka.common.TopicPartition;

/**
 * Gathers the changes of one target transaction ({@code apply.batch-size}, {@code
 * apply.max-batch-wait}): at most {@code size} records; when a poll returns fewer, polling goes on
 * until the batch is full or {@code maxWait} has passed since its first record. Records a poll
 * returns beyond the batch are not dropped: their partitions are sought back to the first of them,
 * so the next batch reads them again, in order.
 *
 * @param size records per batch at most; the consumer's {@code max.poll.records}
 * @param maxWait how long a partly filled batch waits for more; zero writes it at once
 */
public record Batches(int size, Duration maxWait) {

  /** What batches are read from: a consumer's poll and seek. */
  public interface Log {
    ConsumerRecords<byte[], byte[]> poll(Duration timeout);

    void seek(TopicPartition partition, long offset);
  }

  public Batches {
    if (size < 1) {
      throw new IllegalArgumentException("size must be at least 1: " + size);
    }
  }

  /**
   * The next batch: empty when nothing arrived within {@code poll}.
   *
   * @param running false stops the gathering early (the loop is stopping)
   */
  public ConsumerRecords<byte[], byte[]> next(Log from, Duration poll, BooleanSupplier running) {
    ConsumerRecords<byte[], byte[]> first = from.poll(poll);
    if (first.isEmpty() || first.count() >= size || maxWait.isZero()) {
      return first;
    }
    Map<TopicPartition, List<ConsumerRecord<byte[], byte[]>>> batch = new LinkedHashMap<>();
    int count = add(first, batch, 0, from);
    long deadline = System.nanoTime() + maxWait.toNanos();
    while (count < size && running.getAsBoolean()) {
      long left = deadline - System.nanoTime();
      if (left <= 0) {
        break;
      }
      count = add(from.poll(Duration.ofNanos(left)), batch, count, from);
    }
    Map<TopicPartition, OffsetAndMetadata> next = new LinkedHashMap<>();
    batch.forEach(
        (tp, records) ->
            next.put(tp, new OffsetAndMetadata(records.get(records.size() - 1).offset() + 1)));
    return new ConsumerRecords<>(batch, next);
  }

  /**
   * Adds what fits; seeks each partition with records that do not fit back to the first of them.
   */
  private int add(
      ConsumerRecords<byte[], byte[]> polled,
      Map<TopicPartition, List<ConsumerRecord<byte[], byte[]>>> batch,
      int count,
      Log from) {
    for (TopicPartition tp : polled.partitions()) {
      for (ConsumerRecord<byte[], byte[]> r : polled.records(tp)) {
        if (count == size) {
          from.seek(tp, r.offset());
          break;
        }
        batch.computeIfAbsent(tp, p -> new ArrayList<>()).add(r);
        count++;
      }
    }
    return count;
  }
}
