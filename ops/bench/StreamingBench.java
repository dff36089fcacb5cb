// Streaming benchmark: `godwit run` MariaDB -> PostgreSQL with the embedded broker.
//
//   ops/bench/streaming.sh [--seconds N] [--warmup N] [--threads N] [--backlog N]
//                          [--load builtin|sysbench]
//
// (the script builds Godwit and runs this file with the project's classpath and -Xmx512m).
// After the snapshot of the demo shop (ShopSchema, 20,000 customers; with sysbench also its four
// 50,000-row sbtest tables) it measures:
//   0. warm-up: the same load for --warmup seconds, then a drain to proven zero lag; its worst lag
//      is printed but not counted, since it measures the JIT compiling the hot paths;
//   1. sustained load at the source's maximum (no rate ceiling) for N seconds, from the built-in
//      workload in this JVM or from sysbench oltp_write_only (Debian's sysbench, its own process;
//      4 changed rows per transaction): source rows changed/s, applied events/s, the proven lag
//      (godwit.lag.seconds) sampled every 100 ms (p50/p95/p99/max), split into the capture's part
//      (godwit.capture.lag.seconds) and the records waiting in Kafka for the applier, and the
//      per-event lag timer's percentiles over exactly this phase (to a 25 ms bucket), and the JVM's
//      CPU time per applied event;
//   2. catch-up: the migration stopped, a capture alone writes a backlog of N changes into Kafka
//      (inserts of new keys, then updates of those rows, 5,000 per transaction), then `godwit run` restarts
//      and the time until its drain proves zero lag gives the catch-up rate;
//   3. peak RSS of this JVM (VmHWM).
// With --timeline DIR, phase 1's samples go to DIR/timeline-RUN.csv (wall clock, seconds since the
// load started, proven lag, capture lag, records waiting in Kafka, events applied and transactions
// committed on the source so far: the source's COM_COMMIT) and the JVM's GC log to
// DIR/gc-RUN.log, so that a tail can be matched with what the pipeline and the JVM did then.

import com.zaxxer.hikari.HikariDataSource;
import io.godwit.LiveMigration;
import io.godwit.capture.Capture;
import io.godwit.capture.EmbeddedCapture;
import io.godwit.config.ConfigLoader;
import io.godwit.config.MigrationConfig;
import io.godwit.db.Dialect;
import io.godwit.engine.Engine;
import io.godwit.db.Pools;
import io.godwit.demo.ShopSchema;
import io.godwit.demo.Workload;
import io.godwit.schema.Table;
import io.godwit.snapshot.PausePoints;
import io.godwit.transport.EmbeddedKafka;
import io.micrometer.core.instrument.Meter;
import io.micrometer.core.instrument.Timer;
import io.micrometer.core.instrument.config.MeterFilter;
import io.micrometer.core.instrument.distribution.CountAtBucket;
import io.micrometer.core.instrument.distribution.DistributionStatisticConfig;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import java.time.LocalTime;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.concurrent.CompletableFuture;

public class StreamingBench {

