package io.godwit.transport;

import io.godwit.testing.FaultProxy;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.ServerSocket;
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
 * {@link EmbeddedKafka}'s single-node KRaft broker on fixed ports, which the test may {@link
 * #restart} on the same data while the migration runs. Optionally behind a {@link FaultProxy}: the
 * broker then advertises the proxy's address, so that every connection a client makes, not only the
 * bootstrap one, goes through the proxy.
 */
public final class TestBroker implements AutoCloseable {

  private final Path dir;
  private final int port;
  private final int controllerPort;
  private final FaultProxy proxy;
  private KafkaRaftServer server;

  private TestBroker(Path dir, int port, int controllerPort, FaultProxy proxy) {
    this.dir = dir;
    this.port = port;
    this.controllerPort = controllerPort;
    this.proxy = proxy;
  }

  /**
   * Starts a broker with its data in {@code dir}, behind a {@link FaultProxy} if {@code proxied}.
   */
  public static TestBroker start(Path dir, boolean proxied) {
    Path data = dir.toAbsolutePath().normalize();
    int port = freePort();
    int controllerPort = freePort();
    if (!Files.exists(data.resolve("meta.properties"))) {
      // EmbeddedKafka formats an empty directory; its broker advertises its own port
      EmbeddedKafka.start(data, port, controllerPort).close();
    }
    FaultProxy proxy = proxied ? FaultProxy.start("127.0.0.1", port) : null;
    TestBroker broker = new TestBroker(data, port, controllerPort, proxy);
    broker.startServer();
    return broker;
  }

  /** {@code host:port} for {@code kafka.bootstrap-servers}: the proxy's when there is one. */
  public String bootstrapServers() {
    return proxy == null ? "127.0.0.1:" + port : proxy.address();
  }

  /** The proxy in front of the broker; null when it has none. */
  public FaultProxy proxy() {
    return proxy;
  }

  /** Stops the broker cleanly and starts it again on the same data and ports. */
  public void restart() {
    stopServer();
    startServer();
  }

  @Override
  public void close() throws IOException {
    stopServer();
    if (proxy != null) {
      proxy.close();
    }
  }

  private void startServer() {
    Map<String, String> props = EmbeddedKafka.brokerProperties(dir, port, controllerPort);
    props.put("advertised.listeners", "PLAINTEXT://" + bootstrapServers());
    server = new KafkaRaftServer(new KafkaConfig(props), Time.SYSTEM);
    server.startup();
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
  }

  private static int freePort() {
    try (ServerSocket socket = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
      return socket.getLocalPort();
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }
}
