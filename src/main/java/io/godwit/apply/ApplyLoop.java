package io.godwit.apply;

import io.godwit.observe.ApplyMeters;
import io.godwit.state.AppliedOffsets;
import io.godwit.state.AppliedOffsets.Partition;
import io.godwit.state.TablePhase;
import io.godwit.state.TableStates;
import java.sql.Connection;
import java.sql.SQLException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.Set;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicReference;
import javax.sql.DataSource;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.ConsumerRecords;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.common.PartitionInfo;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The applier's consumer loop. It reads every partition of the tables' topics, starting at the
 * offsets stored with the applied rows (correctness step 4: exactly once in effect), keeps a
 * table's partitions paused until that table's snapshot finished (step 3: its events wait in
 * Kafka), and applies each poll's events with their offsets in one target transaction. A batch the
 * target rejects is retried from the stored offsets; an event that cannot be decoded stops its
 * table with an error naming topic, partition, offset and key.
 *
 * <p>Partitions are assigned, not subscribed: one process runs a migration at a time (the runner
 * lock), so there is no group rebalance to survive.
 */
public final class ApplyLoop implements Runnable, AutoCloseable {

  private static final Logger log = LoggerFactory.getLogger(ApplyLoop.class);
  private static final Duration POLL = Duration.ofMillis(200);
  private static final long READINESS_EVERY_MS = 1000;
  private static final long RETRY_BACKOFF_MS = 1000;

  /** A table's topic and the decoder of its events. */
  public record Route(String table, String topic, EventDecoder decoder) {}

  private final Properties consumerProperties;
  private final Map<String, Route> routes = new HashMap<>();
  private final BatchApplier applier;
  private final AppliedOffsets offsets;
  private final DataSource target;
  private final TableStates states;
  private final ApplyMeters meters;
  private final AtomicBoolean running = new AtomicBoolean(true);
  private final AtomicReference<Exception> failure = new AtomicReference<>();
  private final Set<String> stopped = new HashSet<>();

  public ApplyLoop(
      Properties consumerProperties,
      List<Route> routes,
      BatchApplier applier,
      AppliedOffsets offsets,
      DataSource target,
      TableStates states,
      ApplyMeters meters) {
    this.consumerProperties = consumerProperties;
    routes.forEach(r -> this.routes.put(r.topic(), r));
    this.applier = applier;
    this.offsets = offsets;
    this.target = target;
    this.states = states;
    this.meters = meters;
  }

  /** The error that ended the loop, if one did. */
  public Exception failure() {
    return failure.get();
  }

  @Override
  public void run() {
    try (KafkaConsumer<byte[], byte[]> consumer =
        new KafkaConsumer<>(
            consumerProperties, new ByteArrayDeserializer(), new ByteArrayDeserializer())) {
      Map<String, List<TopicPartition>> byTable = assign(consumer);
      seekToStored(consumer);
      Set<String> streaming = new HashSet<>();
      long nextReadiness = 0;
      while (running.get()) {
        if (System.currentTimeMillis() >= nextReadiness) {
          updateReadiness(consumer, byTable, streaming);
          nextReadiness = System.currentTimeMillis() + READINESS_EVERY_MS;
        }
        ConsumerRecords<byte[], byte[]> records = consumer.poll(POLL);
        if (records.isEmpty()) {
          meters.caughtUp();
          continue;
        }
        List<ChangeEvent> events = decode(consumer, records, byTable);
        try {
          BatchResult result = applier.apply(events);
          meters.applied(events, result);
        } catch (ApplyException e) {
          log.warn("Applying a batch failed, retrying from the stored offsets: {}", e.getMessage());
          meters.retried();
          sleep(RETRY_BACKOFF_MS);
          seekToStored(consumer);
        }
      }
    } catch (Exception e) {
      failure.set(e);
      log.error("The applier stopped: {}", e.getMessage(), e);
    }
  }