  public static void main(String[] args) throws Exception {
    int seconds = Integer.parseInt(args[0]);
    int threads = Integer.parseInt(args[1]);
    int backlog = Integer.parseInt(args[2]);
    boolean sysbench = args[3].equals("sysbench");
    int warmup = Integer.parseInt(args[4]);
    Path timeline = args.length > 5 ? Path.of(args[5]) : null;
    Path work = Files.createTempDirectory("godwit-streaming-bench");

    try (Connection c = DriverManager.getConnection("jdbc:mariadb://127.0.0.1:3306/", "root", "");
        Statement st = c.createStatement()) {
      st.execute("DROP DATABASE IF EXISTS godwit_bench_stream");
      st.execute("CREATE DATABASE godwit_bench_stream");
    }
    try (Connection c = DriverManager.getConnection("jdbc:postgresql://127.0.0.1:5432/postgres", "postgres", "");
        Statement st = c.createStatement()) {
      st.execute("SELECT pg_drop_replication_slot(slot_name) FROM pg_replication_slots WHERE slot_name LIKE 'godwit%bench%'");
      st.execute("DROP DATABASE IF EXISTS godwit_bench_stream WITH (FORCE)");
      st.execute("CREATE DATABASE godwit_bench_stream");
    }
    try (Connection c = DriverManager.getConnection("jdbc:mariadb://127.0.0.1:3306/godwit_bench_stream", "root", "")) {
      ShopSchema.create(c, Engine.MARIADB, 20_000);
      try (Statement st = c.createStatement()) {
        st.execute(
            "CREATE TABLE backlog (id BIGINT NOT NULL PRIMARY KEY, n INT NOT NULL,"
                + " note VARCHAR(40) NOT NULL, at DATETIME(6) NOT NULL)");
      }
    }
    if (sysbench) {
      sysbench(threads, 0, "prepare");
    }
    MigrationConfig config =
        new ConfigLoader(name -> null)
            .load(
                """
                name: bench_stream
                work-dir: "%s"
                source: { url: "jdbc:mariadb://127.0.0.1:3306/godwit_bench_stream", user: root, password: "" }
                target: { url: "jdbc:postgresql://127.0.0.1:5432/godwit_bench_stream", user: postgres, password: "" }
                apply: { batch-size: 20000 }
                """
                    .formatted(work),
                "bench.yaml");

    SimpleMeterRegistry meters = new SimpleMeterRegistry();
    meters.config().meterFilter(LAG_BUCKETS);
    try (HikariDataSource source = Pools.open(config.source(), "bench-source", threads + 2)) {
      // ---- 1. sustained load
      LiveMigration live = new LiveMigration(config, meters, PausePoints.NONE);
      CompletableFuture<Void> running = runAsync(live);
      while (live.snapshotResult() == null) {
        if (running.isDone()) {
          running.join();
        }
        Thread.sleep(200);
      }
      Thread.sleep(3000);
      // the first seconds of streaming are spent compiling Godwit's, Debezium's and the broker's
      // hot paths, so a warm-up load runs and drains before the measured one
      if (warmup > 0) {
        long warmStart = System.nanoTime();
        Load warm = Load.start(sysbench, source, threads, warmup);
        double worst = 0;
        while (System.nanoTime() - warmStart < warmup * 1_000_000_000L) {
          Thread.sleep(100);
          double lag = live.lagSeconds();
          worst = Double.isNaN(lag) ? worst : Math.max(worst, lag);
        }
        warm.finish();
        long drainStart = System.nanoTime();
        live.drain(Duration.ofMinutes(5));
        System.out.printf(
            "warm-up: %d s of the same load, proven lag max %.2f s, drained in %.2f s%n",
            warmup, worst, (System.nanoTime() - drainStart) / 1e9);
      }
      List<Double> lags = new ArrayList<>();
      List<Double> captureLags = new ArrayList<>();
      List<Double> waiting = new ArrayList<>();
      StringBuilder samples =
          new StringBuilder("utc,seconds,proven_lag,capture_lag,waiting,applied,source_commits\n");
      Connection status = timeline == null ? null : source.getConnection();
      double appliedBefore = applied(meters);
      Timer perEvent = meters.find("godwit.lag.events").timer();
      CountAtBucket[] lagBefore = perEvent.takeSnapshot().histogramCounts();
      long eventsBefore = perEvent.count();
      long cpuBefore = cpuNanos();
      Load load = Load.start(sysbench, source, threads, seconds);
      long start = System.nanoTime();
      long end = start + seconds * 1_000_000_000L;
      while (System.nanoTime() < end) {
        Thread.sleep(100);
        double lag = live.lagSeconds();
        if (!Double.isNaN(lag)) {
          lags.add(lag);
        }
        double captureLag = meters.get("godwit.capture.lag.seconds").gauge().value();
        double inKafka =
            meters.find("godwit.consumer.lag.records").gauges().stream()
                .mapToDouble(g -> g.value())
                .sum();
        captureLags.add(captureLag);
        waiting.add(inKafka);
        if (status != null) {
          samples.append(
              "%s,%.2f,%.3f,%.3f,%.0f,%.0f,%d%n"
                  .formatted(
                      LocalTime.now(ZoneOffset.UTC),
                      (System.nanoTime() - start) / 1e9,
                      lag,
                      captureLag,
                      inKafka,
                      applied(meters),
                      commits(status)));
        }
      }
      if (status != null) {
        status.close();
        Files.writeString(timeline, samples);
      }
      double elapsed = (System.nanoTime() - start) / 1e9;
      load.finish();
      long changed = load.rowsChanged;
      long transactions = load.transactions;
      double appliedDuring = applied(meters) - appliedBefore;
      long drainStart = System.nanoTime();
      live.drain(Duration.ofMinutes(5));
      double drainSeconds = (System.nanoTime() - drainStart) / 1e9;
      CountAtBucket[] lagAfter = perEvent.takeSnapshot().histogramCounts();
      long events = perEvent.count() - eventsBefore;
      long cpu = cpuNanos() - cpuBefore;
      Collections.sort(lags);
      System.out.printf(
          "sustained: %d s, %d %s threads at the source's maximum%n",
          seconds, threads, sysbench ? "sysbench oltp_write_only" : "built-in workload");
      System.out.printf(
          "  source rows changed/s   %,.0f (%,d rows, %,d transactions)%n",
          changed / elapsed, changed, transactions);
      System.out.printf("  applied events/s        %,.0f%n", appliedDuring / elapsed);
      System.out.printf(
          "  %-23s %.2f cores, %.0f us per applied event%n",
          sysbench ? "Godwit's CPU" : "CPU, workload included",
          cpu / 1e9 / elapsed,
          cpu / 1e3 / Math.max(1, appliedDuring));
      System.out.printf(
          "  proven lag (s)          p50 %.2f  p95 %.2f  p99 %.2f  max %.2f  (%d samples)%n",
          pct(lags, 0.50), pct(lags, 0.95), pct(lags, 0.99), lags.get(lags.size() - 1), lags.size());
      Collections.sort(captureLags);
      Collections.sort(waiting);
      System.out.printf(
          "  of which capture (s)    p50 %.2f  p95 %.2f  p99 %.2f  max %.2f%n",
          pct(captureLags, 0.50), pct(captureLags, 0.95), pct(captureLags, 0.99),
          captureLags.get(captureLags.size() - 1));
      System.out.printf(
          "  records waiting in Kafka p50 %,.0f  p95 %,.0f  max %,.0f%n",
          pct(waiting, 0.50), pct(waiting, 0.95), waiting.get(waiting.size() - 1));
      System.out.printf(
          "  per-event lag (s)       p50 %s  p95 %s  p99 %s  max %s  (%,.0f events)%n",
          bucketAt(lagBefore, lagAfter, events, 0.50), bucketAt(lagBefore, lagAfter, events, 0.95),
          bucketAt(lagBefore, lagAfter, events, 0.99), bucketAt(lagBefore, lagAfter, events, 1.0),
          (double) events);
      System.out.printf("  drain after the load stopped: %.2f s%n", drainSeconds);
      live.stop(Duration.ofMinutes(1));
      running.exceptionally(e -> null).join();

      // ---- 2. catch-up from a backlog in Kafka
      try (EmbeddedKafka kafka = EmbeddedKafka.start(work.resolve("kafka"));
          Capture capture = new EmbeddedCapture(config, tables(source), kafka.bootstrapServers())) {
        capture.start();
        capture.awaitStreaming(Duration.ofMinutes(2));
        // half inserts of new keys, then half updates of those rows in key order: consecutive
        // changes touch distinct keys, so coalescing cannot shrink the backlog
        long made = 0;
        long inserts = backlog / 2;
        try (Connection c = source.getConnection(); Statement st = c.createStatement()) {
          c.setAutoCommit(false);
          while (made < backlog) {
            int n = (int) Math.min(5000, backlog - made);
            if (made < inserts) {
              st.executeUpdate(
                  ("INSERT INTO backlog SELECT %d + seq, seq, CONCAT('row ', seq), NOW(6)"
                          + " FROM seq_1_to_%d")
                      .formatted(made, n));
            } else {
              long from = made - inserts;
              st.executeUpdate(
                  "UPDATE backlog SET n = n + 1, at = NOW(6) WHERE id > %d AND id <= %d"
                      .formatted(from, from + n));
            }
            c.commit();
            made += n;
          }
        }
        capture.progress().mark(source).get(10, java.util.concurrent.TimeUnit.MINUTES);
        System.out.printf("catch-up: %,d changes waiting in Kafka%n", made);
      }
      double appliedAtRestart = applied(meters);
      LiveMigration again = new LiveMigration(config, meters, PausePoints.NONE);
      long restart = System.nanoTime();
      CompletableFuture<Void> second = runAsync(again);
      while (again.snapshotResult() == null) {
        if (second.isDone()) {
          second.join();
        }
        Thread.sleep(50);
      }
      again.drain(Duration.ofMinutes(10));
      double catchUp = (System.nanoTime() - restart) / 1e9;
      double appliedBacklog = applied(meters) - appliedAtRestart;
      System.out.printf(
          "  applied %,.0f events in %.1f s (restart included): %,.0f events/s%n",
          appliedBacklog, catchUp, appliedBacklog / catchUp);
      System.out.printf(
          "  backlog table after the drain: source %s, target %s (rows, sum of n)%n",
          summary("jdbc:mariadb://127.0.0.1:3306/godwit_bench_stream", "root"),
          summary("jdbc:postgresql://127.0.0.1:5432/godwit_bench_stream", "postgres"));
      again.stop(Duration.ofMinutes(1));
      second.exceptionally(e -> null).join();
    }
    System.out.printf("peak RSS: %s%n", peakRss());
  }

