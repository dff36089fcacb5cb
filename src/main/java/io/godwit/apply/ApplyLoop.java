package io.godwit.apply;

import io.godwit.db.TransientFailure;
import io.godwit.observe.AppliedTables;
import io.godwit.observe.ApplyMeters;
import io.godwit.schema.TargetTable;
import io.godwit.state.AppliedOffsets;
import io.godwit.state.AppliedOffsets.Partition;
import io.godwit.state.TablePhase;
import io.godwit.state.TableStates;
import io.godwit.transport.LogRange;
import java.sql.Connection;
import java.sql.SQLException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Properties;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.AtomicReference;
import javax.sql.DataSource;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.ConsumerRecords;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.consumer.OffsetOutOfRangeException;
import org.apache.kafka.common.PartitionInfo;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The applier's consumer loop. It reads every partition of the tables' topics, starting at the
 * offsets stored with the applied rows (correctness step 4: exactly once in effect), keeps a
 * table's partitions paused until that table's snapshot finished (step 3: its events wait in
 * Kafka), and applies each poll's events with their offsets in one target transaction. A table an
 * operator paused ({@code POST /api/apply/pause}) has its partitions paused the same way: its
 * stored offsets do not move until it is resumed. A table whose re-copy is asked for ({@code godwit
 * resnapshot}) is held the same way, and leaves the streaming tables until its new copy is done;
 * then it is read again from its stored offsets, through the route of its new definition.
 *
 * <p>Failures: a batch lost to a transient error (connection, deadlock) is retried from the stored
 * offsets. A batch the target rejects for its content is split by table and then in halves until
 * the rejected event is found; that event, like one that cannot be decoded, is poison: it stops its
 * table with an error naming topic, partition, offset and key, or, with {@code apply.dead-letter},
 * goes to the dead-letter topic and is counted. Nothing is skipped silently.
 *
 * <p>Partitions are assigned, not subscribed: one process runs a migration at a time (the runner
 * lock), so there is no group rebalance to survive.
 */
public final class ApplyLoop implements Runnable, AutoCloseable, AppliedTables {

  private static final Logger log = LoggerFactory.getLogger(ApplyLoop.class);
  private static final Duration POLL = Duration.ofMillis(200);
  private static final long READINESS_EVERY_MS = 1000;
  private static final long RETRY_BACKOFF_MS = 1000;

  /**
   * How often the applier compares the source tables with what it knows ({@link SchemaChanges}).
   */
  public static final long SCHEMA_CHECK_EVERY_MS = 5000;

  /** A table's topic and the decoder of its events. */
  public record Route(String table, String topic, EventDecoder decoder) {}

  /** Follows the source tables' schema changes. */
  public interface SchemaChanges {
    /** Follows columns added to a source table: the table's route from now on, or the refusal. */
    Route columnsAdded(Route route, NewColumnsException event)
        throws SchemaEvolution.Refused, SQLException;

    /**
     * Reads the source tables again and finds, among {@code tables}, the changes no event shows (a
     * column retyped): the reason for each table that must stop.
     */
    Map<String, String> refusedChanges(Set<String> tables) throws SQLException;
  }

  private final Properties consumerProperties;
  private final Batches batches;
  private final Map<String, Route> routes = new ConcurrentHashMap<>();
  private final BatchApplier applier;
  private final AppliedOffsets offsets;
  private final DataSource target;
  private final TableStates states;
  private final ApplyMeters meters;
  private final Optional<DeadLetters> deadLetters;
  private final SchemaChanges schemaChanges;
  private final AppliedProgress progress = new AppliedProgress();
  private final AtomicBoolean running = new AtomicBoolean(true);
  private final AtomicReference<Exception> failure = new AtomicReference<>();
  private final Set<String> streaming = ConcurrentHashMap.newKeySet();
  private final Set<String> stopped = ConcurrentHashMap.newKeySet();
  private final Set<String> paused = ConcurrentHashMap.newKeySet();
  private final AtomicBoolean recheck = new AtomicBoolean();
  private final Map<String, List<TopicPartition>> byTable = new ConcurrentHashMap<>();

