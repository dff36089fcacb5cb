package io.godwit.transport;

import io.godwit.error.ErrorCode;
import io.godwit.error.GodwitException;
import io.godwit.state.LocalFiles;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.PrintStream;
import java.io.UncheckedIOException;
import java.net.BindException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.concurrent.TimeUnit;
import java.util.function.IntSupplier;
import java.util.stream.Stream;
import kafka.server.KafkaConfig;
import kafka.server.KafkaRaftServer;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.common.Uuid;
import org.apache.kafka.common.utils.Time;
import org.apache.kafka.metadata.storage.Formatter;
import org.apache.kafka.server.common.MetadataVersion;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Apache Kafka's own single-node KRaft broker (broker and controller in one), run in-process on
 * loopback with its data in one directory. Started again on the same directory it keeps its cluster
 * id, topics, messages and committed consumer offsets.
 */
public final class EmbeddedKafka implements AutoCloseable {

  private static final Logger log = LoggerFactory.getLogger(EmbeddedKafka.class);
  private static final String HOST = "127.0.0.1";
  private static final String CONTROLLER = "CONTROLLER";
  private static final int NODE_ID = 1;
  private static final Duration READY_TIMEOUT = Duration.ofSeconds(60);
  private static final int PORT_ATTEMPTS = 3;

  private final Path dataDir;
  private final KafkaRaftServer server;
  private final String bootstrapServers;

  private EmbeddedKafka(Path dataDir, KafkaRaftServer server, String bootstrapServers) {
    this.dataDir = dataDir;
    this.server = server;
    this.bootstrapServers = bootstrapServers;
  }

  /** Starts a broker on free loopback ports, formatting {@code dataDir} if it is empty. */
  public static EmbeddedKafka start(Path dataDir) {
    return start(dataDir, () -> freePort(dataDir));
  }

  /**
   * Starts a broker on ports drawn from {@code ports}. A free port is found by binding it and
   * letting it go, so another process (a client connection's local port, say) can take it before
   * the broker binds it; the broker then starts again on newly drawn ports, up to {@value
   * #PORT_ATTEMPTS} times in all.
   */
  static EmbeddedKafka start(Path dataDir, IntSupplier ports) {
    for (int attempt = 1; ; attempt++) {
      try {
        return start(dataDir, ports.getAsInt(), ports.getAsInt());
      } catch (EmbeddedKafkaException e) {
        if (attempt == PORT_ATTEMPTS || !portTaken(e)) {
          throw e;
        }
        log.warn(
            "The embedded Kafka broker's port was taken; starting on new ports: {}",
            e.getMessage());
      }
    }
  }

  private static boolean portTaken(Throwable e) {
    for (Throwable t = e; t != null; t = t.getCause()) {
      if (t instanceof BindException) {
        return true;
      }
    }
    return false;
  }

  /**
   * Starts a broker listening on {@code 127.0.0.1:brokerPort} for clients and {@code
   * 127.0.0.1:controllerPort} for its own controller (loopback only: the listeners have no
   * authentication), formatting {@code dataDir} if it is empty. {@code dataDir} holds every change
   * event, so it is made owner-only ({@link LocalFiles}).
   */
  public static EmbeddedKafka start(Path dataDir, int brokerPort, int controllerPort) {
    Path dir = dataDir.toAbsolutePath().normalize();
    Map<String, String> props = brokerProperties(dir, brokerPort, controllerPort);
    KafkaRaftServer server;
    try {
      LocalFiles.ownerOnlyDirectory(dir);
      formatIfEmpty(dir);
      server = new KafkaRaftServer(new KafkaConfig(props), Time.SYSTEM);
    } catch (EmbeddedKafkaException e) {
      throw e;
    } catch (Exception e) {
      throw failure(dir, e);
    }
    try {
      server.startup();
    } catch (RuntimeException e) {
      server.shutdown();
      server.awaitShutdown();
      throw failure(dir, e);
    }
    String bootstrap = HOST + ":" + brokerPort;
    EmbeddedKafka kafka = new EmbeddedKafka(dir, server, bootstrap);
    try {
      kafka.awaitReady();
    } catch (RuntimeException e) {
      kafka.close();
      throw failure(dir, e);
    }
    log.info("Embedded Kafka broker started at {} with data in {}", bootstrap, dir);
    return kafka;
  }

  /** {@code host:port} for clients' {@code bootstrap.servers}. */
  public String bootstrapServers() {
    return bootstrapServers;
  }

  public Path dataDir() {
    return dataDir;
  }

  @Override
  public void close() {
    server.shutdown();
    server.awaitShutdown();
    log.info("Embedded Kafka broker at {} stopped", bootstrapServers);
  }