  /** Runs sysbench oltp_write_only's {@code command} against the benchmark database. */
  static void sysbench(int threads, int seconds, String command) throws Exception {
    Process p = sysbenchProcess(threads, seconds, command);
    String out = new String(p.getInputStream().readAllBytes());
    if (p.waitFor() != 0) {
      throw new IllegalStateException("sysbench " + command + " failed: " + out);
    }
  }

  static Process sysbenchProcess(int threads, int seconds, String command) throws Exception {
    return new ProcessBuilder(
            "sysbench",
            "oltp_write_only",
            "--db-driver=mysql",
            "--mysql-host=127.0.0.1",
            "--mysql-port=3306",
            "--mysql-user=root",
            "--mysql-password=",
            "--mysql-db=godwit_bench_stream",
            "--tables=4",
            "--table-size=50000",
            "--threads=" + threads,
            "--time=" + seconds,
            "--rate=0",
            command)
        .redirectErrorStream(true)
        .start();
  }

  static String summary(String url, String user) throws Exception {
    try (Connection c = DriverManager.getConnection(url, user, "");
        Statement st = c.createStatement();
        var rs = st.executeQuery("SELECT COUNT(*), SUM(n) FROM backlog")) {
      rs.next();
      return rs.getLong(1) + ", " + rs.getLong(2);
    }
  }