  /** Tables taken out of streaming for a re-copy: read again from their stored offsets. */
  private final Set<String> held = ConcurrentHashMap.newKeySet();

  /** The routes and definitions of re-copied tables, taken up when each streams again. */
  private final Map<String, Recopied> recopied = new ConcurrentHashMap<>();

  private final AtomicLong readinessPasses = new AtomicLong();

  /** A re-copied table's new definition and the route that decodes its events for it. */
  private record Recopied(Route route, TargetTable table) {}

  private KafkaConsumer<byte[], byte[]> consumer;
  private Batches.Log changes;
  private ConsumerRecords<byte[], byte[]> polled = ConsumerRecords.empty();

  public ApplyLoop(
      Properties consumerProperties,
      Batches batches,
      List<Route> routes,
      BatchApplier applier,
      AppliedOffsets offsets,
      DataSource target,
      TableStates states,
      ApplyMeters meters,
      Optional<DeadLetters> deadLetters,
      SchemaChanges schemaChanges) {
    this.consumerProperties = new Properties();
    this.consumerProperties.putAll(consumerProperties);
    this.consumerProperties.put(
        ConsumerConfig.MAX_POLL_RECORDS_CONFIG, String.valueOf(batches.size()));
    this.batches = batches;
    routes.forEach(r -> this.routes.put(r.topic(), r));
    this.applier = applier;
    this.offsets = offsets;
    this.target = target;
    this.states = states;
    this.meters = meters;
    this.deadLetters = deadLetters;
    this.schemaChanges = schemaChanges;
  }

  /** The error that ended the loop, if one did. */
  public Exception failure() {
    return failure.get();
  }

  /** The offsets committed on the target. */
  public AppliedProgress progress() {
    return progress;
  }

  @Override
  public Map<TopicPartition, Long> appliedOffsets() {
    return progress.snapshot();
  }

  @Override
  public Set<String> streamingTables() {
    return Set.copyOf(streaming);
  }

  @Override
  public Set<String> stoppedTables() {
    return Set.copyOf(stopped);
  }

  /** Streaming tables whose partitions the loop holds paused because an operator paused them. */
  public Set<String> pausedTables() {
    return Set.copyOf(paused);
  }

  /**
   * Waits until the loop follows the pauses stored for {@code tables}: each streaming table in
   * {@code wanted} has its partitions paused, none of the others has. Once it returns true, no
   * change of a paused table is written until it is resumed (the loop pauses between batches).
   *
   * @return false when {@code timeout} passed first (a long batch, a target that does not answer)
   */
  public boolean awaitPauses(Set<String> tables, Set<String> wanted, Duration timeout)
      throws InterruptedException {
    recheck.set(true);
    long deadline = System.nanoTime() + timeout.toNanos();
    while (true) {
      Set<String> held = pausedTables();
      Set<String> live = streamingTables();
      boolean followed =
          tables.stream()
              .filter(live::contains)
              .allMatch(t -> held.contains(t) == wanted.contains(t));
      if (followed || !running.get() || failure.get() != null) {
        return followed;
      }
      if (System.nanoTime() > deadline) {
        return false;
      }
      Thread.sleep(50);
    }
  }

  /**
   * Waits until the loop holds {@code table} for a re-copy: its partitions paused and the table out
   * of the streaming (and stopped) tables, so its stored offsets no longer move. Asks for it to be
   * held first ({@link TableStates#requestResnapshot}).
   *
   * @return false when {@code timeout} passed first, or the loop ended
   */
  public boolean awaitHeld(String table, Duration timeout) throws InterruptedException {
    long after = readinessPasses.get() + 2;
    recheck.set(true);
    long deadline = System.nanoTime() + timeout.toNanos();
    while (true) {
      if (readinessPasses.get() >= after
          && !streaming.contains(table)
          && !stopped.contains(table)) {
        return true;
      }
      if (!running.get() || failure.get() != null || System.nanoTime() > deadline) {
        return false;
      }
      recheck.set(true);
      Thread.sleep(50);
    }
  }

