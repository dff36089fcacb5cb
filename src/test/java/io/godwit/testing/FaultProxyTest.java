package io.godwit.testing;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.ConnectException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.net.SocketException;
import java.net.SocketTimeoutException;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Random;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** The proxy against a local echo server: each fault does what it says and heals. */
class FaultProxyTest {

  private ServerSocket echo;
  private FaultProxy proxy;

  @BeforeEach
  void start() throws IOException {
    echo = new ServerSocket(0, 50, InetAddress.getLoopbackAddress());
    Thread server =
        new Thread(
            () -> {
              while (!echo.isClosed()) {
                try {
                  Socket s = echo.accept();
                  Thread t = new Thread(() -> echoBack(s));
                  t.setDaemon(true);
                  t.start();
                } catch (IOException e) {
                  return;
                }
              }
            });
    server.setDaemon(true);
    server.start();
    proxy = FaultProxy.start("127.0.0.1", echo.getLocalPort());
  }

  @AfterEach
  void stop() throws IOException {
    proxy.close();
    echo.close();
  }

  private static void echoBack(Socket s) {
    try (s) {
      s.getInputStream().transferTo(s.getOutputStream());
    } catch (IOException e) {
      // the client reset the connection: nothing to echo to
    }
  }

  private Socket connect() throws IOException {
    Socket s = new Socket(InetAddress.getLoopbackAddress(), proxy.port());
    s.setSoTimeout(5_000);
    return s;
  }

  private static String roundTrip(Socket s, String text) throws IOException {
    byte[] bytes = text.getBytes(StandardCharsets.UTF_8);
    s.getOutputStream().write(bytes);
    s.getOutputStream().flush();
    return new String(s.getInputStream().readNBytes(bytes.length), StandardCharsets.UTF_8);
  }

  @Test
  void forwardsBothWaysByteForByteAndPassesAnOrderlyClose() throws Exception {
    long seed = System.nanoTime();
    System.out.println("FaultProxyTest seed " + seed);
    byte[] sent = new byte[3 * 1024 * 1024];
    new Random(seed).nextBytes(sent);
    try (Socket s = connect()) {
      Thread writer =
          new Thread(
              () -> {
                try {
                  OutputStream out = s.getOutputStream();
                  out.write(sent);
                  s.shutdownOutput();
                } catch (IOException e) {
                  throw new IllegalStateException(e);
                }
              });
      writer.start();
      byte[] received = s.getInputStream().readAllBytes();
      writer.join();
      assertThat(received).isEqualTo(sent);
    }
    assertThat(proxy.acceptedConnections()).isEqualTo(1);
  }

  @Test
  void delayAddsLatencyInEachDirectionUntilHealed() throws Exception {
    try (Socket s = connect()) {
      assertThat(roundTrip(s, "warm")).isEqualTo("warm");
      proxy.delay(Duration.ofMillis(200));
      long start = System.nanoTime();
      assertThat(roundTrip(s, "slow")).isEqualTo("slow");
      assertThat(Duration.ofNanos(System.nanoTime() - start)).isGreaterThan(Duration.ofMillis(390));
      proxy.heal();
      start = System.nanoTime();
      assertThat(roundTrip(s, "fast")).isEqualTo("fast");
      assertThat(Duration.ofNanos(System.nanoTime() - start)).isLessThan(Duration.ofMillis(200));
    }
  }

  @Test
  void dropHoldsEveryByteWithTheSocketsOpenAndDeliversThemAfterHeal() throws Exception {
    try (Socket s = connect();
        Socket other = connect()) {
      assertThat(roundTrip(s, "before")).isEqualTo("before");
      proxy.drop();
      s.getOutputStream().write("held".getBytes(StandardCharsets.UTF_8));
      s.setSoTimeout(700);
      InputStream in = s.getInputStream();
      assertThatThrownBy(in::read).isInstanceOf(SocketTimeoutException.class);
      assertThat(proxy.openConnections()).isEqualTo(2);
      try (Socket during = connect()) {
        during.getOutputStream().write("new".getBytes(StandardCharsets.UTF_8));
        during.setSoTimeout(300);
        assertThatThrownBy(during.getInputStream()::read)
            .isInstanceOf(SocketTimeoutException.class);
      }
      proxy.heal();
      s.setSoTimeout(5_000);
      assertThat(new String(in.readNBytes(4), StandardCharsets.UTF_8)).isEqualTo("held");
      assertThat(roundTrip(other, "after")).isEqualTo("after");
    }
  }

  @Test
  void cutResetsOpenConnectionsAndLaterOnesWork() throws Exception {
    try (Socket s = connect()) {
      assertThat(roundTrip(s, "before")).isEqualTo("before");
      proxy.cut();
      assertThatThrownBy(
              () -> {
                s.getOutputStream().write(1);
                if (s.getInputStream().read() < 0) {
                  throw new SocketException("end of stream");
                }
              })
          .isInstanceOf(SocketException.class);
    }
    assertThat(proxy.openConnections()).isZero();
    try (Socket s = connect()) {
      assertThat(roundTrip(s, "after")).isEqualTo("after");
    }
  }

  @Test
  void refuseTurnsNewConnectionsAwayWhileOpenOnesCarryOn() throws Exception {
    try (Socket open = connect()) {
      assertThat(roundTrip(open, "before")).isEqualTo("before");
      proxy.refuse();
      assertThatThrownBy(this::connect).isInstanceOf(ConnectException.class);
      assertThat(roundTrip(open, "still")).isEqualTo("still");
      proxy.heal();
      try (Socket s = connect()) {
        assertThat(roundTrip(s, "again")).isEqualTo("again");
      }
    }
  }

  @Test
  void viaPutsTheProxyInPlaceOfTheServerInAJdbcUrl() throws IOException {
    String echoUrl = "jdbc:mariadb://127.0.0.1:%d/shop?useSsl=false".formatted(echo.getLocalPort());
    try (FaultProxy toEcho = FaultProxy.to(echoUrl)) {
      assertThat(toEcho.via(echoUrl))
          .isEqualTo("jdbc:mariadb://127.0.0.1:%d/shop?useSsl=false".formatted(toEcho.port()));
      try (Socket s = new Socket(InetAddress.getLoopbackAddress(), toEcho.port())) {
        s.setSoTimeout(5_000);
        assertThat(roundTrip(s, "via")).isEqualTo("via");
      }
    }
    assertThatThrownBy(() -> proxy.via("jdbc:postgresql:shop"))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("jdbc:postgresql:shop")
        .hasMessageContaining("fix");
    assertThatThrownBy(() -> FaultProxy.to("postgresql://127.0.0.1:5432/shop"))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("not a JDBC URL");
  }
}
