package io.godwit.capture;

import io.godwit.config.ConfigKeys;
import io.godwit.config.MigrationConfig;
import io.godwit.config.Redaction;
import io.godwit.schema.Table;
import io.godwit.transport.KafkaClients;
import io.godwit.transport.Watermark;
import java.io.IOException;
import java.sql.SQLException;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Properties;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import javax.sql.DataSource;
import org.apache.kafka.clients.admin.Admin;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Follows a Debezium source connector that a Kafka Connect cluster runs ({@code capture.mode:
 * external}, configurations in {@code connectors/}). Godwit does not read the source's log itself:
 * it checks the connector writes the topics and bytes its applier reads, and proves progress from
 * the source offsets the cluster commits, which Connect commits only once Kafka acknowledged every
 * record before them. So the marks that prove lag and the drain work as with the embedded capture,
 * only as often as the worker commits offsets ({@code offset.flush.interval.ms}; connectors/README
 * asks for 1 s).
 */
public final class ConnectCapture implements Capture {

  private static final Logger log = LoggerFactory.getLogger(ConnectCapture.class);
  private static final Duration POLL = Duration.ofMillis(500);
  private static final Duration STATUS_EVERY = Duration.ofSeconds(5);
  private static final Duration UNREACHABLE_LIMIT = Duration.ofMinutes(2);

  private final String migration;
  private final String sourceName;
  private final Redaction redaction;
  private final ConnectRest rest;
  private final Properties expected;
  private final List<Table> tables;
  private final KafkaClients kafka;
  private final CaptureTopics topics;
  private final DataSource source;
  private final CaptureProgress progress;

  private volatile Map<String, Object> lastCommitted = Map.of();
  private volatile CaptureException failure;
  private long lastStatusNanos;
  private long unreachableSinceNanos = -1;
  private Admin admin;
  private ScheduledExecutorService poller;

  /**
   * @param tables the source tables the connector must capture
   * @param bootstrapServers the Kafka cluster the connector writes to
   * @param source the source database, where marks are placed
   */
  public ConnectCapture(
      MigrationConfig config, List<Table> tables, String bootstrapServers, DataSource source) {
    this.migration = config.name();
    this.sourceName = config.source().shownUrl();
    this.redaction = config.provenance().redaction();
    this.rest =
        new ConnectRest(
            config.capture().connectUrl(),
            config.shown(ConfigKeys.CAPTURE_CONNECT_URL),
            config.capture().connector());
    this.expected = CaptureProperties.of(config, tables, bootstrapServers);
    this.tables = List.copyOf(tables);
    this.kafka = new KafkaClients(config.kafka(), bootstrapServers);
    this.topics = new CaptureTopics(config, tables, sourceName);
    this.source = source;
    this.progress = new CaptureProgress(config.source().engine());
  }

  /**
   * Creates the change and heartbeat topics if missing (refusing ones that delete too early),
   * checks the connector's configuration and state, then polls its committed offsets.
   *
   * @throws CaptureException naming every setting that does not fit, or why Connect cannot be read
   */
  @Override
  public synchronized void start() {
    if (poller != null) {
      throw new IllegalStateException("capture of " + migration + " is already started");
    }
    admin = Admin.create(kafka.admin("godwit-" + migration + "-capture-admin"));
    topics.ensureAll(admin);
    checkConnector();
    progress.startFrom(topics.ends(admin));
    poller =
        Executors.newSingleThreadScheduledExecutor(
            runnable -> {
              Thread thread = new Thread(runnable, "godwit-connect-" + migration);
              thread.setDaemon(true);
              return thread;
            });
    poller.scheduleWithFixedDelay(this::poll, 0, POLL.toMillis(), TimeUnit.MILLISECONDS);
    log.info(
        "Following connector {} for {}: {} tables in topics {}.*",
        rest.describe(),
        sourceName,
        topics.tables().size(),
        expected.getProperty("topic.prefix"));
  }

  private void checkConnector() {
    Map<String, String> config;
    ConnectRest.Status status;
    try {
      config = rest.config().orElseThrow(this::noConnector);
      status = rest.status();
    } catch (IOException e) {
      throw new CaptureException(
          "cannot read connector %s: %s; fix: check capture.connect-url and that Kafka Connect is up"
              .formatted(rest.describe(), redaction.apply(e.getMessage())),
          e);
    }
    List<String> problems = ConnectorCheck.problems(config, expected, tables);
    if (!problems.isEmpty()) {
      throw new CaptureException(
          "connector %s does not produce what Godwit's applier reads:%n  - %s%nfix: update its configuration from connectors/%s (connectors/README.md)"
              .formatted(
                  rest.describe(),
                  redaction.apply(String.join("\n  - ", problems)),
                  templateFile()));
    }
    if (status.failed()) {
      throw failed(status);
    }
  }