  static Map<String, String> brokerProperties(Path dir, int brokerPort, int controllerPort) {
    Map<String, String> p = new LinkedHashMap<>();
    p.put("process.roles", "broker,controller");
    p.put("node.id", String.valueOf(NODE_ID));
    p.put("controller.quorum.voters", NODE_ID + "@" + HOST + ":" + controllerPort);
    p.put(
        "listeners",
        "PLAINTEXT://"
            + HOST
            + ":"
            + brokerPort
            + ","
            + CONTROLLER
            + "://"
            + HOST
            + ":"
            + controllerPort);
    p.put("advertised.listeners", "PLAINTEXT://" + HOST + ":" + brokerPort);
    p.put("listener.security.protocol.map", "PLAINTEXT:PLAINTEXT," + CONTROLLER + ":PLAINTEXT");
    p.put("controller.listener.names", CONTROLLER);
    p.put("inter.broker.listener.name", "PLAINTEXT");
    p.put("log.dirs", dir.toString());
    // One node: every internal topic has one replica, and a small dedupe buffer (the default puts
    // 128 MB on the heap for the log cleaner).
    p.put("default.replication.factor", "1");
    p.put("min.insync.replicas", "1");
    p.put("offsets.topic.replication.factor", "1");
    p.put("offsets.topic.num.partitions", "5");
    p.put("transaction.state.log.replication.factor", "1");
    p.put("transaction.state.log.min.isr", "1");
    p.put("transaction.state.log.num.partitions", "5");
    p.put("share.coordinator.state.topic.replication.factor", "1");
    p.put("share.coordinator.state.topic.min.isr", "1");
    p.put("group.initial.rebalance.delay.ms", "0");
    p.put("log.cleaner.dedupe.buffer.size", "2097152");
    // After a crash the restored controller counts the dead broker's registration as alive until
    // its session times out, and refuses the new one until then: the default 9 s session made a
    // restart after kill -9 take 13.9 s here instead of 3.9 s; 3 s makes it 6.5 s. Both roles share
    // this process, so a heartbeat only misses when the whole JVM stalls.
    p.put("broker.heartbeat.interval.ms", "500");
    p.put("broker.session.timeout.ms", "3000");
    // Topics are created on purpose (Topics.ensure) with the migration's retention, never
    // implicitly with the broker's seven-day default.
    p.put("auto.create.topics.enable", "false");
    return p;
  }

  private static void formatIfEmpty(Path dir) throws Exception {
    if (Files.exists(dir.resolve("meta.properties"))) {
      return;
    }
    try (Stream<Path> entries = Files.list(dir)) {
      List<Path> found = entries.limit(3).toList();
      if (!found.isEmpty()) {
        throw new EmbeddedKafkaException(
            "cannot start the embedded Kafka broker in %s: the directory is not empty (found %s)"
                    .formatted(dir, found.get(0).getFileName())
                + " but holds no Kafka data (no meta.properties); fix: point work-dir at an empty"
                + " directory or at one this broker wrote before");
      }
    }
    ByteArrayOutputStream output = new ByteArrayOutputStream();
    new Formatter()
        .setClusterId(Uuid.randomUuid().toString())
        .setNodeId(NODE_ID)
        .setControllerListenerName(CONTROLLER)
        .setDirectories(List.of(dir.toString()))
        .setMetadataLogDirectory(dir.toString())
        .setReleaseVersion(MetadataVersion.LATEST_PRODUCTION)
        .setPrintStream(new PrintStream(output, true, StandardCharsets.UTF_8))
        .run();
    log.debug("Formatted {}: {}", dir, output.toString(StandardCharsets.UTF_8).strip());
  }

  private void awaitReady() {
    Properties props = new Properties();
    props.put(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrapServers);
    try (Admin admin = Admin.create(props)) {
      admin.describeCluster().nodes().get(READY_TIMEOUT.toMillis(), TimeUnit.MILLISECONDS).stream()
          .findAny()
          .orElseThrow(() -> new GodwitException(ErrorCode.KAFKA, "the broker reports no nodes"));
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException("interrupted while waiting for the broker", e);
    } catch (Exception e) {
      throw new GodwitException(
          ErrorCode.KAFKA,
          "the broker did not answer within " + READY_TIMEOUT.toSeconds() + " s: " + e,
          e);
    }
  }

  private static int freePort(Path dir) {
    try (ServerSocket socket = new ServerSocket(0, 1, InetAddress.getByName(HOST))) {
      return socket.getLocalPort();
    } catch (IOException e) {
      throw failure(dir, new UncheckedIOException("no free port on " + HOST, e));
    }
  }

  private static EmbeddedKafkaException failure(Path dir, Exception cause) {
    String why = cause.getMessage() == null ? cause.toString() : cause.getMessage();
    String fix =
        why.contains("lock")
            ? "another process (a second Godwit on the same work-dir?) uses this directory; stop"
                + " it or choose another work-dir"
            : "check that the directory is writable and not shared, and read the broker's log"
                + " above";
    return new EmbeddedKafkaException(
        "cannot start the embedded Kafka broker in %s: %s; fix: %s".formatted(dir, why, fix),
        cause);
  }
}
