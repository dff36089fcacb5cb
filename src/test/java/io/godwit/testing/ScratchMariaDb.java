package io.godwit.testing;

import io.godwit.engine.Engine;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;

/**
 * A throwaway MariaDB server on its own port and data directory, for settings the shared test
 * server must not change (such as running without a binlog, or TLS only). Stopped and deleted on
 * close, and stopped by a shutdown hook if the test never got there. Readiness and {@link #sql} go
 * through its Unix socket, which {@code require_secure_transport} leaves open.
 */
public final class ScratchMariaDb implements ScratchServer {

  private final Path dir;
  private final List<String> command;
  private final int port;
  private final Thread stopOnExit;
  private volatile Process process;

  private ScratchMariaDb(Path dir, List<String> command, int port) {
    this.dir = dir;
    this.command = List.copyOf(command);
    this.port = port;
    this.stopOnExit = new Thread(() -> process.destroy(), "scratch-mariadb-" + port + "-stop");
  }

  /** Starts a server with the given extra options (e.g. {@code --skip-log-bin}). */
  public static ScratchMariaDb start(int port, String... options) throws Exception {
    Path dir = Files.createTempDirectory("godwit-scratch-mariadb");
    Path data = dir.resolve("data");
    run(
        "mariadb-install-db",
        "--no-defaults",
        "--datadir=" + data,
        "--auth-root-authentication-method=normal",
        "--user=" + System.getProperty("user.name"),
        "--skip-test-db");
    List<String> command = new ArrayList<>();
    command.add("/usr/sbin/mariadbd");
    command.add("--no-defaults");
    command.add("--datadir=" + data);
    command.add("--port=" + port);
    command.add("--bind-address=127.0.0.1");
    command.add("--socket=" + dir.resolve("mysqld.sock"));
    command.add("--pid-file=" + dir.resolve("mysqld.pid"));
    command.add("--user=" + System.getProperty("user.name"));
    command.addAll(List.of(options));
    ScratchMariaDb server = new ScratchMariaDb(dir, command, port);
    try {
      server.launch();
    } catch (Exception e) {
      server.deleteDirectory();
      throw e;
    }
    Runtime.getRuntime().addShutdownHook(server.stopOnExit);
    return server;
  }

  /**
   * Shuts the server down as {@code mariadb-admin shutdown} does (running statements end, the data
   * is flushed) and starts it again with the same options; returns once it accepts connections.
   */
  @Override
  public void restart() throws Exception {
    run(
        "mariadb-admin",
        "--no-defaults",
        "--socket=" + dir.resolve("mysqld.sock"),
        "-u",
        "root",
        "shutdown");
    if (!process.waitFor(60, TimeUnit.SECONDS)) {
      throw new IllegalStateException(
          "scratch MariaDB did not shut down within 60 s; see " + dir.resolve("server.log"));
    }
    launch();
  }

  /** Kills mariadbd with {@code SIGKILL} and starts it again: InnoDB and the binlog recover. */
  @Override
  public void kill() throws Exception {
    process.destroyForcibly();
    if (!process.waitFor(30, TimeUnit.SECONDS)) {
      throw new IllegalStateException(
          "scratch MariaDB did not die of SIGKILL within 30 s; see " + dir.resolve("server.log"));
    }
    launch();
  }

  @Override
  public Engine engine() {
    return Engine.MARIADB;
  }

  /** Starts mariadbd and waits (at most 60 s) until it answers on its socket. */
  private void launch() throws Exception {
    process =
        new ProcessBuilder(command)
            .redirectErrorStream(true)
            .redirectOutput(ProcessBuilder.Redirect.appendTo(dir.resolve("server.log").toFile()))
            .start();
    long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(60);
    while (true) {
      try {
        sql("SELECT 1");
        return;
      } catch (IllegalStateException e) {
        if (System.nanoTime() > deadline || !process.isAlive()) {
          process.destroyForcibly().waitFor();
          throw new IllegalStateException(
              "scratch MariaDB did not start; see " + dir.resolve("server.log"), e);
        }
        Thread.sleep(200);
      }
    }
  }

  /**
   * Runs SQL with the {@code mariadb} client as root through the Unix socket and returns what it
   * printed: tab-separated, no column names.
   */
  public String sql(String sql) throws IOException, InterruptedException {
    return run(
        "mariadb",
        "--no-defaults",
        "--socket=" + dir.resolve("mysqld.sock"),
        "-u",
        "root",
        "--default-character-set=utf8mb4",
        "-N",
        "-B",
        "-e",
        sql);
  }

  private static String run(String... command) throws IOException, InterruptedException {
    Process p = new ProcessBuilder(command).redirectErrorStream(true).start();
    String output = new String(p.getInputStream().readAllBytes());
    if (p.waitFor() != 0) {
      throw new IllegalStateException(String.join(" ", command) + " failed:\n" + output);
    }
    return output;
  }

  @Override
  public String url(String database) {
    return "jdbc:mariadb://127.0.0.1:" + port + "/" + database;
  }

  public String url() {
    return url("");
  }

  public int port() {
    return port;
  }

  @Override
  public void close() throws Exception {
    Runtime.getRuntime().removeShutdownHook(stopOnExit);
    process.destroy();
    if (!process.waitFor(30, TimeUnit.SECONDS)) {
      process.destroyForcibly().waitFor();
    }
    deleteDirectory();
  }

  private void deleteDirectory() throws IOException {
    try (Stream<Path> files = Files.walk(dir)) {
      files.sorted(Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
    }
  }
}