  /**
   * Gives a re-copied table its new definition: from when it streams again, its events are decoded
   * by {@code route} and written as {@code table} defines it.
   */
  public void recopied(Route route, TargetTable table) {
    recopied.put(route.table(), new Recopied(route, table));
  }

  /** The route of a table's events now. */
  public Optional<Route> route(String table) {
    return routes.values().stream().filter(r -> r.table().equals(table)).findFirst();
  }

  @Override
  public Map<String, List<TopicPartition>> partitions() {
    return Map.copyOf(byTable);
  }

  @Override
  public void run() {
    try (KafkaConsumer<byte[], byte[]> c =
        new KafkaConsumer<>(
            consumerProperties, new ByteArrayDeserializer(), new ByteArrayDeserializer())) {
      consumer = c;
      changes =
          new Batches.Log() {
            @Override
            public ConsumerRecords<byte[], byte[]> poll(Duration timeout) {
              return c.poll(timeout);
            }

            @Override
            public void seek(TopicPartition partition, long offset) {
              c.seek(partition, offset);
            }
          };
      assign();
      boolean seek = true;
      long nextReadiness = 0;
      long nextSchemaCheck = System.currentTimeMillis() + SCHEMA_CHECK_EVERY_MS;
      while (running.get()) {
        try {
          if (seek) {
            seekToStored();
            seek = false;
          }
          if (System.currentTimeMillis() >= nextReadiness || recheck.getAndSet(false)) {
            updateReadiness();
            nextReadiness = System.currentTimeMillis() + READINESS_EVERY_MS;
          }
          if (System.currentTimeMillis() >= nextSchemaCheck) {
            stopChangedTables();
            nextSchemaCheck = System.currentTimeMillis() + SCHEMA_CHECK_EVERY_MS;
          }
          ConsumerRecords<byte[], byte[]> records = poll();
          if (!records.isEmpty() && !applyPoll(records)) {
            seek = true;
          }
        } catch (ApplyException e) {
          if (!e.retriable()) {
            throw e;
          }
          log.warn("Applying a batch failed, retrying from the stored offsets: {}", e.getMessage());
          seek = retryLater();
        } catch (SQLException e) {
          if (!TransientFailure.is(e)) {
            throw e;
          }
          log.warn("Reading the applier's state on the target failed, retrying: {}", e.toString());
          seek = retryLater();
        }
      }
    } catch (Exception e) {
      failure.set(e);
      log.error("The applier stopped: {}", e.getMessage(), e);
    } finally {
      deadLetters.ifPresent(DeadLetters::close);
    }
  }

  /**
   * Applies a poll's records.
   *
   * @return false when a table's definition changed midway (columns added): nothing of the poll was
   *     applied, and it is read again from the stored offsets with the new definition
   */
  private boolean applyPoll(ConsumerRecords<byte[], byte[]> records)
      throws ApplyException, SQLException {
    polled = records;
    Map<Partition, Long> next = new LinkedHashMap<>();
    List<ChangeEvent> events = new ArrayList<>(records.count());
    for (ConsumerRecord<byte[], byte[]> r : records) {
      Route route = routes.get(r.topic());
      if (route == null || stopped.contains(route.table())) {
        continue;
      }
      try {
        List<ChangeEvent> decoded =
            route.decoder().decode(r.topic(), r.partition(), r.offset(), r.key(), r.value());
        if (truncateOutOfOrder(route.table(), decoded)) {
          dropTable(route.table(), truncateRefused(route.table(), r), events, next);
          continue;
        }
        events.addAll(decoded);
      } catch (NewColumnsException e) {
        try {
          routes.put(route.topic(), schemaChanges.columnsAdded(route, e));
          return false;
        } catch (SchemaEvolution.Refused refused) {
          String reason =
              "cannot apply the change to %s at %s-%d offset %d (key %s): %s"
                  .formatted(
                      route.table(),
                      e.topic(),
                      e.partition(),
                      e.offset(),
                      e.key(),
                      refused.getMessage());
          if (!divert(route.table(), r, reason)) {
            dropTable(route.table(), reason, events, next);
            continue;
          }
        }
      } catch (PoisonEventException e) {
        if (!divert(route.table(), r, e.getMessage())) {
          dropTable(route.table(), e.getMessage(), events, next);
          continue;
        }
      }
      next.merge(new Partition(r.topic(), r.partition()), r.offset() + 1, Math::max);
    }
    try {
      commit(events, next);
    } catch (ApplyException e) {
      if (e.retriable()) {
        throw e;
      }
      log.warn("The target rejected a batch; finding the rejected change: {}", e.getMessage());
      isolateByTable(events, next);
    }
    return true;
  }

