package io.godwit.transport;

import io.godwit.testing.ChildJvm;
import io.godwit.testing.FaultProxy;
import io.godwit.testing.Ports;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import java.util.Properties;
import java.util.concurrent.TimeUnit;
import kafka.server.KafkaConfig;
import kafka.server.KafkaRaftServer;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.common.utils.Time;

/**
 * A Kafka broker of the test's own, outside the migration's process as an external cluster is:
 * {@link EmbeddedKafka}'s single-node KRaft broker on fixed ports, in the test's process or in a
 * process of its own, which the test may {@link #restart} cleanly or {@link #kill} (SIGKILL) and
 * start again on the same data while the migration runs. Optionally behind a {@link FaultProxy}:
 * the broker then advertises the proxy's address, so that every connection a client makes, not only
 * the bootstrap one, goes through the proxy.
 */
public final class TestBroker implements AutoCloseable {

  private final Path dir;
  private final int port;
  private final int controllerPort;
  private final FaultProxy proxy;
  private final boolean ownProcess;
  private KafkaRaftServer server;
  private Process process;

  private TestBroker(Path dir, int port, int controllerPort, FaultProxy proxy, boolean ownProcess) {
    this.dir = dir;
    this.port = port;
    this.controllerPort = controllerPort;
    this.proxy = proxy;
    this.ownProcess = ownProcess;
  }

  /**
   * Starts a broker with its data in {@code dir}, behind a {@link FaultProxy} if {@code proxied},
   * in a process of its own if {@code ownProcess} (its output goes to {@code broker.log} next to
   * {@code dir}).
   */
  public static TestBroker start(Path dir, boolean proxied, boolean ownProcess) throws IOException {
    Path data = dir.toAbsolutePath().normalize();
    // Not port 0: the broker must come back on the same ports after restart() and kill(), since
    // the migration's kafka.bootstrap-servers (or the proxy's upstream) and the KRaft quorum's
    // controller.quorum.voters, written into the formatted data, name them; a listener on port 0
    // would come back elsewhere. So the ports are taken once and kept for the broker's life.
    int port = Ports.free();
    int controllerPort = Ports.free();
    if (!Files.exists(data.resolve("meta.properties"))) {
      // EmbeddedKafka formats an empty directory; its broker advertises its own port
      EmbeddedKafka.start(data, port, controllerPort).close();
    }
    FaultProxy proxy = proxied ? FaultProxy.start("127.0.0.1", port) : null;
    TestBroker broker = new TestBroker(data, port, controllerPort, proxy, ownProcess);
    broker.startServer();
    return broker;
  }

  /**
   * Runs a broker in this process until it is killed: data directory, ports, advertised address.
   */
  public static void main(String[] args) {
    KafkaRaftServer server =
        server(Path.of(args[0]), Integer.parseInt(args[1]), Integer.parseInt(args[2]), args[3]);
    Runtime.getRuntime().addShutdownHook(new Thread(server::shutdown, "test-broker-stop"));
    server.startup();
    server.awaitShutdown();
  }

  /** {@code host:port} for {@code kafka.bootstrap-servers}: the proxy's when there is one. */
  public String bootstrapServers() {
    return proxy == null ? "127.0.0.1:" + port : proxy.address();
  }

  /** The proxy in front of the broker; null when it has none. */
  public FaultProxy proxy() {
    return proxy;
  }

  /**
   * Stops the broker cleanly (in its own process: SIGTERM, as a service manager stops it) and
   * starts it again on the same data and ports.
   */
  public void restart() throws IOException {
    stopServer();
    startServer();
  }

  /**
   * Kills the broker's own process with SIGKILL, as {@code kill -9} does, and starts a new one on
   * the same data and ports (the broker recovers its logs after an unclean shutdown).
   */
  public void kill() throws IOException, InterruptedException {
    if (process == null) {
      throw new IllegalStateException("the broker runs in the test's process: it cannot be killed");
    }
    process.destroyForcibly().waitFor();
    process = null;
    startServer();
  }

  @Override
  public void close() throws IOException {
    stopServer();
    if (proxy != null) {
      proxy.close();
    }
  }

  private static KafkaRaftServer server(Path dir, int port, int controllerPort, String advertised) {
    Map<String, String> props = EmbeddedKafka.brokerProperties(dir, port, controllerPort);
    props.put("advertised.listeners", "PLAINTEXT://" + advertised);
    return new KafkaRaftServer(new KafkaConfig(props), Time.SYSTEM);
  }

  private void startServer() throws IOException {
    if (ownProcess) {
      process =
          new ProcessBuilder(
                  ChildJvm.command(
                      "384m",
                      TestBroker.class,
                      dir.toString(),
                      String.valueOf(port),
                      String.valueOf(controllerPort),
                      bootstrapServers()))
              .redirectErrorStream(true)
              .redirectOutput(
                  ProcessBuilder.Redirect.appendTo(dir.resolveSibling("broker.log").toFile()))
              .start();
    } else {
      server = server(dir, port, controllerPort, bootstrapServers());
      server.startup();
    }
    Properties admin = new Properties();
    admin.put(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrapServers());
    try (Admin a = Admin.create(admin)) {
      a.describeCluster().nodes().get(60, TimeUnit.SECONDS);
    } catch (Exception e) {
      stopServer();
      throw new IllegalStateException("the test broker in " + dir + " did not answer in 60 s", e);
    }
  }

  private void stopServer() {
    if (server != null) {
      server.shutdown();
      server.awaitShutdown();
      server = null;
    }
    if (process != null) {
      process.destroy();
      try {
        if (!process.waitFor(60, TimeUnit.SECONDS)) {
          process.destroyForcibly().waitFor();
        }
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
      }
      process = null;
    }
  }
}