  /** A write load on the source: sysbench oltp_write_only in its own process, or the built-in one. */
  static final class Load {
    private final Process sysbench;
    private final Workload workload;
    long rowsChanged;
    long transactions;

    private Load(Process sysbench, Workload workload) {
      this.sysbench = sysbench;
      this.workload = workload;
    }

    static Load start(boolean sysbench, HikariDataSource source, int threads, int seconds)
        throws Exception {
      return sysbench
          ? new Load(sysbenchProcess(threads, seconds, "run"), null)
          : new Load(null, new Workload(source, threads, 0, 20_000).start());
    }

    /** Waits for sysbench to end (or stops the built-in load) and counts what it changed. */
    void finish() throws Exception {
      if (sysbench == null) {
        workload.close();
        rowsChanged = workload.rowsChanged();
        transactions = workload.transactions();
        return;
      }
      String out = new String(sysbench.getInputStream().readAllBytes());
      if (sysbench.waitFor() != 0) {
        throw new IllegalStateException("sysbench failed: " + out);
      }
      var m = java.util.regex.Pattern.compile("transactions:\\s+(\\d+)").matcher(out);
      if (!m.find()) {
        throw new IllegalStateException("no transaction count in sysbench's output: " + out);
      }
      transactions = Long.parseLong(m.group(1));
      rowsChanged = 4 * transactions;
    }
  }

