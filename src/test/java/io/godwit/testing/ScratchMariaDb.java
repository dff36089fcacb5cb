package io.godwit.testing;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;

/**
 * A throwaway MariaDB server on its own port and data directory, for settings the shared test
 * server must not change (such as running without a binlog). Stopped and deleted on close.
 */
public final class ScratchMariaDb implements AutoCloseable {

  private final Path dir;
  private final Process process;
  private final int port;

  private ScratchMariaDb(Path dir, Process process, int port) {
    this.dir = dir;
    this.process = process;
    this.port = port;
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
        DriverManager.getConnection(server.url(), "root", "").close();
        return server;
      } catch (SQLException e) {
        if (System.nanoTime() > deadline || !process.isAlive()) {
          server.close();
          throw new IllegalStateException(
              "scratch MariaDB did not start; see " + dir.resolve("server.log"), e);
        }
        Thread.sleep(200);
      }
    }
  }

  private static void run(String... command) throws IOException, InterruptedException {
    Process p = new ProcessBuilder(command).redirectErrorStream(true).start();
    String output = new String(p.getInputStream().readAllBytes());
    if (p.waitFor() != 0) {
      throw new IllegalStateException(String.join(" ", command) + " failed:\n" + output);
    }
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
    process.destroy();
    if (!process.waitFor(30, TimeUnit.SECONDS)) {
      process.destroyForcibly().waitFor();
    }
    try (Stream<Path> files = Files.walk(dir)) {
      files.sorted(Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
    }
  }
}
