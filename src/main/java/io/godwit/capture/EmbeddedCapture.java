package io.godwit.capture;

import io.debezium.embedded.Connect;
import io.debezium.engine.DebeziumEngine;
import io.debezium.engine.RecordChangeEvent;
import io.debezium.engine.format.ChangeEventFormat;
import io.godwit.config.Endpoint;
import io.godwit.config.MigrationConfig;
import io.godwit.config.Redaction;
import io.godwit.db.BinlogPosition;
import io.godwit.schema.Table;
import io.godwit.transport.KafkaClients;
import io.godwit.transport.Topics;
import java.io.IOException;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Properties;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.Future;
import java.util.concurrent.ScheduledThreadPoolExecutor;
import java.util.concurrent.TimeUnit;
import java.util.function.Consumer;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.clients.producer.RecordMetadata;
import org.apache.kafka.connect.data.Field;
import org.apache.kafka.connect.data.Struct;
import org.apache.kafka.connect.source.SourceRecord;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Streams the source's changes into Kafka: Debezium's embedded engine reads the binlog or the
 * replication slot, and every batch it hands over is written with one idempotent producer and
 * acknowledged by Kafka before its offsets are marked processed. A change is therefore in Kafka
 * before the capture's stored position passes it; after a crash the engine resumes from the stored
 * position and may deliver the last second or so again (at-least-once), never skip.
 *
 * <p>A lost source connection (the binlog or replication stream, or the connector's JDBC session)
 * stops the engine; a new engine then starts from the stored offsets, after a backoff, for up to
 * {@link Reconnects#WINDOW}. Debezium's own retries are off ({@code errors.max.retries=0}, see
 * {@link CaptureProperties}), so this is the one place a capture reconnects.
 */
public final class EmbeddedCapture implements Capture {

  private static final Logger log = LoggerFactory.getLogger(EmbeddedCapture.class);
  private static final Duration STOP_TIMEOUT = Duration.ofSeconds(60);

  private final String migration;
  private final String sourceName;
  private final String sourceUser;
  private final Redaction redaction;
  private final Endpoint source;
  private final Properties engineProperties;
  private final KafkaClients kafka;
  private final CaptureTopics topics;
  private final Consumer<CaptureException> onFailure;
  private final CaptureProgress progress;
  private final Reconnects reconnects = new Reconnects();
  private final Optional<BinlogPosition> startAt;

  private final Set<String> ensuredTopics = ConcurrentHashMap.newKeySet();
  private final StartPosition startPosition;
  private final CompletableFuture<Map<String, Object>> streaming = new CompletableFuture<>();
  private volatile long lastEventSourceTsMs = -1;
  private volatile CaptureException failure;
  private volatile boolean closing;

  private Admin admin;
  private KafkaProducer<byte[], byte[]> producer;
  private RecordEncoder encoder;
  private DebeziumEngine<RecordChangeEvent<SourceRecord>> engine;
  private ScheduledThreadPoolExecutor executor;

  /**
   * @param tables the source tables to capture
   * @param bootstrapServers the Kafka cluster: the external one of the migration file or the
   *     embedded broker's
   * @param onFailure told once, on the engine's thread, when the capture stops by itself
   */
  public EmbeddedCapture(
      MigrationConfig config,
      List<Table> tables,
      String bootstrapServers,
      Consumer<CaptureException> onFailure) {
    this(
        config,
        CaptureProperties.of(config, tables, bootstrapServers),
        Optional.empty(),
        tables,
        bootstrapServers,
        onFailure);
  }

  private EmbeddedCapture(
      MigrationConfig config,
      Properties engineProperties,
      Optional<BinlogPosition> startAt,
      List<Table> tables,
      String bootstrapServers,
      Consumer<CaptureException> onFailure) {
    this.migration = config.name();
    this.sourceName = config.source().shownUrl();
    this.sourceUser = config.source().shownUser();
    this.redaction = config.provenance().redaction();
    this.source = config.source();
    this.engineProperties = engineProperties;
    this.startAt = startAt;
    this.kafka = new KafkaClients(config.kafka(), bootstrapServers);
    this.topics = new CaptureTopics(config, tables, sourceName);
    this.startPosition = new StartPosition(topics.heartbeat());
    this.onFailure = onFailure;
    this.progress = new CaptureProgress(config.source().engine());
  }

  public EmbeddedCapture(MigrationConfig config, List<Table> tables, String bootstrapServers) {
    this(config, tables, bootstrapServers, failure -> {});
  }

  /**
   * A capture of a PostgreSQL source whose slot already holds where it starts: with no stored
   * offset it streams from the slot's confirmed position, not from the server's position now (the
   * reverse stream, whose slot the cutover moved to R0, see {@link CaptureProperties#fromSlot});
   * with one, from that offset, as any capture.
   */
  public static EmbeddedCapture fromSlot(
      MigrationConfig config, List<Table> tables, String bootstrapServers) {
    return new EmbeddedCapture(
        config,
        CaptureProperties.fromSlot(CaptureProperties.of(config, tables, bootstrapServers)),
        Optional.empty(),
        tables,
        bootstrapServers,
        failure -> {});
  }

  /**
   * A capture of a MySQL or MariaDB source that starts at {@code at}, a position recorded earlier
   * (the reverse stream's R0): with no stored offset, {@code at} is stored as its offset before the
   * engine first starts (see {@link BinlogStartOffset}); with one, it resumes from that offset, as
   * any capture.
   */
  public static EmbeddedCapture fromPosition(
      MigrationConfig config, List<Table> tables, String bootstrapServers, BinlogPosition at) {
    return new EmbeddedCapture(
        config,
        CaptureProperties.of(config, tables, bootstrapServers),
        Optional.of(at),
        tables,
        bootstrapServers,
        failure -> {});
  }

  /**
   * Creates the change and heartbeat topics if missing (refusing to start when an existing one
   * would delete messages too early), then starts the engine on its own thread.
   */
  @Override
  public synchronized void start() {
    if (engine != null) {
      throw new IllegalStateException("capture of " + migration + " is already started");
    }
    admin = Admin.create(kafka.admin("godwit-" + migration + "-capture-admin"));
    topics.ensureAll(admin);
    ensuredTopics.addAll(topics.tables());
    ensuredTopics.add(topics.heartbeat());
    progress.startFrom(topics.ends(admin));
    producer = new KafkaProducer<>(kafka.producer("godwit-" + migration + "-capture"));
    encoder = new RecordEncoder(engineProperties);
    engine =
        newEngine(
            startAt
                .map(at -> BinlogStartOffset.store(engineProperties, admin, kafka, at))
                .orElse(engineProperties));
    executor =
        new ScheduledThreadPoolExecutor(
            1,
            runnable -> {
              Thread thread = new Thread(runnable, "godwit-capture-" + migration);
              thread.setDaemon(true);
              return thread;
            });
    executor.setExecuteExistingDelayedTasksAfterShutdownPolicy(false);
    executor.execute(engine);
    log.info(
        "Capture of {} started: {} tables into topics {}.*",
        sourceName,
        topics.tables().size(),
        engineProperties.getProperty("topic.prefix"));
  }

  private DebeziumEngine<RecordChangeEvent<SourceRecord>> newEngine(Properties properties) {
    return DebeziumEngine.create(ChangeEventFormat.of(Connect.class))
        .using(properties)
        .using(this::completed)
        .notifying(this::handleBatch)
        .build();
  }

  /**
   * Runs a new engine, which resumes from the offsets the last one stored, once the source accepts
   * a connection again; a refused one counts as another loss. Unless closing. The connector checks
   * its configuration with a connection of its own before it starts, and reports a refused one only
   * as text, so the engine is not started before the source answers.
   */
  private void restart() {
    if (closing) {
      return;
    }
    try (Connection probe = DriverManager.getConnection(source.url(), login())) {
      log.debug("Capture of {}: the source accepts connections again", sourceName);
    } catch (SQLException e) {
      if (CaptureErrors.lostConnection(e)) {
        reconnectOrStop(null, e);
      } else {
        stop(CaptureErrors.explain(sourceName, sourceUser, null, e, redaction));
      }
      return;
    }
    DebeziumEngine<RecordChangeEvent<SourceRecord>> next;
    synchronized (this) {
      if (closing) {
        return;
      }
      next = newEngine(engineProperties);
      engine = next;
    }
    progress.reconnected();
    log.info("Capture of {} reconnecting (attempt {})", sourceName, reconnects.attempts());
    next.run();
  }

  private Properties login() {
    Properties login = new Properties();
    login.putAll(source.properties());
    login.put("user", source.user());
    login.put("password", source.password().reveal());
    return login;
  }

  /**
   * Waits until the connector streams and returns its start position P0: the source offset of the
   * first record that reached Kafka after start (see {@link StartPosition} for how streaming is
   * proven).
   *
   * <p>Why every change committed after P0 is delivered: the connector reads the source's log (the
   * binlog, or the WAL through the replication slot) strictly in order from P0, a position it fixed
   * before it began to stream and that it has proven it can read from. A transaction that commits
   * after P0 is written to the log after it, so the reader meets it. The slot keeps WAL from its
   * confirmed position and a restart resumes from the stored offset, which never passes a change
   * Kafka has not acknowledged, so a crash opens no gap. Whatever the snapshot copier reads after
   * this method returned is therefore at or after P0 on the change stream.
   *
   * <p>P0 is returned only once the offsets topic holds a position of the connector's. A capture
   * that stopped before that (kill -9, or a lost connection whose last offset commit failed too)
   * would start again where the source's log is then, not at P0: without a snapshot the binlog
   * connectors begin at the log's end. The engine commits the proving batch's offsets right after
   * handing it over, so this wait is a few milliseconds, and none on a resumed run.
   *
   * @throws CaptureException if the engine failed, or nothing arrived within {@code timeout}
   */
  @Override
  public Map<String, Object> awaitStreaming(Duration timeout) {
    long deadline = System.nanoTime() + timeout.toNanos();
    Map<String, Object> p0 = awaitProof(timeout);
    awaitStoredPosition(deadline);
    return p0;
  }

  private Map<String, Object> awaitProof(Duration timeout) {
    return CaptureException.await(
        streaming,
        timeout,
        "the capture to stream",
        () ->
            ("change capture from %s did not start streaming within %d s: no heartbeat or change"
                    + " reached Kafka; fix: read the log above for the connector's progress; a"
                    + " PostgreSQL slot waits for transactions that were open when it was created")
                .formatted(sourceName, timeout.toSeconds()));
  }

  private void awaitStoredPosition(long deadlineNanos) {
    String topic = engineProperties.getProperty("offset.storage.topic");
    while (Topics.endOffsets(admin, List.of(topic)).values().stream().allMatch(end -> end == 0)) {
      if (failure != null) {
        throw failure;
      }
      if (System.nanoTime() > deadlineNanos) {
        throw new CaptureException(
            ("change capture from %s streams, but the connector stored no position in Kafka"
                    + " topic %s in time, and a restart would not resume from its start; fix:"
                    + " check that the Kafka user may write to %s, and read the log above")
                .formatted(sourceName, topic, topic));
      }
      try {
        Thread.sleep(20);
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        throw new CaptureException("interrupted while waiting for the capture's stored offset", e);
      }
    }
  }

  /**
   * When the source committed the last change Kafka acknowledged (the envelope's {@code
   * source.ts_ms}), or -1 before the first change; heartbeats do not move it.
   */
  public long lastEventSourceTsMs() {
    return lastEventSourceTsMs;
  }

  /** What the capture proved it wrote: end offsets and watermarks. */
  @Override
  public CaptureProgress progress() {
    return progress;
  }

  /** Why the capture stopped by itself, if it did. */
  @Override
  public Optional<CaptureException> failure() {
    return Optional.ofNullable(failure);
  }

  private void handleBatch(
      List<RecordChangeEvent<SourceRecord>> events,
      DebeziumEngine.RecordCommitter<RecordChangeEvent<SourceRecord>> committer)
      throws InterruptedException {
    List<Future<RecordMetadata>> sends = new ArrayList<>(events.size());
    for (RecordChangeEvent<SourceRecord> event : events) {
      ProducerRecord<byte[], byte[]> record = encoder.encode(event.record());
      if (!ensuredTopics.contains(record.topic())) {
        topics.ensure(admin, List.of(record.topic()));
        ensuredTopics.add(record.topic());
      }
      sends.add(producer.send(record));
    }
    producer.flush();
    List<RecordMetadata> acks = new ArrayList<>(sends.size());
    for (int i = 0; i < sends.size(); i++) {
      try {
        acks.add(sends.get(i).get());
      } catch (ExecutionException e) {
        throw new CaptureException(
            "cannot write a change to Kafka topic %s: %s; fix: check that the cluster at %s is up"
                    .formatted(
                        events.get(i).record().topic(), e.getCause(), kafka.bootstrapServers())
                + " and the Kafka user may write to it; the capture resumes from its last offset",
            e.getCause());
      }
    }
    List<SourceRecord> records = new ArrayList<>(events.size());
    for (RecordChangeEvent<SourceRecord> event : events) {
      records.add(event.record());
    }
    delivered(records);
    reconnects.delivered();
    progress.delivered(records, acks);
    for (RecordChangeEvent<SourceRecord> event : events) {
      committer.markProcessed(event);
    }
    committer.markBatchFinished();
  }

  /** Records Kafka acknowledged, in order: the start position and the last change's time. */
  private void delivered(List<SourceRecord> records) {
    if (!streaming.isDone()) {
      for (SourceRecord record : records) {
        startPosition
            .delivered(record.topic(), record.sourceOffset())
            .ifPresent(
                p0 -> {
                  log.info("Capture of {} is streaming from {}", sourceName, p0);
                  streaming.complete(p0);
                });
      }
    }
    for (int i = records.size() - 1; i >= 0; i--) {
      Optional<Long> ts = sourceTsMs(records.get(i));
      if (ts.isPresent()) {
        lastEventSourceTsMs = ts.get();
        break;
      }
    }
  }

  private static Optional<Long> sourceTsMs(SourceRecord record) {
    if (!(record.value() instanceof Struct value)) {
      return Optional.empty();
    }
    Field sourceField = value.schema().field("source");
    if (sourceField == null || !(value.get(sourceField) instanceof Struct source)) {
      return Optional.empty();
    }
    Field ts = source.schema().field("ts_ms");
    return ts == null ? Optional.empty() : Optional.ofNullable((Long) source.get(ts));
  }

  private void completed(boolean success, String message, Throwable error) {
    if (closing && error == null) {
      return;
    }
    Optional<CaptureException> own = ownFailure(error);
    if (!closing && error != null && own.isEmpty() && CaptureErrors.lostConnection(error)) {
      reconnectOrStop(message, error);
    } else if (success && error == null) {
      stop(
          new CaptureException(
              "change capture from %s stopped unexpectedly: %s; fix: read the log above and start it again"
                  .formatted(sourceName, redaction.apply(message))));
    } else {
      stop(own.orElse(CaptureErrors.explain(sourceName, sourceUser, message, error, redaction)));
    }
  }

  /**
   * The source connection was lost: starts again after a backoff, or stops past the window; nothing
   * once closing.
   */
  private void reconnectOrStop(String message, Throwable error) {
    if (closing) {
      return;
    }
    Optional<Duration> wait = reconnects.next();
    if (wait.isEmpty()) {
      stop(
          CaptureErrors.notReconnected(
              sourceName,
              reconnects.window(),
              reconnects.attempts(),
              progress.lastOffset(),
              message,
              error,
              redaction));
      return;
    }
    log.warn(
        "Capture of {} lost its connection to the source ({}); starting again in {} ms from its"
            + " stored offset; Kafka has everything up to {}",
        sourceName,
        redaction.apply(CaptureErrors.causes(message, error)),
        wait.get().toMillis(),
        progress.lastOffset());
    executor.schedule(this::restart, wait.get().toMillis(), TimeUnit.MILLISECONDS);
  }

  private void stop(CaptureException stopped) {
    failure = stopped;
    progress.stopped(stopped);
    log.error(stopped.getMessage());
    onFailure.accept(stopped);
    streaming.completeExceptionally(stopped);
  }

  /** A failure this class raised in the engine's thread already says what happened and the fix. */
  private static Optional<CaptureException> ownFailure(Throwable error) {
    for (Throwable t = error; t != null && t != t.getCause(); t = t.getCause()) {
      if (t instanceof CaptureException c) {
        return Optional.of(c);
      }
    }
    return Optional.empty();
  }

  /** Stops the engine, which stores the offsets of everything delivered, then the producer. */
  @Override
  public synchronized void close() {
    closing = true;
    if (engine != null && failure == null) {
      try {
        engine.close();
      } catch (IllegalStateException e) {
        log.debug("Capture of {} had already stopped: {}", sourceName, e.getMessage());
      } catch (IOException e) {
        log.warn("Capture of {} did not stop cleanly: {}", sourceName, e.toString());
      }
    }
    if (executor != null) {
      executor.shutdown();
      try {
        if (!executor.awaitTermination(STOP_TIMEOUT.toMillis(), TimeUnit.MILLISECONDS)) {
          log.warn("Capture of {} did not stop within {} s", sourceName, STOP_TIMEOUT.toSeconds());
        }
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
      }
    }
    if (producer != null) {
      producer.close(STOP_TIMEOUT);
    }
    if (encoder != null) {
      encoder.close();
    }
    if (admin != null) {
      admin.close(STOP_TIMEOUT);
    }
    CaptureException closed =
        new CaptureException("change capture from " + sourceName + " was closed");
    streaming.completeExceptionally(closed);
    progress.stopped(closed);
    log.info("Capture of {} stopped at {}", sourceName, progress.lastOffset());
  }
}