  private CaptureException noConnector() {
    return new CaptureException(
        "Kafka Connect has no connector at %s; fix: create it from connectors/%s (see connectors/README.md), or set capture.connector to its name"
            .formatted(rest.describe(), templateFile()));
  }

  private CaptureException failed(ConnectRest.Status status) {
    return new CaptureException(
        "connector %s is %s (tasks %s)%s; fix: read the Connect worker's log, remove the cause and restart it (POST %s/restart?includeTasks=true), then run godwit again"
            .formatted(
                rest.describe(),
                status.connector(),
                status.tasks(),
                status.trace().map(t -> ": " + redaction.apply(t)).orElse(""),
                rest.describe()));
  }

  private String templateFile() {
    return connectorFile(expected.getProperty("connector.class"));
  }

  /** The file in {@code connectors/} for a Debezium connector class. */
  static String connectorFile(String connectorClass) {
    if (connectorClass.endsWith("MariaDbConnector")) {
      return "mariadb.json";
    }
    return connectorClass.endsWith("MySqlConnector") ? "mysql.json" : "postgres.json";
  }

  /** Reads the committed offset and the topics' ends after it; every few seconds, the state. */
  private void poll() {
    try {
      Optional<Map<String, Object>> offset = rest.committedOffset();
      if (offset.isPresent()) {
        progress.committed(offset.get(), topics.ends(admin));
        lastCommitted = offset.get();
      }
      long now = System.nanoTime();
      if (now - lastStatusNanos > STATUS_EVERY.toNanos()) {
        lastStatusNanos = now;
        ConnectRest.Status status = rest.status();
        if (status.failed()) {
          fail(failed(status));
          return;
        }
      }
      if (unreachableSinceNanos >= 0) {
        log.info("Kafka Connect answers again for {}", rest.describe());
      }
      unreachableSinceNanos = -1;
    } catch (IOException | RuntimeException e) {
      long now = System.nanoTime();
      if (unreachableSinceNanos < 0) {
        unreachableSinceNanos = now;
        log.warn("Cannot read {}: {}; retrying", rest.describe(), redaction.apply(e.toString()));
      } else if (now - unreachableSinceNanos > UNREACHABLE_LIMIT.toNanos()) {
        fail(
            new CaptureException(
                "Kafka Connect has not answered for %d s about %s: %s; fix: check the Connect cluster, then run godwit again"
                    .formatted(
                        UNREACHABLE_LIMIT.toSeconds(),
                        rest.describe(),
                        redaction.apply(e.getMessage())),
                e));
      }
    }
  }

  private void fail(CaptureException why) {
    if (failure != null) {
      return;
    }
    failure = why;
    progress.stopped(why);
    log.error(why.getMessage());
    poller.shutdown();
  }

  /**
   * Places a mark on the source and waits until the connector's committed offset passes it; P0 is
   * that offset. Why every change committed after P0 is delivered: the connector reads the source's
   * log in order and has proven it reads past a position taken now, so a transaction committing
   * later is met by the same reader; Connect's stored offset never passes a record Kafka has not
   * acknowledged, so a restart of the connector opens no gap.
   */
  @Override
  public Map<String, Object> awaitStreaming(Duration timeout) {
    CompletableFuture<Watermark> passed;
    try {
      passed = progress.mark(source);
    } catch (SQLException e) {
      throw new CaptureException(
          "cannot place a mark on the source %s: %s"
              .formatted(sourceName, redaction.apply(e.getMessage())),
          e);
    }
    CaptureException.await(
        passed,
        timeout,
        "the connector to stream",
        () ->
            ("connector %s did not commit a source offset past the source's current position"
                    + " within %d s (last committed: %s); fix: check that it is RUNNING and that"
                    + " the worker's offset.flush.interval.ms is short (connectors/README.md)")
                .formatted(rest.describe(), timeout.toSeconds(), lastCommitted));
    return lastCommitted;
  }

  @Override
  public CaptureProgress progress() {
    return progress;
  }

  @Override
  public Optional<CaptureException> failure() {
    return Optional.ofNullable(failure);
  }

  /** Stops polling; the connector keeps running on its cluster. */
  @Override
  public synchronized void close() {
    if (poller != null) {
      poller.shutdownNow();
      try {
        poller.awaitTermination(10, TimeUnit.SECONDS);
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
      }
    }
    if (admin != null) {
      admin.close(Duration.ofSeconds(10));
    }
    progress.stopped(new CaptureException("following connector " + rest.describe() + " stopped"));
    log.info("Stopped following {} at {}", rest.describe(), lastCommitted);
  }
}