  private Map<String, List<TopicPartition>> assign(KafkaConsumer<byte[], byte[]> consumer) {
    Map<String, List<TopicPartition>> byTable = new HashMap<>();
    List<TopicPartition> all = new ArrayList<>();
    for (Route route : routes.values()) {
      List<PartitionInfo> infos = consumer.partitionsFor(route.topic());
      for (PartitionInfo info : infos) {
        TopicPartition tp = new TopicPartition(info.topic(), info.partition());
        byTable.computeIfAbsent(route.table(), t -> new ArrayList<>()).add(tp);
        all.add(tp);
      }
    }
    consumer.assign(all);
    consumer.pause(all);
    return byTable;
  }

  /** Seeks every partition to the next offset stored with the applied rows, or its start. */
  private void seekToStored(KafkaConsumer<byte[], byte[]> consumer) throws SQLException {
    Map<Partition, Long> stored;
    try (Connection c = target.getConnection()) {
      stored = offsets.load(c);
    }
    for (TopicPartition tp : consumer.assignment()) {
      Long next = stored.get(new Partition(tp.topic(), tp.partition()));
      if (next == null) {
        consumer.seekToBeginning(List.of(tp));
      } else {
        consumer.seek(tp, next);
      }
    }
  }

  /** Resumes the partitions of tables whose snapshot finished; moves them to STREAMING. */
  private void updateReadiness(
      KafkaConsumer<byte[], byte[]> consumer,
      Map<String, List<TopicPartition>> byTable,
      Set<String> streaming)
      throws SQLException {
    Map<String, TablePhase> phases;
    try (Connection c = target.getConnection()) {
      phases = states.all(c);
      for (Map.Entry<String, List<TopicPartition>> e : byTable.entrySet()) {
        String table = e.getKey();
        TablePhase phase = phases.get(table);
        if (streaming.contains(table) || stopped.contains(table) || phase == null) {
          continue;
        }
        if (phase == TablePhase.COPIED) {
          states.move(
              c, table, TablePhase.COPIED, TablePhase.STREAMING, states.rowsCopied(c, table));
          phase = TablePhase.STREAMING;
        }
        if (phase == TablePhase.STREAMING) {
          consumer.resume(e.getValue());
          streaming.add(table);
          log.info("Applying the changes of {} from its topic", table);
        }
      }
    }
  }

  private List<ChangeEvent> decode(
      KafkaConsumer<byte[], byte[]> consumer,
      ConsumerRecords<byte[], byte[]> records,
      Map<String, List<TopicPartition>> byTable)
      throws SQLException {
    List<ChangeEvent> events = new ArrayList<>(records.count());
    for (ConsumerRecord<byte[], byte[]> r : records) {
      Route route = routes.get(r.topic());
      if (route == null || stopped.contains(route.table())) {
        continue;
      }
      try {
        events.addAll(
            route.decoder().decode(r.topic(), r.partition(), r.offset(), r.key(), r.value()));
      } catch (PoisonEventException e) {
        stopTable(consumer, byTable, route.table(), e);
        events.removeIf(ev -> ev.table().equals(route.table()));
      }
    }
    return events;
  }

  /**
   * Stops a table whose event cannot be applied: its partitions stay paused at the last applied
   * offset, and status shows the error until an operator fixes the cause and restarts.
   */
  private void stopTable(
      KafkaConsumer<byte[], byte[]> consumer,
      Map<String, List<TopicPartition>> byTable,
      String table,
      PoisonEventException e)
      throws SQLException {
    stopped.add(table);
    consumer.pause(byTable.get(table));
    log.error("Table {} stopped: {}", table, e.getMessage());
    meters.poison(table);
    try (Connection c = target.getConnection()) {
      states.fail(c, table, e.getMessage());
    }
  }

  private static void sleep(long millis) {
    try {
      Thread.sleep(millis);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
  }

  @Override
  public void close() {
    running.set(false);
  }
}
