package io.godwit.testing;

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
public final class ScratchMariaDb implements AutoCloseable {

  private final Path dir;
  private final Process process;
  private final int port;
  private final Thread stopOnExit;

  private ScratchMariaDb(Path dir, Process process, int port) {
    this.dir = dir;
    this.process = process;
    this.port = port;
    this.stopOnExit = new Thread(process::destroy, "scratch-mariadb-" + port + "-stop");
    Runtime.getRuntime().addShutdownHook(stopOnExit);
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
    Process process =
        new ProcessBuilder(command)
            .redirectErrorStream(true)
            .redirectOutput(dir.resolve("server.log").toFile())
            .start();
    ScratchMariaDb server = new ScratchMariaDb(dir, process, port);
    long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(60);
    while (true) {
      try {
        server.sql("SELECT 1");
        return server;
      } catch (IllegalStateException e) {
        if (System.nanoTime() > deadline || !process.isAlive()) {
          server.close();
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

  /** The URL of a database on this server. */
  public String url(String database) {
    return "jdbc:mariadb://127.0.0.1:" + port + "/" + database;
  }

  public String url() {
    return url("");
  }

  @Override
  public void close() throws Exception {
    Runtime.getRuntime().removeShutdownHook(stopOnExit);
    process.destroy();
    if (!process.waitFor(30, TimeUnit.SECONDS)) {
      process.destroyForcibly().waitFor();
    }
    try (Stream<Path> files = Files.walk(dir)) {
      files.sorted(Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
    }
  }
}
