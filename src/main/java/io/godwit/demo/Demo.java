package io.godwit.demo;

import com.zaxxer.hikari.HikariDataSource;
import io.godwit.LiveMigration;
import io.godwit.config.ConfigLoader;
import io.godwit.config.MigrationConfig;
import io.godwit.control.ControlServer;
import io.godwit.db.Pools;
import io.godwit.observe.Metrics;
import io.godwit.snapshot.PausePoints;
import io.godwit.state.StatusReader;
import io.godwit.state.TablePhase;
import io.micrometer.prometheusmetrics.PrometheusMeterRegistry;
import java.io.IOException;
import java.io.PrintStream;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.Statement;
import java.time.Duration;
import java.util.Comparator;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.stream.Stream;

/**
 * {@code godwit demo}: a live migration of a sample shop from the local MariaDB into the local
 * PostgreSQL through the embedded Kafka broker, with a write workload running all along. It shows
 * the copy, the changes applied and the lag, then stops the workload, waits until every table has
 * the same rows on both sides, and says what to run next.
 */
public final class Demo {

  private static final List<String> TABLES =
      List.of("customers", "products", "orders", "order_lines");

  private final String mariadbUrl;
  private final String postgresUrl;
  private final Path workDir;
  private final Duration streaming;
  private final PrintStream out;

  public Demo(
      String mariadbUrl, String postgresUrl, Path workDir, Duration streaming, PrintStream out) {
    this.mariadbUrl = mariadbUrl;
    this.postgresUrl = postgresUrl;
    this.workDir = workDir;
    this.streaming = streaming;
    this.out = out;
  }

  /** Runs the demo; returns true when the target ended with the source's row counts. */
  public boolean run() throws Exception {
    out.println(
        "1. Creating the sample shop: MariaDB database godwit_demo (source), PostgreSQL godwit_demo (target)");
    recreate(
        "jdbc:mariadb:" + mariadbUrl,
        "root",
        "DROP DATABASE IF EXISTS godwit_demo",
        "CREATE DATABASE godwit_demo");
    recreate(
        "jdbc:postgresql:" + postgresUrl + "postgres",
        "postgres",
        "DROP DATABASE IF EXISTS godwit_demo WITH (FORCE)",
        "CREATE DATABASE godwit_demo");
    forgetEarlierChangeStream();
    Path file = writeMigrationFile();
    MigrationConfig config = new ConfigLoader().load(file);
    try (HikariDataSource source = Pools.open(config.source(), "source", 4);
        HikariDataSource target = Pools.open(config.target(), "target", 0)) {
      try (Connection c = source.getConnection()) {
        ShopSchema.create(c, config.source().engine(), 2_000);
      }
      out.println(
          "2. Starting a write workload on the source: new orders, updates, deletes, key changes");
      PrometheusMeterRegistry meters = Metrics.registry();
      LiveMigration live = new LiveMigration(config, meters, PausePoints.NONE);
      try (Workload workload = new Workload(source, 2, 200, 2_000).start();
          ControlServer control = statusPage(config, live, meters)) {
        out.println(
            "3. godwit run: capture first, then the snapshot, then the changes (migration file "
                + file
                + ")");
        CompletableFuture<Void> running =
            CompletableFuture.runAsync(
                () -> {
                  try {
                    live.run();
                  } catch (Exception e) {
                    throw new IllegalStateException(e.getMessage(), e);
                  }
                });
        StatusReader status = new StatusReader(target);
        long streamUntil = Long.MAX_VALUE;
        while (System.currentTimeMillis() < streamUntil) {
          Thread.sleep(1000);
          if (running.isDone()) {
            running.join();
          }
          List<StatusReader.TableStatus> tables = status.tables(config.name());
          boolean allStreaming =
              !tables.isEmpty() && tables.stream().allMatch(t -> t.phase() == TablePhase.STREAMING);
          if (allStreaming && streamUntil == Long.MAX_VALUE) {
            streamUntil = System.currentTimeMillis() + streaming.toMillis();
          }
          out.printf(
              "   %s | source writes: %,d rows | lag %s%n",
              summary(tables),
              workload.rowsChanged(),
              allStreaming ? lag(live) : "- (changes wait in Kafka until the copy ends)");
        }
        workload.close();
        out.println("4. Workload stopped; draining: proving every change is on the target");
        long drainStart = System.nanoTime();
        live.drain(Duration.ofSeconds(60));
        List<Long> sourceCounts = counts(source);
        List<Long> targetCounts = counts(target);
        boolean same = sourceCounts.equals(targetCounts);
        out.printf(
            "   drained in %,d ms; lag %s; rows source %s, target %s%n",
            (System.nanoTime() - drainStart) / 1_000_000, lag(live), sourceCounts, targetCounts);
        live.stop(Duration.ofSeconds(60));
        running.exceptionally(e -> null).join();
        out.println(
            same
                ? "5. Caught up: every table has the same number of rows on both sides."
                : "5. The row counts differ after the drain; see the log above.");
        out.println();
        out.println("Next:");
        out.println(
            "  bin/godwit status -c " + file + "      # phases and rows, from the state store");
        out.println(
            "  bin/godwit run -c "
                + file
                + "         # resume streaming (Ctrl-C stops cleanly); status page on http://"
                + config.control().listen()
                + "/");
        out.println("  bin/godwit validate -c " + file + "    # compare both sides row by row");
        out.println(
            "  bin/godwit cutover -c "
                + file
                + " --dry-run   # check a cutover's preconditions (needs control.token)");
        out.println(
            "  bin/godwit plan -c examples/mariadb-to-postgres.yaml   # plan your own migration");
        return same;
      }
    }
  }

