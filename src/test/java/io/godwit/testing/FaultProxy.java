package io.godwit.testing;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.net.SocketException;
import java.net.URI;
import java.time.Duration;
import java.util.Arrays;
import java.util.Set;
import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;

/**
 * A TCP proxy in the test's own process, between a client (Godwit) and a server (a database or a
 * broker), that injects network faults on command:
 *
 * <ul>
 *   <li>{@link #delay}: every byte arrives that much later, in each direction, without limiting
 *       throughput (a long link, not a slow one);
 *   <li>{@link #drop}: a black hole: nothing is forwarded, every socket stays open, and senders
 *       block once the buffers fill; what was held is delivered after {@link #heal}, as TCP
 *       delivers after a partition ends;
 *   <li>{@link #cut}: every open connection is reset now; new ones are still accepted;
 *   <li>{@link #refuse}: the listening port closes, so new connections are refused until {@link
 *       #heal}; open ones carry on.
 * </ul>
 *
 * Each connection uses four daemon threads (a reader and a writer per direction); the reader hands
 * chunks to the writer through a small bounded queue, which holds them until they are due.
 */
public final class FaultProxy implements AutoCloseable {

  private static final int CHUNK = 16 * 1024;
  private static final int QUEUED_CHUNKS = 16;
  private static final byte[] END = new byte[0];

  private final InetSocketAddress upstream;
  private final int port;
  private final Set<Link> links = ConcurrentHashMap.newKeySet();
  private final AtomicLong accepted = new AtomicLong();
  private final Object state = new Object();
  private volatile long delayNanos;
  private boolean dropped;
  private boolean closed;
  private ServerSocket listener;
  private volatile Thread acceptor;

  private FaultProxy(InetSocketAddress upstream, ServerSocket listener) {
    this.upstream = upstream;
    this.listener = listener;
    this.port = listener.getLocalPort();
  }

  /** Starts a proxy on a free loopback port, forwarding to {@code host:port}. */
  public static FaultProxy start(String host, int port) {
    try {
      FaultProxy proxy = new FaultProxy(new InetSocketAddress(host, port), listen(0));
      proxy.startAccepting();
      return proxy;
    } catch (IOException e) {
      throw new UncheckedIOException("fault proxy to " + host + ":" + port + " did not start", e);
    }
  }

  /**
   * Starts a proxy to the server a JDBC URL names ({@code jdbc:postgresql://host:port/db}); {@link
   * #via} gives the URL that connects through it.
   */
  public static FaultProxy to(String jdbcUrl) {
    URI uri = serverOf(jdbcUrl);
    return start(uri.getHost(), uri.getPort());
  }

  /** The JDBC URL with this proxy's address in place of its server's. */
  public String via(String jdbcUrl) {
    URI uri = serverOf(jdbcUrl);
    String server = uri.getHost() + ":" + uri.getPort();
    if (!jdbcUrl.contains(server)) {
      throw new IllegalArgumentException(
          "JDBC URL %s does not name its server as host:port; fix: give the port"
              .formatted(jdbcUrl));
    }
    return jdbcUrl.replace(server, address());
  }

  private static URI serverOf(String jdbcUrl) {
    if (!jdbcUrl.startsWith("jdbc:")) {
      throw new IllegalArgumentException(
          "%s is not a JDBC URL; fix: give one such as jdbc:postgresql://127.0.0.1:5432/db"
              .formatted(jdbcUrl));
    }
    URI uri = URI.create(jdbcUrl.substring("jdbc:".length()));
    if (uri.getHost() == null || uri.getPort() < 0) {
      throw new IllegalArgumentException(
          "JDBC URL %s names no host:port to proxy; fix: give both".formatted(jdbcUrl));
    }
    return uri;
  }

  /** The loopback port clients connect to. */
  public int port() {
    return port;
  }

  /** {@code 127.0.0.1:port}, for a URL or a {@code bootstrap.servers}. */
  public String address() {
    return "127.0.0.1:" + port;
  }

  /** Connections open now. */
  public int openConnections() {
    return links.size();
  }

  /** Connections accepted since the start. */
  public long acceptedConnections() {
    return accepted.get();
  }

  /** From now on, each chunk is forwarded {@code latency} after it was read; zero for none. */
  public void delay(Duration latency) {
    delayNanos = latency.toNanos();
  }

  /** Stops forwarding in both directions on every connection, open or new, until {@link #heal}. */
  public void drop() {
    synchronized (state) {
      dropped = true;
    }
  }

  /** Resets every open connection on both sides now. */
  public void cut() {
    for (Link link : links) {
      link.reset();
    }
  }

  /**
   * Closes the listening port: new connections are refused until {@link #heal}. Returns once the
   * accepting thread has ended: a socket closed while a thread waits in {@code accept} keeps
   * listening until that thread returns.
   */
  public void refuse() throws IOException, InterruptedException {
    synchronized (state) {
      if (listener != null) {
        listener.close();
        listener = null;
      }
    }
    acceptor.join(5_000);
  }