  /**
   * True for a TRUNCATE of a table whose topic has more than one partition: the changes on the
   * other partitions cannot be ordered around it, so it cannot be applied. Never sent to the
   * dead-letter topic either, which would leave every truncated row on the target.
   */
  private boolean truncateOutOfOrder(String table, List<ChangeEvent> decoded) {
    return byTable.getOrDefault(table, List.of()).size() > 1
        && decoded.stream().anyMatch(ChangeEvent::isTruncate);
  }

  private String truncateRefused(String table, ConsumerRecord<byte[], byte[]> r) {
    return ("table %s was truncated on the source (%s-%d offset %d), and its topic has %d"
            + " partitions, so the TRUNCATE cannot be ordered with the changes on the others;"
            + " the table stops here, nothing of the truncate applied; fix: re-copy the table,"
            + " and keep kafka.partitions at 1 for tables that are truncated")
        .formatted(table, r.topic(), r.partition(), r.offset(), byTable.get(table).size());
  }

  /** Stops a table and leaves its part of the poll out: its offsets stay where they are. */
  private void dropTable(
      String table, String reason, List<ChangeEvent> events, Map<Partition, Long> next)
      throws SQLException {
    stopTable(table, reason);
    events.removeIf(ev -> ev.table().equals(table));
    next.keySet().removeIf(p -> routes.get(p.topic()).table().equals(table));
  }

  private void commit(List<ChangeEvent> events, Map<Partition, Long> next) throws ApplyException {
    BatchResult result = applier.apply(events, next);
    meters.applied(events);
    progress.committed(result.nextOffsets());
  }

  /** Applies each table's part of a rejected batch on its own (a table owns its partitions). */
  private void isolateByTable(List<ChangeEvent> events, Map<Partition, Long> next)
      throws ApplyException, SQLException {
    Map<String, List<ChangeEvent>> tables = new LinkedHashMap<>();
    events.forEach(e -> tables.computeIfAbsent(e.table(), t -> new ArrayList<>()).add(e));
    for (Map.Entry<String, List<ChangeEvent>> t : tables.entrySet()) {
      isolate(t.getKey(), t.getValue());
    }
    // records that decoded to no change still move their partition's offset
    Map<Partition, Long> rest = new LinkedHashMap<>(next);
    rest.keySet().removeIf(p -> stopped.contains(routes.get(p.topic()).table()));
    commit(List.of(), rest);
  }

  /**
   * Applies {@code events} of one table, splitting in halves around a rejection down to the one
   * change the target refuses.
   *
   * @return false when the table stopped
   */
  private boolean isolate(String table, List<ChangeEvent> events)
      throws ApplyException, SQLException {
    try {
      commit(events, BatchApplier.nextOffsets(events));
      return true;
    } catch (ApplyException e) {
      if (e.retriable()) {
        throw e;
      }
      if (events.size() > 1) {
        int half = events.size() / 2;
        return isolate(table, events.subList(0, half))
            && isolate(table, events.subList(half, events.size()));
      }
      ChangeEvent poison = events.get(0);
      String reason =
          "cannot apply the change to %s at %s-%d offset %d (key %s): the target rejected it: %s"
              .formatted(
                  table,
                  poison.topic(),
                  poison.partition(),
                  poison.offset(),
                  poison.key(),
                  e.getMessage());
      Optional<ConsumerRecord<byte[], byte[]>> record = polledRecord(poison);
      if (record.isPresent() && divert(table, record.get(), reason)) {
        commit(
            List.of(),
            Map.of(new Partition(poison.topic(), poison.partition()), poison.offset() + 1));
        return true;
      }
      stopTable(table, reason);
      return false;
    }
  }