  static List<Table> tables(HikariDataSource source) throws Exception {
    try (Connection c = source.getConnection()) {
      return Dialect.of(Engine.MARIADB).catalog().tables(c, "godwit_bench_stream");
    }
  }

  static CompletableFuture<Void> runAsync(LiveMigration live) {
    return CompletableFuture.runAsync(
        () -> {
          try {
            live.run();
          } catch (Exception e) {
            throw new IllegalStateException(e);
          }
        });
  }

  static long commits(Connection source) throws SQLException {
    try (Statement st = source.createStatement();
        ResultSet rs = st.executeQuery("SHOW GLOBAL STATUS LIKE 'Com_commit'")) {
      rs.next();
      return rs.getLong(2);
    }
  }

  static double applied(SimpleMeterRegistry meters) {
    return meters.find("godwit.apply.events").counters().stream().mapToDouble(c -> c.count()).sum();
  }

  /**
   * The per-event lag timer counts into fixed buckets for the whole run (25 ms wide up to 2 s), so
   * the measured phase's own distribution is the difference of two snapshots, free of the warm-up.
   */
  static final MeterFilter LAG_BUCKETS =
      new MeterFilter() {
        @Override
        public DistributionStatisticConfig configure(Meter.Id id, DistributionStatisticConfig config) {
          if (!id.getName().equals("godwit.lag.events")) {
            return config;
          }
          List<Double> bounds = new ArrayList<>();
          for (int ms = 25; ms <= 2000; ms += 25) {
            bounds.add(ms * 1e6);
          }
          for (double s : new double[] {2.5, 3, 4, 5, 7.5, 10, 15, 20, 30, 60, 120, 300}) {
            bounds.add(s * 1e9);
          }
          return DistributionStatisticConfig.builder()
              .serviceLevelObjectives(bounds.stream().mapToDouble(Double::doubleValue).toArray())
              .expiry(Duration.ofDays(1))
              .bufferLength(1)
              .build()
              .merge(config);
        }
      };

  /** The upper bound of the bucket holding quantile {@code q} of the events between snapshots. */
  static String bucketAt(CountAtBucket[] before, CountAtBucket[] after, long total, double q) {
    for (int i = 0; i < after.length; i++) {
      if (after[i].count() - before[i].count() >= Math.ceil(q * total)) {
        return "<=%.3f".formatted(after[i].bucket(java.util.concurrent.TimeUnit.SECONDS));
      }
    }
    return ">%.0f".formatted(after[after.length - 1].bucket(java.util.concurrent.TimeUnit.SECONDS));
  }

  /**
   * CPU time of this JVM: Godwit, its capture and the embedded broker (and the built-in workload,
   * which runs here too; sysbench runs in its own process).
   */
  static long cpuNanos() {
    return ((com.sun.management.OperatingSystemMXBean)
            java.lang.management.ManagementFactory.getOperatingSystemMXBean())
        .getProcessCpuTime();
  }

  static double pct(List<Double> sorted, double p) {
    return sorted.get((int) Math.min(sorted.size() - 1, Math.floor(p * sorted.size())));
  }

  static String peakRss() throws Exception {
    for (String line : Files.readAllLines(Path.of("/proc/self/status"))) {
      if (line.startsWith("VmHWM:")) {
        return line.substring(6).trim();
      }
    }
    return "unknown";
  }
}