  /** Ends {@link #drop}, {@link #refuse} and {@link #delay}: the link behaves as a plain wire. */
  public void heal() throws IOException {
    delayNanos = 0;
    synchronized (state) {
      dropped = false;
      state.notifyAll();
      if (listener == null && !closed) {
        listener = listen(port);
        startAccepting();
      }
    }
  }

  @Override
  public void close() throws IOException {
    synchronized (state) {
      closed = true;
      dropped = false;
      state.notifyAll();
      if (listener != null) {
        listener.close();
        listener = null;
      }
    }
    cut();
  }

  private static ServerSocket listen(int port) throws IOException {
    ServerSocket socket = new ServerSocket();
    socket.setReuseAddress(true);
    socket.bind(new InetSocketAddress(InetAddress.getLoopbackAddress(), port), 128);
    return socket;
  }

  private void startAccepting() {
    ServerSocket socket = listener;
    acceptor = daemon("fault-proxy-" + port + "-accept", () -> accept(socket));
    acceptor.start();
  }

  private void accept(ServerSocket socket) {
    while (!socket.isClosed()) {
      Socket client;
      try {
        client = socket.accept();
      } catch (IOException e) {
        return; // closed by refuse() or close()
      }
      if (socket.isClosed()) {
        closeQuietly(client);
        return;
      }
      accepted.incrementAndGet();
      Socket server = new Socket();
      try {
        server.connect(upstream, 10_000);
      } catch (IOException e) {
        closeQuietly(client);
        closeQuietly(server);
        continue;
      }
      Link link = new Link(client, server);
      links.add(link);
      link.start();
    }
  }

  /** Waits while the proxy drops traffic. */
  private void awaitForwarding() throws InterruptedException {
    synchronized (state) {
      while (dropped) {
        state.wait();
      }
    }
  }

  private static Thread daemon(String name, Runnable body) {
    Thread t = new Thread(body, name);
    t.setDaemon(true);
    return t;
  }

  private static void closeQuietly(Socket socket) {
    try {
      socket.close();
    } catch (IOException e) {
      // already gone: nothing left to release
    }
  }

  /** One proxied connection: a client socket, its server socket and the four pumping threads. */
  private final class Link {
    private final Socket client;
    private final Socket server;
    private final Thread[] threads = new Thread[4];
    private final AtomicInteger ended = new AtomicInteger();

    Link(Socket client, Socket server) {
      this.client = client;
      this.server = server;
    }

    void start() {
      String name = "fault-proxy-" + port + "-" + client.getPort();
      BlockingQueue<Chunk> up = new ArrayBlockingQueue<>(QUEUED_CHUNKS);
      BlockingQueue<Chunk> down = new ArrayBlockingQueue<>(QUEUED_CHUNKS);
      threads[0] = daemon(name + "-read-up", () -> read(client, up));
      threads[1] = daemon(name + "-write-up", () -> write(up, server));
      threads[2] = daemon(name + "-read-down", () -> read(server, down));
      threads[3] = daemon(name + "-write-down", () -> write(down, client));
      for (Thread t : threads) {
        t.start();
      }
    }

    private void read(Socket from, BlockingQueue<Chunk> queue) {
      try {
        InputStream in = from.getInputStream();
        byte[] buffer = new byte[CHUNK];
        int n;
        while ((n = in.read(buffer)) >= 0) {
          queue.put(new Chunk(Arrays.copyOf(buffer, n), System.nanoTime() + delayNanos));
        }
        queue.put(new Chunk(END, System.nanoTime() + delayNanos));
      } catch (IOException | InterruptedException e) {
        reset();
      }
    }

    private void write(BlockingQueue<Chunk> queue, Socket to) {
      try {
        OutputStream out = to.getOutputStream();
        while (true) {
          Chunk chunk = queue.take();
          long wait = chunk.due() - System.nanoTime();
          if (wait > 0) {
            Thread.sleep(wait / 1_000_000, (int) (wait % 1_000_000));
          }
          awaitForwarding();
          if (chunk.bytes() == END) {
            to.shutdownOutput();
            if (ended.incrementAndGet() == 2 && links.remove(this)) {
              closeQuietly(client);
              closeQuietly(server);
            }
            return;
          }
          out.write(chunk.bytes());
          out.flush();
        }
      } catch (IOException | InterruptedException e) {
        reset();
      }
    }

    /** Closes both sockets with a reset (no orderly close) and stops the threads. */
    void reset() {
      if (!links.remove(this)) {
        return;
      }
      for (Socket s : new Socket[] {client, server}) {
        try {
          s.setSoLinger(true, 0);
        } catch (SocketException e) {
          // closed already: close() below is then a no-op
        }
        closeQuietly(s);
      }
      for (Thread t : threads) {
        if (t != Thread.currentThread()) {
          t.interrupt();
        }
      }
    }
  }

  private record Chunk(byte[] bytes, long due) {}
}