  /** Sends a poison record to the dead-letter topic when that is on; false when it is off. */
  private boolean divert(String table, ConsumerRecord<byte[], byte[]> record, String reason)
      throws ApplyException {
    if (deadLetters.isEmpty()) {
      return false;
    }
    deadLetters.get().send(record, table, reason);
    meters.deadLetter(table);
    log.warn("Sent to dead-letter topic {}: {}", deadLetters.get().topic(), reason);
    return true;
  }

  private void assign() {
    List<TopicPartition> all = new ArrayList<>();
    for (Route route : routes.values()) {
      List<PartitionInfo> infos = consumer.partitionsFor(route.topic());
      List<TopicPartition> mine = new ArrayList<>();
      for (PartitionInfo info : infos) {
        mine.add(new TopicPartition(info.topic(), info.partition()));
      }
      byTable.put(route.table(), List.copyOf(mine));
      all.addAll(mine);
    }
    consumer.assign(all);
    consumer.pause(all);
  }

  /**
   * Seeks every partition to the next offset stored with the applied rows. A partition seen for the
   * first time starts at the beginning of its log, and that start is stored at once, so events
   * deleted later (retention, while the table is still copying) are found missing, not skipped. An
   * offset outside its partition's log is fatal ({@link LogRange}).
   */
  private void seekToStored() throws SQLException, ApplyException {
    Map<TopicPartition, Long> positions = new HashMap<>();
    Map<Partition, Long> first = new LinkedHashMap<>();
    try (Connection c = target.getConnection()) {
      Map<Partition, Long> stored = offsets.load(c);
      Map<TopicPartition, Long> starts = consumer.beginningOffsets(consumer.assignment());
      for (TopicPartition tp : consumer.assignment()) {
        Partition partition = new Partition(tp.topic(), tp.partition());
        Long next = stored.get(partition);
        if (next == null) {
          next = starts.get(tp);
          first.put(partition, next);
        }
        positions.put(tp, next);
      }
      LogRange.check(consumer, positions);
    }
    if (!first.isEmpty()) {
      applier.apply(List.of(), first);
    }
    positions.forEach(consumer::seek);
    progress.reset(positions);
  }

  /** The next records; a position outside the log is fatal, never reset. */
  private ConsumerRecords<byte[], byte[]> poll() {
    try {
      return batches.next(changes, POLL, running::get);
    } catch (OffsetOutOfRangeException e) {
      throw LogRange.explain(consumer, e);
    }
  }

  /**
   * Resumes the partitions of tables whose snapshot finished, moving them to STREAMING, and follows
   * the operator's applier pauses in the state store: a paused table's partitions are paused in the
   * consumer between two batches, so its position stays at its last applied offset and its events
   * wait in Kafka (step 3); the table still counts as streaming, so its lag keeps being measured.
   */
  private void updateReadiness() throws SQLException {
    Map<String, TablePhase> phases;
    Set<String> wanted;
    Set<String> recopy;
    try (Connection c = target.getConnection()) {
      phases = states.all(c);
      wanted = states.applyPaused(c).keySet();
      recopy = states.resnapshotRequested(c);
      for (Map.Entry<String, List<TopicPartition>> e : byTable.entrySet()) {
        String table = e.getKey();
        TablePhase phase = phases.get(table);
        meters.applyPaused(table, wanted.contains(table));
        if (phase == null) {
          continue;
        }
        if (recopy.contains(table) || !phase.copyFinished()) {
          hold(table, e.getValue());
          continue;
        }
        if (stopped.contains(table)) {
          continue;
        }
        if (phase == TablePhase.COPIED) {
          states.move(
              c, table, TablePhase.COPIED, TablePhase.STREAMING, states.rowsCopied(c, table));
          phase = TablePhase.STREAMING;
        }
        if (phase == TablePhase.STREAMING) {
          follow(c, table, e.getValue(), wanted.contains(table));
        }
      }
    }
    readinessPasses.incrementAndGet();
  }

