package io.godwit.apply;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.ConsumerRecords;
import org.apache.kafka.common.TopicPartition;
import org.junit.jupiter.api.Test;

/**
 * {@link Batches} against a fake log that behaves like a consumer with {@code max.poll.records}:
 * records arriving between polls join a partly filled batch within its wait, a batch never holds
 * more than its size, and records that do not fit come back in the next batch in order, none lost
 * and none twice.
 */
class BatchesTest {

  private static final TopicPartition A = new TopicPartition("t", 0);
  private static final TopicPartition B = new TopicPartition("t", 1);
  private static final Duration POLL = Duration.ofMillis(50);

  /** Two partitions, a position in each, and what arrives before each poll. */
  static final class FakeLog implements Batches.Log {
    final Map<TopicPartition, List<ConsumerRecord<byte[], byte[]>>> records =
        new LinkedHashMap<>(Map.of(A, new ArrayList<>(), B, new ArrayList<>()));
    final Map<TopicPartition, Long> position = new HashMap<>(Map.of(A, 0L, B, 0L));
    final Deque<Runnable> beforePolls = new ArrayDeque<>();
    int maxPollRecords = Integer.MAX_VALUE;

    void arrive(TopicPartition tp, int n) {
      List<ConsumerRecord<byte[], byte[]>> log = records.get(tp);
      for (int i = 0; i < n; i++) {
        log.add(new ConsumerRecord<>(tp.topic(), tp.partition(), log.size(), null, null));
      }
    }

    long end(TopicPartition tp) {
      return records.get(tp).size();
    }

    @Override
    public ConsumerRecords<byte[], byte[]> poll(Duration timeout) {
      Runnable before = beforePolls.poll();
      if (before != null) {
        before.run();
      }
      Map<TopicPartition, List<ConsumerRecord<byte[], byte[]>>> out = new LinkedHashMap<>();
      int n = 0;
      for (TopicPartition tp : List.of(A, B)) {
        for (ConsumerRecord<byte[], byte[]> r : records.get(tp)) {
          if (r.offset() >= position.get(tp) && n < maxPollRecords) {
            out.computeIfAbsent(tp, p -> new ArrayList<>()).add(r);
            position.put(tp, r.offset() + 1);
            n++;
          }
        }
      }
      return new ConsumerRecords<>(out, Map.of());
    }

    @Override
    public void seek(TopicPartition partition, long offset) {
      position.put(partition, offset);
    }
  }

  private final FakeLog log = new FakeLog();

  @Test
  void withoutAWaitAPartlyFilledBatchIsWrittenAtOnce() {
    log.arrive(A, 3);
    log.beforePolls.add(() -> {});
    log.beforePolls.add(() -> log.arrive(A, 1));
    ConsumerRecords<byte[], byte[]> batch =
        new Batches(10, Duration.ZERO).next(log, POLL, () -> true);
    assertThat(batch.count()).isEqualTo(3);
  }

  @Test
  void aPartlyFilledBatchGathersWhatArrivesWithinItsWait() {
    log.arrive(A, 2);
    log.beforePolls.add(() -> {});
    log.beforePolls.add(() -> log.arrive(B, 3));
    log.beforePolls.add(() -> log.arrive(A, 1));
    ConsumerRecords<byte[], byte[]> batch =
        new Batches(100, Duration.ofSeconds(2)).next(log, POLL, () -> true);
    assertThat(batch.count()).isEqualTo(6);
    assertThat(offsets(batch, A)).containsExactly(0L, 1L, 2L);
    assertThat(offsets(batch, B)).containsExactly(0L, 1L, 2L);
    assertThat(batch.nextOffsets().get(A).offset()).isEqualTo(3);
  }

  @Test
  void theWaitEndsABatchThatDoesNotFill() {
    log.arrive(A, 1);
    long start = System.nanoTime();
    ConsumerRecords<byte[], byte[]> batch =
        new Batches(100, Duration.ofMillis(300)).next(log, POLL, () -> true);
    assertThat(batch.count()).isEqualTo(1);
    assertThat(Duration.ofNanos(System.nanoTime() - start)).isLessThan(Duration.ofSeconds(5));
  }

  @Test
  void batchesNeverExceedTheirSizeAndWhatDoesNotFitComesNextInOrder() {
    long seed = new Random().nextLong();
    System.out.println("BatchesTest seed " + seed);
    Random random = new Random(seed);
    int size = 1 + random.nextInt(20);
    log.maxPollRecords = size;
    Batches batches = new Batches(size, Duration.ofMillis(20));
    List<Long> seenA = new ArrayList<>();
    List<Long> seenB = new ArrayList<>();
    for (int round = 0; round < 200; round++) {
      if (random.nextInt(3) > 0) {
        log.arrive(random.nextBoolean() ? A : B, random.nextInt(2 * size));
      }
      for (int p = random.nextInt(3); p > 0; p--) {
        TopicPartition tp = random.nextBoolean() ? A : B;
        int n = random.nextInt(size);
        log.beforePolls.add(() -> log.arrive(tp, n));
      }
      ConsumerRecords<byte[], byte[]> batch = batches.next(log, POLL, () -> true);
      assertThat(batch.count()).as("seed %d", seed).isLessThanOrEqualTo(size);
      seenA.addAll(offsets(batch, A));
      seenB.addAll(offsets(batch, B));
    }
    ConsumerRecords<byte[], byte[]> rest;
    do {
      rest = batches.next(log, POLL, () -> true);
      seenA.addAll(offsets(rest, A));
      seenB.addAll(offsets(rest, B));
    } while (!rest.isEmpty() || !log.beforePolls.isEmpty());
    assertThat(seenA).as("seed %d", seed).isEqualTo(range(log.end(A)));
    assertThat(seenB).as("seed %d", seed).isEqualTo(range(log.end(B)));
  }

  private static List<Long> offsets(ConsumerRecords<byte[], byte[]> batch, TopicPartition tp) {
    return batch.records(tp).stream().map(ConsumerRecord::offset).toList();
  }

  private static List<Long> range(long n) {
    List<Long> all = new ArrayList<>();
    for (long i = 0; i < n; i++) {
      all.add(i);
    }
    return all;
  }
}