  /** The control server with the status page, or null when its port is taken. */
  private ControlServer statusPage(
      MigrationConfig config, LiveMigration live, PrometheusMeterRegistry meters) {
    try {
      ControlServer control = ControlServer.start(config.control(), live.control(), meters);
      out.printf(
          "   status page: http://%s/  (lag chart, tables, validation, cutover; metrics at /metrics)%n",
          config.control().listen());
      return control;
    } catch (UncheckedIOException e) {
      out.println("   no status page: " + e.getMessage());
      return null;
    }
  }

  /**
   * Deletes the embedded broker's data of an earlier demo: its change stream describes databases
   * that were just recreated, and applied to the new target it would bring back rows the new source
   * never had.
   */
  private void forgetEarlierChangeStream() throws IOException {
    Path kafka = workDir.resolve("kafka");
    if (!Files.exists(kafka)) {
      return;
    }
    try (Stream<Path> paths = Files.walk(kafka)) {
      for (Path p : paths.sorted(Comparator.reverseOrder()).toList()) {
        Files.delete(p);
      }
    }
  }

  private Path writeMigrationFile() throws Exception {
    Files.createDirectories(workDir);
    Path file = workDir.resolve("demo.yaml");
    Files.writeString(
        file,
        """
        # Written by godwit demo: the sample shop, MariaDB -> PostgreSQL, embedded Kafka broker.
        name: demo
        work-dir: "%s"
        source: { url: "jdbc:mariadb:%sgodwit_demo", user: root, password: "" }
        target: { url: "jdbc:postgresql:%sgodwit_demo", user: postgres, password: "" }
        snapshot: { workers: 2, chunk-rows: 1000 }
        """
            .formatted(workDir.toAbsolutePath(), mariadbUrl, postgresUrl));
    return file;
  }

  private static void recreate(String url, String user, String... statements) throws Exception {
    try (Connection c = DriverManager.getConnection(url, user, "");
        Statement st = c.createStatement()) {
      for (String sql : statements) {
        st.execute(sql);
      }
    }
  }

  private static String summary(List<StatusReader.TableStatus> tables) {
    long rows = tables.stream().mapToLong(StatusReader.TableStatus::rowsCopied).sum();
    long streaming = tables.stream().filter(t -> t.phase() == TablePhase.STREAMING).count();
    return "tables streaming %d/%d, rows copied %,d".formatted(streaming, TABLES.size(), rows);
  }

  private static String lag(LiveMigration live) {
    double seconds = live.lagSeconds();
    return Double.isNaN(seconds) ? "-" : "%.1f s".formatted(seconds);
  }

  private static List<Long> counts(javax.sql.DataSource db) throws Exception {
    try (Connection c = db.getConnection();
        Statement st = c.createStatement()) {
      java.util.ArrayList<Long> counts = new java.util.ArrayList<>();
      for (String table : TABLES) {
        try (ResultSet rs = st.executeQuery("SELECT COUNT(*) FROM " + table)) {
          rs.next();
          counts.add(rs.getLong(1));
        }
      }
      return counts;
    }
  }
}
