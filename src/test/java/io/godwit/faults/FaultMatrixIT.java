package io.godwit.faults;

import static io.godwit.testing.Waits.waitUntil;
import static org.assertj.core.api.Assertions.assertThat;

import com.zaxxer.hikari.HikariConfig;
import com.zaxxer.hikari.HikariDataSource;
import io.godwit.LiveMigration;
import io.godwit.capture.PostgresSlots;
import io.godwit.cli.Main;
import io.godwit.config.ConfigLoader;
import io.godwit.config.MigrationConfig;
import io.godwit.demo.Workload;
import io.godwit.engine.Engine;
import io.godwit.faults.FaultCase.Outcome;
import io.godwit.snapshot.PausePoints;
import io.godwit.testing.ChildJvm;
import io.godwit.testing.FaultProxy;
import io.godwit.testing.LiveRuns;
import io.godwit.testing.ScratchMariaDb;
import io.godwit.testing.ScratchPostgres;
import io.godwit.testing.ScratchServer;
import io.godwit.testing.TestDataSources;
import io.godwit.testing.TestDatabase;
import io.godwit.testing.TestMigration;
import io.godwit.testing.Waits;
import io.godwit.transport.TestBroker;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import java.io.IOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.sql.SQLException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Locale;
import java.util.Random;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * The fault matrix of issue #14: each {@link FaultCase} injects its fault into a {@code godwit run}
 * while a write workload runs, and {@link IndependentComparison} decides: {@link Outcome#EQUAL} or
 * {@link Outcome#NAMED_ERROR}; anything else fails. A kill or a second run strikes a run in a child
 * process and a new run in this process resumes, the workload stops and the run drains; the broker
 * data wipe stops a run in this process and deletes its embedded broker's data, and the new run
 * must refuse by name. An in-run fault ({@link FaultCase.Injection#inRun()}: the broker, retention,
 * a database restarted or killed, the link to the broker, the source or the target cut,
 * black-holed, delayed or refused through a {@link FaultProxy}) strikes a run in this process that
 * goes on and drains; a new run resumes only if it stopped. A proxy stands between the run and its
 * database only: the workload and the verdict reach the database directly. CI runs {@link
 * FaultCase#ci()}; {@code -Dfaults.all=true} runs every case. Each case appends a line to {@code
 * target/reliability/results.tsv}, from which {@link ReliabilityDoc} writes docs/reliability.md.
 */
class FaultMatrixIT {

  static final Path RESULTS = Path.of("target", "reliability", "results.tsv");

  /** A short tag, different in every JVM run, for names that outlive a test database. */
  private static final String RUN_TAG =
      Long.toString(System.currentTimeMillis() / 1000 % 1_679_616, 36);

  private static final int CUSTOMERS = 3000;

  @TempDir Path workDir;

  /** What a case observed. */
  record Observed(Outcome outcome, String detail) {}

  /**
   * {@link FaultCase#ci()}, every case with {@code -Dfaults.all=true}, or those whose id matches
   * {@code -Dfaults.only=REGEX}.
   */
  static Stream<FaultCase> cases() {
    String only = System.getProperty("faults.only", "");
    if (!only.isEmpty()) {
      return FaultCase.all().stream().filter(c -> c.id().matches(only));
    }
    return (Boolean.getBoolean("faults.all") ? FaultCase.all() : FaultCase.ci()).stream();
  }

  @BeforeAll
  static void startResults() throws IOException {
    Files.createDirectories(RESULTS.getParent());
    Files.writeString(RESULTS, ReliabilityDoc.HEADER + "\n");
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("cases")
  void resumesToAnEqualTargetOrRefusesByName(FaultCase c) throws Exception {
    long started = System.nanoTime();
    Observed observed;
    try {
      observed = observe(c);
    } catch (Exception e) {
      observed = new Observed(Outcome.FAIL, "the suite could not run the case: " + e);
    }
    double seconds = (System.nanoTime() - started) / 1e9;
    String line =
        String.join(
            "\t",
            c.id(),
            c.fault().name(),
            c.direction().label(),
            observed.outcome().name(),
            "%.0f".formatted(seconds),
            observed.detail().replaceAll("\\s+", " "));
    Files.writeString(RESULTS, line + "\n", StandardOpenOption.APPEND);
    System.out.println("FaultMatrixIT " + line);
    assertThat(observed.outcome()).as("%s: %s", c, observed.detail()).isNotEqualTo(Outcome.FAIL);
  }

  private Observed observe(FaultCase c) throws Exception {
    long seed = System.nanoTime();
    System.out.println("FaultMatrixIT " + c + " seed " + seed);
    Direction direction = c.direction();
    String dbSuffix = "flt_" + c.fault().key() + "_" + direction.id();
    // a migration name has at most 40 characters: the direction as two letters, e.g. pm
    String name =
        "f_%s_%c%c_%s"
            .formatted(
                c.fault().key(),
                direction.source().name().toLowerCase(Locale.ROOT).charAt(0),
                direction.target().name().toLowerCase(Locale.ROOT).charAt(0),
                RUN_TAG);
    FaultCase.Injection injection = c.fault().injection();
    try (ScratchServer sourceServer = sourceServer(c);
        ScratchServer targetServer =
            injection == FaultCase.Injection.TARGET_RESTART
                    || injection == FaultCase.Injection.TARGET_KILL
                ? scratchServer(direction.target())
                : null;
        TestDatabase src = database(direction.source(), sourceServer, dbSuffix + "_s");
        TestDatabase tgt = database(direction.target(), targetServer, dbSuffix + "_t");
        HikariDataSource sourcePool = TestDataSources.pool(src);
        FaultProxy sourceProxy = injection.sourceProxied() ? FaultProxy.to(src.url()) : null;
        FaultProxy targetProxy = injection.targetProxied() ? FaultProxy.to(tgt.url()) : null;
        TestBroker broker =
            injection.ownBroker()
                ? TestBroker.start(
                    workDir.resolve("broker"),
                    injection.brokerProxied(),
                    injection == FaultCase.Injection.BROKER_KILL)
                : null) {
      Shop.create(src, CUSTOMERS, 2500, seed);
      String extra =
          ("work-dir: \"%s\"\nsnapshot: { workers: 1, chunk-rows: 1000 }\n"
                  + "cutover: { freeze: read-only, timeout: 90s, lag-threshold: 10s }")
              .formatted(workDir);
      if (broker != null) {
        extra += "\nkafka: { bootstrap-servers: \"%s\" }".formatted(broker.bootstrapServers());
      }
      // the run reaches a proxied database through its proxy; the workload and the verdict do not
      String yaml =
          TestMigration.yaml(
              name,
              sourceProxy == null ? src.url() : sourceProxy.via(src.url()),
              src.user(),
              "",
              targetProxy == null ? tgt.url() : targetProxy.via(tgt.url()),
              tgt.user(),
              extra);
      Path file = workDir.resolve(name + ".yaml");
      Files.writeString(file, yaml);
      MigrationConfig config = new ConfigLoader().load(yaml, name + ".yaml");
      List<Process> children = new ArrayList<>();
      try (Workload workload = new Workload(sourcePool, 2, 100, CUSTOMERS).start()) {
        if (injection.inRun()) {
          return strikeRunning(
              c,
              config,
              workload,
              src,
              tgt,
              new Struck(sourceServer, targetServer, broker, sourceProxy, targetProxy),
              seed);
        }
        if (injection == FaultCase.Injection.BROKER_WIPED) {
          return wipeBroker(config, workload, src, tgt, seed);
        }
        String injected = inject(c, file, new Random(seed), workload, children);
        if (injected.startsWith("FAIL ")) {
          return new Observed(Outcome.FAIL, injected.substring(5));
        }
        return resume(config, workload, src, tgt, injected + "; seed " + seed);
      } finally {
        for (Process p : children) {
          p.destroyForcibly().waitFor();
        }
        cleanUp(src, name);
      }
    }
  }

  /**
   * What an in-run fault may strike: the case's own servers, broker and the proxies between the run
   * and its databases, each null if none.
   */
  private record Struck(
      ScratchServer source,
      ScratchServer target,
      TestBroker broker,
      FaultProxy sourceProxy,
      FaultProxy targetProxy) {

    /** The proxy the fault goes through, or null. */
    FaultProxy proxy(FaultCase.Injection injection) {
      if (injection.sourceProxied()) {
        return sourceProxy;
      }
      if (injection.targetProxied()) {
        return targetProxy;
      }
      return broker == null ? null : broker.proxy();
    }
  }

  private static TestDatabase database(Engine engine, ScratchServer server, String suffix)
      throws SQLException {
    return server == null ? TestDatabase.create(engine, suffix) : TestDatabase.on(server, suffix);
  }

  /**
   * A source server of the case's own: for a restart or a kill of the source, and when the cutover
   * freezes a MariaDB source ({@code SET GLOBAL read_only} on the shared server would stop every
   * other test's writes). Null otherwise.
   */
  private static ScratchServer sourceServer(FaultCase c) throws Exception {
    if (c.fault().injection() == FaultCase.Injection.SOURCE_RESTART
        || c.fault().injection() == FaultCase.Injection.SOURCE_KILL
        || (c.fault().point().cutover() && c.direction().source() != Engine.POSTGRESQL)) {
      return scratchServer(c.direction().source());
    }
    return null;
  }

  /** A scratch server of {@code engine} on a free port, set up for change capture. */
  private static ScratchServer scratchServer(Engine engine) throws Exception {
    int port;
    try (ServerSocket free = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
      port = free.getLocalPort();
    }
    if (engine == Engine.POSTGRESQL) {
      return ScratchPostgres.init(port).start();
    }
    return ScratchMariaDb.start(
        port,
        "--log-bin=mysql-bin",
        "--binlog-format=ROW",
        "--binlog-row-image=FULL",
        "--server-id=1",
        "--max-connections=300");
  }

  /**
   * Strikes a run that goes on: the run starts in this process and, once it streams, the fault
   * strikes (the retention fault strikes mid-copy, from a pause point); then the workload stops and
   * the run drains, and the comparison decides. A run that stopped instead must have named the fix
   * with the source writable; a new run then resumes as after the other faults, and must not differ
   * silently. A retention fault must stop the run with an error about the deleted events.
   */
  private Observed strikeRunning(
      FaultCase c,
      MigrationConfig config,
      Workload workload,
      TestDatabase src,
      TestDatabase tgt,
      Struck struck,
      long seed)
      throws Exception {
    FaultCase.Injection injection = c.fault().injection();
    ExpiredEvents expiry =
        injection == FaultCase.Injection.RETENTION
            ? new ExpiredEvents(
                struck.broker().bootstrapServers(),
                config.name(),
                config.kafka().topicPrefix(),
                src,
                tgt)
            : null;
    LiveMigration live =
        new LiveMigration(
            config, new SimpleMeterRegistry(), expiry == null ? PausePoints.NONE : expiry);
    CompletableFuture<Void> running = LiveRuns.start(live);
    String injected;
    String error;
    try {
      String midCopy =
          injection == FaultCase.Injection.SOURCE_CUT
              ? cutMidCopy(struck.sourceProxy(), live, running)
              : "";
      waitUntil(Duration.ofMinutes(3), () -> live.snapshotResult() != null || running.isDone());
      if (!midCopy.isEmpty() && running.isDone()) {
        injected = midCopy + ", before the run streamed";
      } else if (expiry != null) {
        injected = expiry.deleted();
        if (injected == null) {
          return new Observed(
              Outcome.FAIL,
              "the retention fault was not injected; the run: %s; seed %d"
                  .formatted(running.isDone() ? Verdicts.runError(running) : "running", seed));
        }
      } else if (running.isDone() || live.snapshotResult() == null) {
        return new Observed(
            Outcome.FAIL,
            "the run did not stream before the fault: %s; seed %d".formatted(error(running), seed));
      } else {
        Thread.sleep(2000);
        injected = midCopy + strike(injection, struck, running);
      }
      injected += "; seed " + seed;
      Thread.sleep(3000);
      workload.close();
      if (drained(live, running, Duration.ofMinutes(3))) {
        IndependentComparison.Result compared =
            IndependentComparison.compare(src, tgt, Shop.TABLES);
        boolean writable = Verdicts.writable(src);
        if (expiry == null && compared.equal() && writable) {
          return new Observed(
              Outcome.EQUAL, "%s; %s rows equal".formatted(injected, compared.sourceRows()));
        }
        return new Observed(
            Outcome.FAIL,
            "%s; the run went on%s; %s%s"
                .formatted(
                    injected,
                    expiry == null ? "" : " past events it never applied",
                    compared.equal() ? "rows equal" : compared.summary(5),
                    writable ? "" : "; the source was left read-only"));
      }
      error = Verdicts.runError(running);
    } finally {
      live.stop(Duration.ofSeconds(60));
      running.exceptionally(e -> null).join();
    }
    boolean writable = Verdicts.writable(src);
    if (!Verdicts.namesAFix(error)
        || !writable
        || (expiry != null && !error.contains("were deleted"))) {
      return new Observed(
          Outcome.FAIL,
          "%s; the run stopped: %s%s"
              .formatted(injected, error, writable ? "" : "; the source is read-only"));
    }
    Observed resumed =
        resume(
            config,
            workload,
            src,
            tgt,
            "%s; the run stopped: %s; a new run resumed".formatted(injected, error));
    if (resumed.outcome() == Outcome.FAIL) {
      return resumed;
    }
    return new Observed(
        Outcome.NAMED_ERROR,
        resumed
            .detail()
            .replace(
                "the resumed run stopped: " + error,
                "the resumed run stopped with the same error"));
  }

  /**
   * Resets the run's connections to the source 5 times 1 s apart from 1 s after its start, while it
   * copies (and starts its capture); says how many cuts landed before the copy ended.
   */
  private static String cutMidCopy(
      FaultProxy proxy, LiveMigration live, CompletableFuture<Void> running) throws Exception {
    int beforeStreaming = 0;
    for (int i = 0; i < 5 && !running.isDone(); i++) {
      Thread.sleep(1000);
      if (live.snapshotResult() == null) {
        beforeStreaming++;
      }
      proxy.cut();
    }
    return "the run's connections to the source reset 5 times 1 s apart from 1 s after its start"
        + " (%d before the copy ended)".formatted(beforeStreaming);
  }

  /**
   * Strikes a running migration with the fault; says what it did. A proxy that carries no
   * connection of the run's when the fault strikes could not hurt it: that is an error.
   */
  private static String strike(
      FaultCase.Injection injection, Struck struck, CompletableFuture<Void> running)
      throws Exception {
    FaultProxy proxy = struck.proxy(injection);
    int open = proxy == null ? 0 : proxy.openConnections();
    if (proxy != null && open == 0) {
      throw new IllegalStateException(
          "no connection of the run's goes through the proxy of " + injection);
    }
    boolean stopped = false;
    long started = System.nanoTime();
    switch (injection) {
      case BROKER_RESTART -> struck.broker().restart();
      case BROKER_KILL -> struck.broker().kill();
      case BROKER_CUT, TARGET_CUT -> {
        for (int i = 0; i < 5; i++) {
          proxy.cut();
          Thread.sleep(1000);
        }
      }
      case SOURCE_CUT -> proxy.cut();
      case BROKER_BLACK_HOLE, SOURCE_BLACK_HOLE, TARGET_BLACK_HOLE -> {
        proxy.drop();
        Thread.sleep(20_000);
        proxy.heal();
      }
      case BROKER_DELAY, SOURCE_DELAY -> proxy.delay(Duration.ofMillis(200));
      case SOURCE_UNREACHABLE -> {
        proxy.refuse();
        proxy.cut();
        stopped = Waits.within(180_000, running::isDone);
        proxy.heal();
      }
      case SOURCE_RESTART -> struck.source().restart();
      case TARGET_RESTART -> struck.target().restart();
      case SOURCE_KILL -> struck.source().kill();
      case TARGET_KILL -> struck.target().kill();
      default -> throw new IllegalArgumentException("no in-run strike for " + injection);
    }
    long ms = (System.nanoTime() - started) / 1_000_000;
    return switch (injection) {
      case BROKER_RESTART -> "the broker was down and back in %d ms".formatted(ms);
      case BROKER_KILL ->
          "the broker's process was killed (SIGKILL); a new one answered in %d ms".formatted(ms);
      case BROKER_CUT, TARGET_CUT ->
          "the run's connections to the %s (%d open) reset 5 times 1 s apart"
              .formatted(link(injection), open);
      case SOURCE_CUT ->
          ", and its connections to the source (%d open) once more while it streamed"
              .formatted(open);
      case BROKER_BLACK_HOLE, SOURCE_BLACK_HOLE, TARGET_BLACK_HOLE ->
          "the run's connections to the %s (%d open) forwarded nothing for 20 s"
              .formatted(link(injection), open);
      case BROKER_DELAY, SOURCE_DELAY ->
          "the run's connections to the %s (%d open) delayed 200 ms each way from then on"
              .formatted(link(injection), open);
      case SOURCE_UNREACHABLE ->
          ("the source refused the run and its %d open connections reset; %s %d ms later; the"
                  + " source reachable again")
              .formatted(open, stopped ? "the run stopped" : "the run still ran", ms);
      case SOURCE_KILL, TARGET_KILL ->
          "the server was killed (SIGKILL) and back, recovered, in %d ms".formatted(ms);
      default -> "the server was down and back in %d ms".formatted(ms);
    };
  }

  /** What a proxied fault's link leads to: the source, the target or the broker. */
  private static String link(FaultCase.Injection injection) {
    if (injection.sourceProxied()) {
      return "source";
    }
    return injection.targetProxied() ? "target" : "broker";
  }

  /**
   * A run in this process streams; it stops, the embedded broker's data directory is deleted and
   * the workload writes on for 3 s; then a new run must refuse, naming the lost Kafka data and the
   * fix, with the source writable.
   */
  private Observed wipeBroker(
      MigrationConfig config, Workload workload, TestDatabase src, TestDatabase tgt, long seed)
      throws Exception {
    LiveMigration first = new LiveMigration(config, new SimpleMeterRegistry(), PausePoints.NONE);
    CompletableFuture<Void> running = LiveRuns.start(first);
    try {
      waitUntil(Duration.ofMinutes(3), () -> first.snapshotResult() != null || running.isDone());
      if (running.isDone() || first.snapshotResult() == null) {
        return new Observed(
            Outcome.FAIL,
            "the run did not stream before the fault: %s; seed %d".formatted(error(running), seed));
      }
      Thread.sleep(2000);
    } finally {
      first.stop(Duration.ofSeconds(60));
      running.exceptionally(e -> null).join();
    }
    Path kafka = config.workDir().resolve("kafka");
    if (!Files.isDirectory(kafka)) {
      return new Observed(
          Outcome.FAIL, "the embedded broker kept no data in %s; seed %d".formatted(kafka, seed));
    }
    try (Stream<Path> files = Files.walk(kafka)) {
      for (Path f : files.sorted(Comparator.reverseOrder()).toList()) {
        Files.delete(f);
      }
    }
    Thread.sleep(3000);
    Observed resumed =
        resume(
            config,
            workload,
            src,
            tgt,
            "the embedded broker's data deleted while the run was stopped, the workload writing"
                + " on; seed "
                + seed);
    if (resumed.outcome() == Outcome.NAMED_ERROR
        && !resumed.detail().contains("are not in this Kafka")) {
      return new Observed(
          Outcome.FAIL, "the run stopped, but not for the lost Kafka data: " + resumed.detail());
    }
    return resumed;
  }

  /**
   * Injects the case's fault; says what happened, or starts with {@code FAIL } when the fault could
   * not be injected as the case says.
   */
  private String inject(
      FaultCase c, Path file, Random random, Workload workload, List<Process> children)
      throws Exception {
    FaultChild.Point point = c.fault().point();
    switch (c.fault().injection()) {
      case HALT_AT_POINT -> {
        Path gate = Files.createDirectories(workDir.resolve("gate"));
        Process child =
            start(
                children,
                "child",
                FaultChild.class,
                file.toString(),
                point.name(),
                gate.toString());
        if (point.cutover()) {
          waitUntil(
              Duration.ofMinutes(4),
              () -> Files.exists(gate.resolve("snapshot-done")) || !child.isAlive());
          workload.close();
          Files.createFile(gate.resolve("cut-over"));
        }
        if (!child.waitFor(4, TimeUnit.MINUTES) || child.exitValue() != FaultChild.HALTED) {
          return "FAIL the child did not halt at %s: %s".formatted(point, tail("child"));
        }
        return "halted at " + point;
      }
      case KILL_AT_RANDOM -> {
        Process child = start(children, "child", FaultChild.class, file.toString(), "NONE");
        long delay = 2000 + random.nextInt(18_000);
        if (child.waitFor(delay, TimeUnit.MILLISECONDS)) {
          return "FAIL the run ended by itself before the kill: " + tail("child");
        }
        child.destroyForcibly().waitFor();
        return "SIGKILL after %d ms".formatted(delay);
      }
      case SECOND_RUN -> {
        Process first = start(children, "first", FaultChild.class, file.toString(), "NONE");
        Thread.sleep(10_000);
        Process second = start(children, "second", Main.class, "run", "-c", file.toString());
        String what;
        if (second.waitFor(90, TimeUnit.SECONDS)) {
          String said = tail("second");
          if (!Verdicts.namesAFix(said)) {
            return "FAIL the second run exited %d without naming the fix: %s"
                .formatted(second.exitValue(), said);
          }
          what = "the second run exited %d: %s".formatted(second.exitValue(), fixLine(said));
        } else {
          what =
              "the second run kept running 90 s; the first %s"
                  .formatted(
                      first.isAlive()
                          ? "too: " + tail("first")
                          : "exited %d: %s".formatted(first.exitValue(), tail("first")));
        }
        first.destroyForcibly().waitFor();
        second.destroyForcibly().waitFor();
        return what;
      }
      default -> throw new IllegalArgumentException("no injection for " + c);
    }
  }

  /**
   * A new run resumes in this process; once streaming, the workload stops and the run drains; then
   * the comparison and a write on the source decide.
   */
  private Observed resume(
      MigrationConfig config,
      Workload workload,
      TestDatabase src,
      TestDatabase tgt,
      String injected)
      throws Exception {
    LiveMigration live = new LiveMigration(config, new SimpleMeterRegistry(), PausePoints.NONE);
    CompletableFuture<Void> running = LiveRuns.start(live);
    try {
      waitUntil(Duration.ofMinutes(3), () -> live.snapshotResult() != null || running.isDone());
      if (running.isDone() || live.snapshotResult() == null) {
        return stopped(running, src, injected);
      }
      Thread.sleep(2000);
      workload.close();
      if (!drained(live, running, Duration.ofMinutes(2))) {
        return stopped(running, src, injected);
      }
      IndependentComparison.Result compared = IndependentComparison.compare(src, tgt, Shop.TABLES);
      boolean writable = Verdicts.writable(src);
      if (compared.equal() && writable) {
        return new Observed(
            Outcome.EQUAL, "%s; %s rows equal".formatted(injected, compared.sourceRows()));
      }
      return new Observed(
          Outcome.FAIL,
          "%s; %s%s"
              .formatted(
                  injected,
                  compared.summary(5),
                  writable ? "" : "; the source was left read-only"));
    } finally {
      live.stop(Duration.ofSeconds(60));
      running.exceptionally(e -> null).join();
    }
  }

  /** A resumed run that stopped: a named error with the source writable, or a failure. */
  private static Observed stopped(
      CompletableFuture<Void> running, TestDatabase src, String injected) throws SQLException {
    String error = error(running);
    boolean writable = Verdicts.writable(src);
    boolean named = Verdicts.namesAFix(error) && writable;
    return new Observed(
        named ? Outcome.NAMED_ERROR : Outcome.FAIL,
        "%s; the resumed run stopped: %s%s"
            .formatted(injected, error, writable ? "" : "; the source is read-only"));
  }

  /**
   * Drains the run; false when it stopped instead, before or while draining. A drain that fails
   * while the run goes on fails the case.
   */
  private static boolean drained(
      LiveMigration live, CompletableFuture<Void> running, Duration timeout) throws Exception {
    if (running.isDone()) {
      return false;
    }
    try {
      live.drain(timeout);
      return true;
    } catch (Exception e) {
      waitUntil(Duration.ofSeconds(30), running::isDone);
      if (running.isDone()) {
        return false;
      }
      throw e;
    }
  }

  private static String error(CompletableFuture<Void> running) {
    return running.isDone() ? Verdicts.runError(running) : "no snapshot within 3 minutes";
  }

  /**
   * Removes what the capture left on the source through an admin session that may write whatever
   * state a case left the source in; a read-only MariaDB is made writable again.
   */
  private static void cleanUp(TestDatabase src, String migration)
      throws SQLException, InterruptedException {
    if (src.engine() == Engine.POSTGRESQL) {
      HikariConfig admin = new HikariConfig();
      admin.setJdbcUrl(src.url());
      admin.setUsername(src.user());
      admin.setMaximumPoolSize(1);
      admin.setConnectionInitSql("SET default_transaction_read_only = off");
      try (HikariDataSource pool = new HikariDataSource(admin)) {
        PostgresSlots.drop(pool, migration);
      }
    } else if (!Verdicts.writable(src)) {
      src.execute("SET GLOBAL read_only = 0");
    }
  }

  private Process start(List<Process> children, String log, Class<?> main, String... args)
      throws IOException {
    Process p = ChildJvm.start(workDir.resolve(log + ".log"), "512m", main, args);
    children.add(p);
    return p;
  }

  /** The end of a child's log. */
  private String tail(String log) throws IOException {
    String text = Files.readString(workDir.resolve(log + ".log"), StandardCharsets.UTF_8);
    return text.substring(Math.max(0, text.length() - 600));
  }

  /** The line of a child's output that names the fix. */
  private static String fixLine(String text) {
    return text.lines().filter(l -> l.contains("fix")).findFirst().orElseThrow();
  }
}