  /**
   * Holds a table whose re-copy is asked for or under way: its partitions pause between two
   * batches, at its last applied offset, whether it streamed, was paused by an operator (that pause
   * stays stored and is followed again afterwards) or was stopped by an event.
   */
  private void hold(String table, List<TopicPartition> partitions) {
    boolean wasStreaming = streaming.remove(table);
    boolean wasStopped = stopped.remove(table);
    if (wasStreaming || wasStopped) {
      paused.remove(table);
      consumer.pause(partitions);
      held.add(table);
      log.info("The applier holds {} for its re-copy: its changes wait in Kafka", table);
    }
  }

  /**
   * Seeks a held table's partitions back to the offsets stored with its applied rows, where its
   * replay over the new copy begins.
   */
  private void rewind(Connection c, String table, List<TopicPartition> partitions)
      throws SQLException {
    Map<Partition, Long> stored = offsets.load(c);
    for (TopicPartition tp : partitions) {
      Long next = stored.get(new Partition(tp.topic(), tp.partition()));
      if (next != null) {
        consumer.seek(tp, next);
      }
    }
    log.info("Replaying the changes of {} over its new copy from its stored offsets", table);
  }

  /**
   * Starts, pauses or resumes applying a streaming table's partitions as the operator wants; a
   * re-copied table starts again from its stored offsets with its new definition.
   */
  private void follow(Connection c, String table, List<TopicPartition> partitions, boolean pause)
      throws SQLException {
    if (streaming.add(table)) {
      Recopied fresh = recopied.remove(table);
      if (fresh != null) {
        routes.put(fresh.route().topic(), fresh.route());
        applier.replace(fresh.table());
      }
      if (held.remove(table)) {
        rewind(c, table, partitions);
      }
      if (pause) {
        paused.add(table);
        log.info("The applier is paused for {}: its changes wait in Kafka", table);
      } else {
        consumer.resume(partitions);
        log.info("Applying the changes of {} from its topic", table);
      }
    } else if (pause && paused.add(table)) {
      consumer.pause(partitions);
      log.info("The applier is paused for {}: its changes wait in Kafka", table);
    } else if (!pause && paused.remove(table)) {
      consumer.resume(partitions);
      log.info("The applier resumed {}: applying its changes from its topic", table);
    }
  }

  /**
   * Stops the streaming tables whose source definition changed in a way no event shows. The changes
   * applied since the source's ALTER may be wrong (a value rounded to the old type); the reason
   * says to re-copy the table. A check that fails (the source unreachable, a plan that no longer
   * translates) is logged and tried again later: nothing is applied wrongly meanwhile that would
   * not also be found then.
   */
  private void stopChangedTables() throws SQLException {
    if (streaming.isEmpty()) {
      return;
    }
    Map<String, String> refused;
    try {
      refused = schemaChanges.refusedChanges(Set.copyOf(streaming));
    } catch (SQLException | RuntimeException e) {
      log.warn("Checking the source tables for schema changes failed: {}", e.toString());
      return;
    }
    for (Map.Entry<String, String> e : refused.entrySet()) {
      if (streaming.contains(e.getKey())) {
        stopTable(e.getKey(), e.getValue());
      }
    }
  }

  /**
   * Stops a table whose event cannot be applied: its partitions stay paused at the last applied
   * offset, and status shows the error until an operator fixes the cause and restarts.
   */
  private void stopTable(String table, String reason) throws SQLException {
    try (Connection c = target.getConnection()) {
      states.fail(c, table, reason);
    }
    stopped.add(table);
    streaming.remove(table);
    paused.remove(table);
    consumer.pause(byTable.get(table));
    log.error("Table {} stopped: {}", table, reason);
    meters.poison(table);
  }

  /** Counts a retry and backs off; the loop then seeks back to the stored offsets. */
  private boolean retryLater() {
    meters.retried();
    sleep(RETRY_BACKOFF_MS);
    return true;
  }

  /** The polled record an event was decoded from (looked up only for a rejected change). */
  private Optional<ConsumerRecord<byte[], byte[]>> polledRecord(ChangeEvent event) {
    return polled.records(new TopicPartition(event.topic(), event.partition())).stream()
        .filter(r -> r.offset() == event.offset())
        .findFirst();
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
