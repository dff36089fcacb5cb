package io.godwit.testing;

import io.godwit.engine.Engine;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;

/**
 * A throwaway PostgreSQL 15 server on its own port and data directory ({@code initdb} into a
 * temporary directory), for settings the shared test server must not change: TLS only, restarts.
 * {@code wal_level=logical}; local connections trusted unless {@link #hba} replaces the rules. It
 * can be stopped and started again; {@link #close} stops it and deletes the directory, and a
 * shutdown hook stops it if the test never got there. Run as root, the server runs as {@code
 * postgres}, which then owns the directory.
 */
public final class ScratchPostgres implements ScratchServer {

  private static final Path BIN = Path.of("/usr/lib/postgresql/15/bin");
  private static final boolean ROOT = "root".equals(System.getProperty("user.name"));

  private final Path dir;
  private final Path data;
  private final int port;
  private final Thread stopOnExit;
  private volatile boolean running;

  private ScratchPostgres(Path dir, int port) {
    this.dir = dir;
    this.data = dir.resolve("data");
    this.port = port;
    this.stopOnExit = new Thread(this::stopQuietly, "scratch-postgres-" + port + "-stop");
    Runtime.getRuntime().addShutdownHook(stopOnExit);
  }

  /** A new data directory for a server on {@code port}, not yet started. */
  public static ScratchPostgres init(int port) throws IOException, InterruptedException {
    Path dir = Files.createTempDirectory("godwit-scratch-postgres");
    if (ROOT) {
      run("chown", "postgres:postgres", dir.toString());
    }
    ScratchPostgres server = new ScratchPostgres(dir, port);
    server.asServerUser(
        BIN.resolve("initdb").toString(),
        "-D",
        server.data.toString(),
        "-U",
        "postgres",
        "--auth=trust",
        "-E",
        "UTF8",
        "--no-sync");
    server.configure(
        "port = " + port,
        "listen_addresses = '127.0.0.1'",
        "unix_socket_directories = '" + dir + "'",
        "wal_level = logical",
        "max_replication_slots = 4",
        "max_wal_senders = 4",
        "fsync = off");
    return server;
  }

  /** Appends settings ({@code name = value}) to postgresql.conf; they apply at the next start. */
  public ScratchPostgres configure(String... settings) throws IOException {
    Files.writeString(
        data.resolve("postgresql.conf"),
        "\n" + String.join("\n", settings) + "\n",
        StandardOpenOption.APPEND);
    return this;
  }

  /** Replaces pg_hba.conf with {@code lines}; they apply at the next start. */
  public ScratchPostgres hba(String... lines) throws IOException {
    Files.writeString(data.resolve("pg_hba.conf"), String.join("\n", lines) + "\n");
    return this;
  }

  /**
   * Copies {@code file} into the data directory, readable by the server's user only (as a private
   * key must be), and returns its name there.
   */
  public String copyIn(Path file) throws IOException, InterruptedException {
    Path copy = data.resolve(file.getFileName());
    Files.copy(file, copy);
    run("chmod", "600", copy.toString());
    if (ROOT) {
      run("chown", "postgres:postgres", copy.toString());
    }
    return copy.getFileName().toString();
  }

  /** Starts the server and waits until it accepts connections (at most 60 s). */
  public ScratchPostgres start() throws IOException, InterruptedException {
    asServerUser(
        BIN.resolve("pg_ctl").toString(),
        "-D",
        data.toString(),
        "-l",
        dir.resolve("server.log").toString(),
        "-w",
        "-t",
        "60",
        "start");
    running = true;
    return this;
  }

  /** Stops the server (fast shutdown: sessions are ended, the data stays). */
  public void stop() throws IOException, InterruptedException {
    if (running) {
      asServerUser(
          BIN.resolve("pg_ctl").toString(), "-D", data.toString(), "-m", "fast", "-w", "stop");
      running = false;
    }
  }

  /** Stops the server (fast shutdown) and starts it again on the same data directory. */
  @Override
  public void restart() throws IOException, InterruptedException {
    stop();
    start();
  }

  /**
   * Kills the postmaster and every process it started with {@code SIGKILL}, as an out-of-memory
   * killer or a crash would, then starts the server again: it runs crash recovery from its WAL.
   */
  @Override
  public void kill() throws Exception {
    long pid = Long.parseLong(Files.readAllLines(data.resolve("postmaster.pid")).get(0).trim());
    ProcessHandle postmaster =
        ProcessHandle.of(pid)
            .orElseThrow(() -> new IllegalStateException("no postmaster with pid " + pid));
    List<ProcessHandle> all = new ArrayList<>(postmaster.descendants().toList());
    all.add(0, postmaster);
    all.forEach(ProcessHandle::destroyForcibly);
    for (ProcessHandle p : all) {
      p.onExit().get(30, TimeUnit.SECONDS);
    }
    running = false;
    start();
  }

  @Override
  public Engine engine() {
    return Engine.POSTGRESQL;
  }

  public int port() {
    return port;
  }

  /** The server's log, to attach to a failure. */
  public Path log() {
    return dir.resolve("server.log");
  }

  @Override
  public String url(String database) {
    return "jdbc:postgresql://127.0.0.1:" + port + "/" + database;
  }

  /**
   * Runs SQL with {@code psql} as {@code postgres} through the server's Unix socket (which
   * host-based TLS rules leave alone) and returns what it printed: unaligned, no headers, NULL as
   * {@code NULL}.
   */
  public String psql(String database, String sql) throws IOException, InterruptedException {
    List<String> command = new ArrayList<>();
    if (ROOT) {
      command.addAll(List.of("runuser", "-u", "postgres", "--"));
    }
    command.addAll(
        List.of(
            BIN.resolve("psql").toString(),
            "-X",
            "-q",
            "-A",
            "-t",
            "-P",
            "null=NULL",
            "-v",
            "ON_ERROR_STOP=1",
            "-h",
            dir.toString(),
            "-p",
            String.valueOf(port),
            "-U",
            "postgres",
            "-d",
            database,
            "-c",
            sql));
    return run(command.toArray(String[]::new));
  }

  @Override
  public void close() throws Exception {
    try {
      stop();
    } finally {
      Runtime.getRuntime().removeShutdownHook(stopOnExit);
      try (Stream<Path> files = Files.walk(dir)) {
        files.sorted(Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
      }
    }
  }

  private void stopQuietly() {
    try {
      stop();
    } catch (Exception e) {
      System.err.println("scratch PostgreSQL on port " + port + " did not stop: " + e);
    }
  }

  private void asServerUser(String... command) throws IOException, InterruptedException {
    List<String> full = new ArrayList<>();
    if (ROOT) {
      full.addAll(List.of("runuser", "-u", "postgres", "--"));
    }
    full.addAll(List.of(command));
    run(full.toArray(String[]::new));
  }

  private static String run(String... command) throws IOException, InterruptedException {
    Process p = new ProcessBuilder(command).redirectErrorStream(true).start();
    String output = new String(p.getInputStream().readAllBytes());
    if (!p.waitFor(90, TimeUnit.SECONDS) || p.exitValue() != 0) {
      throw new IllegalStateException(String.join(" ", command) + " failed:\n" + output);
    }
    return output;
  }
}
