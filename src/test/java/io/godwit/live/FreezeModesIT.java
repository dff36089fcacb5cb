package io.godwit.live;

import static io.godwit.live.LiveMigrationIT.TABLES;
import static io.godwit.live.LiveMigrationIT.rows;
import static io.godwit.testing.Waits.waitUntil;
import static org.assertj.core.api.Assertions.assertThat;

import ch.qos.logback.classic.spi.ILoggingEvent;
import ch.qos.logback.classic.spi.ThrowableProxyUtil;
import ch.qos.logback.core.read.ListAppender;
import com.sun.net.httpserver.HttpServer;
import com.zaxxer.hikari.HikariDataSource;
import io.godwit.CutoverOperator;
import io.godwit.Godwit;
import io.godwit.LiveMigration;
import io.godwit.config.MigrationConfig;
import io.godwit.control.ControlClient;
import io.godwit.control.ControlServer;
import io.godwit.control.CutoverDocument;
import io.godwit.demo.ShopSchema;
import io.godwit.demo.Workload;
import io.godwit.engine.Engine;
import io.godwit.faults.IndependentComparison;
import io.godwit.report.Report;
import io.godwit.snapshot.PausePoints;
import io.godwit.state.AttemptState;
import io.godwit.testing.Ports;
import io.godwit.testing.TestDataSources;
import io.godwit.testing.TestDatabase;
import io.godwit.testing.TestMigration;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import io.micrometer.prometheusmetrics.PrometheusConfig;
import io.micrometer.prometheusmetrics.PrometheusMeterRegistry;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.SecureRandom;
import java.sql.Connection;
import java.sql.Statement;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.function.Function;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The freeze modes that leave stopping the application to the operator, end to end on a live
 * MariaDB to PostgreSQL migration: {@code hook} calls the application's own URL to stop its writes
 * and finishes the cutover without touching the source's settings; {@code manual} waits for the
 * operator's confirmation, and an operator's abort while the drain waits on a stalled applier rolls
 * back to streaming, after which a second attempt finishes.
 */
class FreezeModesIT {

  @TempDir Path workDir;

  /** The "application": a workload that an HTTP call stops and starts, as a deployment would. */
  private static final class App implements AutoCloseable {
    final List<String> calls = new CopyOnWriteArrayList<>();
    final HttpServer server;
    final HikariDataSource pool;
    volatile Workload workload;

    App(HikariDataSource pool) throws Exception {
      this.pool = pool;
      this.workload = new Workload(pool, 2, 100, 300).start();
      server = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0);
      server.createContext(
          "/",
          exchange -> {
            String path = exchange.getRequestURI().getPath();
            calls.add(exchange.getRequestMethod() + " " + path);
            if (path.equals("/stop")) {
              try {
                workload.close();
              } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
              }
            } else if (path.equals("/start")) {
              workload = new Workload(pool, 2, 100, 300).start();
            }
            exchange.sendResponseHeaders(200, -1);
            exchange.close();
          });
      server.start();
    }

    String url(String path) {
      return "http://127.0.0.1:" + server.getAddress().getPort() + path;
    }

    @Override
    public void close() throws Exception {
      server.stop(0);
      workload.close();
    }
  }

  /**
   * The hook freeze both ways: the cutover stops the application through its URL; after the
   * target's writes streamed back, the rollback stops it again, and once the old source has taken
   * over its done hook repoints the application, while the unfreeze hook, which would let the
   * application write to the target after the rollback's last drain, is not called.
   */
  @Test
  void aHookFreezeStopsTheApplicationThroughItsUrlForTheCutoverAndTheRollback() throws Exception {
    scenario(
        "freeze_hook",
        app ->
            "freeze: hook, freeze-hook: \"%s\", unfreeze-hook: \"%s\""
                .formatted(app.url("/stop"), app.url("/start")),
        app -> "rollback: { reverse: on, done-hook: \"%s\" }".formatted(app.url("/back")),
        run -> {
          ControlClient client = run.client();
          CutoverDocument view = follow(client, client.cutover(false));

          assertThat(view.state()).as("cutover: %s", view).isEqualTo(AttemptState.DONE);
          assertThat(run.app().calls).as("the hooks called").containsExactly("POST /stop");
          assertThat(steps(view))
              .allSatisfy(s -> assertThat(s.outcome()).as("%s", s).isEqualTo("ok"))
              .anySatisfy(
                  s -> assertThat(s.detail()).contains("cutover.freeze-hook answered HTTP 200"));
          assertThat(run.live().cutOver()).isTrue();
          assertThat(readOnly(run.src()))
              .as("a hook freeze leaves the source's settings alone")
              .isZero();
          assertEqual(run, "");

          long seed = System.nanoTime();
          System.out.println("FreezeModesIT rollback seed " + seed);
          ReverseStreamIT.TargetWrites.apply(run.tgt(), new Random(seed), 1);
          RollbackIT.awaitStreamingBack(run.live().control());
          Godwit godwit = new Godwit(run.config(), new SimpleMeterRegistry());
          assertThat(godwit.validateReverse(List.of(), false).clean()).isTrue();
          RollbackIT.awaitRollbackReady(run.live().control());
          CutoverDocument back = godwit.rollback(new RollbackIT.Goes());

          assertThat(back.state()).as("rollback: %s", back).isEqualTo(AttemptState.ROLLED_BACK);
          assertThat(run.app().calls)
              .as("the hooks called: no unfreeze hook before the done hook repointed the app")
              .containsExactly("POST /stop", "POST /stop", "POST /back");
          assertThat(steps(back))
              .anySatisfy(
                  s ->
                      assertThat(s.detail())
                          .contains("cutover.unfreeze-hook is not run", "done-hook repoints it"));
          run.running().get(2, TimeUnit.MINUTES);
          IndependentComparison.Result result =
              IndependentComparison.compare(run.src(), run.tgt(), TABLES);
          assertThat(result.equal()).as("%s", result.summary(10)).isTrue();
        });
  }

  /**
   * The manual freeze both ways: an abort while the cutover's drain waits on a lock streams on, a
   * second attempt cuts over; then a rollback waits for the operator to stop the target's writes,
   * the target takes writes until the operator confirms, and none of them is lost.
   */
  @Test
  void anAbortWhileTheDrainWaitsRollsBackToStreamingAndASecondAttemptFinishes() throws Exception {
    scenario(
        "freeze_manual",
        app -> "freeze: manual",
        app -> "rollback: { reverse: on }",
        run -> {
          ControlClient client = run.client();
          client.cutover(false);
          CutoverDocument view = until(client, v -> v.state() == AttemptState.WAITING_FOR_OPERATOR);
          assertThat(view.state()).as("%s", view).isEqualTo(AttemptState.WAITING_FOR_OPERATOR);
          try (Connection lock = run.tgt().connect();
              Statement st = lock.createStatement()) {
            // The applier stalls on a lock the test holds on the target, with changes pending.
            lock.setAutoCommit(false);
            st.execute("LOCK TABLE orders IN ACCESS EXCLUSIVE MODE");
            Thread.sleep(1500);
            run.app().workload.close();
            client.confirm();
            view = until(client, v -> v.recorded() != null && "drain".equals(v.recorded().step()));
            assertThat(view.recorded().step()).as("%s", view).isEqualTo("drain");
            Thread.sleep(1000);

            client.abort("change board said no");
            view = until(client, v -> v.state() != AttemptState.RUNNING);
            lock.rollback();
          }
          assertThat(view.state()).as("%s", view).isEqualTo(AttemptState.ABORTED);
          assertThat(view.recorded().error())
              .contains("change board said no")
              .contains("the freeze was manual");
          assertThat(steps(view))
              .anySatisfy(
                  s -> {
                    assertThat(s.step()).isEqualTo("drain");
                    assertThat(s.outcome()).isEqualTo("aborted");
                  });
          assertThat(view.recorded().frozen()).isFalse();
          assertThat(run.running()).as("the run streams on").isNotDone();

          run.live().drain(Duration.ofMinutes(2));
          assertEqual(run, " after the abort");

          client.cutover(false);
          until(client, v -> v.state() == AttemptState.WAITING_FOR_OPERATOR);
          client.confirm();
          view = follow(client, client.cutoverView());
          assertThat(view.state()).as("second attempt: %s", view).isEqualTo(AttemptState.DONE);
          assertThat(view.recorded().attempt()).isEqualTo(2);
          assertEqual(run, "");

          long seed = System.nanoTime();
          System.out.println("FreezeModesIT manual rollback seed " + seed);
          Random random = new Random(seed);
          ReverseStreamIT.TargetWrites.apply(run.tgt(), random, 1);
          RollbackIT.awaitStreamingBack(run.live().control());
          Godwit godwit = new Godwit(run.config(), new SimpleMeterRegistry());
          assertThat(godwit.validateReverse(List.of(), false).clean()).isTrue();
          RollbackIT.awaitRollbackReady(run.live().control());
          List<AttemptState> seen = new ArrayList<>();
          AtomicBoolean asked = new AtomicBoolean();
          CutoverDocument back =
              godwit.rollback(
                  new CutoverOperator() {
                    @Override
                    public boolean proceed(CutoverDocument check) {
                      return check.checked().checks().stream().allMatch(CutoverDocument.Check::ok);
                    }

                    @Override
                    public void progress(CutoverDocument view) {
                      seen.add(view.state());
                    }

                    // until the operator confirms, the target is the application's: its writes
                    // stream back
                    @Override
                    public void awaitWritesStopped() {
                      if (!asked.compareAndSet(false, true)) {
                        return;
                      }
                      try {
                        ReverseStreamIT.TargetWrites.apply(run.tgt(), random, 2);
                      } catch (Exception e) {
                        throw new IllegalStateException(e);
                      }
                    }
                  });
          assertThat(seen).as("the operator was asked").contains(AttemptState.WAITING_FOR_OPERATOR);
          assertThat(asked).as("the operator stopped the writes").isTrue();
          assertThat(back.state()).as("rollback: %s", back).isEqualTo(AttemptState.ROLLED_BACK);
          assertThat(steps(back))
              .anySatisfy(
                  s ->
                      assertThat(s.detail())
                          .isEqualTo(
                              "target: the operator confirmed that the application's writes"
                                  + " stopped"))
              .anySatisfy(
                  s ->
                      assertThat(s.detail())
                          .contains("the freeze was manual: repoint the application at the old"));
          run.running().get(2, TimeUnit.MINUTES);
          IndependentComparison.Result result =
              IndependentComparison.compare(run.src(), run.tgt(), TABLES);
          assertThat(result.equal()).as("%s", result.summary(10)).isTrue();
        });
  }

  /**
   * Values from {@code ${file:}} (a hook's token, the Kafka Connect URL's password, a Kafka
   * property) reach the hook and the clients but none of what Godwit prints, stores or serves: the
   * logs, {@code /api/status}, the status page and {@code godwit report}.
   */
  @Test
  void secretsFromReferencesNeverShowWhereAFailedHookFreezeIsReported() throws Exception {
    String marker = "m4rker" + Long.toHexString(new SecureRandom().nextLong());
    System.out.println("secret marker: " + marker);
    Path secret = Files.writeString(workDir.resolve("secret"), marker + "\n");
    Path received = workDir.resolve("received");
    ch.qos.logback.classic.Logger root =
        (ch.qos.logback.classic.Logger) LoggerFactory.getLogger(Logger.ROOT_LOGGER_NAME);
    ListAppender<ILoggingEvent> logs = new ListAppender<>();
    logs.start();
    root.addAppender(logs);
    try {
      scenario(
          "freeze_secrets",
          app ->
              ("freeze: hook, freeze-hook: \"printf %%s \\\"${file:%s}\\\" > %s;"
                      + " echo \\\"Authorization: Bearer ${file:%s}\\\"; exit 7\"")
                  .formatted(secret, received, secret),
          app ->
              ("capture: { connect-url: \"http://godwit:${file:%s}@127.0.0.1:8083\" }\n"
                      + "kafka: { properties: { sasl.kerberos.service.name: \"${file:%s}\" } }\n")
                  .formatted(secret, secret),
          run -> {
            ControlClient client = run.client();
            CutoverDocument view = follow(client, client.cutover(false));

            assertThat(view.state()).as("cutover: %s", view).isEqualTo(AttemptState.ABORTED);
            assertThat(view.recorded().error()).contains("cutover.freeze-hook exited with 7");
            assertThat(Files.readString(received)).as("the hook got the secret").isEqualTo(marker);
            assertThat(run.config().kafka().properties())
                .containsEntry("sasl.kerberos.service.name", marker);

            HttpClient http = HttpClient.newHttpClient();
            String base = "http://" + run.config().control().listen();
            String status = get(http, base + "/api/status");
            String page = get(http, base + "/");
            Report report = new Godwit(run.config(), new SimpleMeterRegistry()).report("it");
            Map<String, String> printed =
                Map.of(
                    "/api/status",
                    status,
                    "the status page",
                    page,
                    "godwit report (md)",
                    report.render(Report.Format.MD),
                    "godwit report (html)",
                    report.render(Report.Format.HTML));
            printed.forEach(
                (where, text) -> assertThat(text).as(where).isNotEmpty().doesNotContain(marker));
            assertThat(status).contains("cutover.freeze-hook exited with 7");
            assertThat(printed.get("godwit report (md)"))
                .contains("kafka.properties.sasl.kerberos.service.name = ******")
                .contains("capture.connect-url = http://godwit:******@127.0.0.1:8083")
                .contains("Bearer ${GODWIT_FILE_2}");
          });
    } finally {
      root.detachAppender(logs);
    }
    List<String> lines = new ArrayList<>();
    for (ILoggingEvent event : logs.list) {
      lines.add(event.getFormattedMessage());
      if (event.getThrowableProxy() != null) {
        lines.add(ThrowableProxyUtil.asString(event.getThrowableProxy()));
      }
    }
    assertThat(lines).as("log lines").anyMatch(line -> line.contains("Bearer ******"));
    assertThat(lines).as("log lines").noneMatch(line -> line.contains(marker));
  }

  private static String get(HttpClient http, String url) throws Exception {
    return http.send(
            HttpRequest.newBuilder(URI.create(url)).timeout(T30).build(),
            HttpResponse.BodyHandlers.ofString())
        .body();
  }

  private static final Duration T30 = Duration.ofSeconds(30);

  /** What a scenario works with. */
  private record Run(
      TestDatabase src,
      TestDatabase tgt,
      App app,
      LiveMigration live,
      CompletableFuture<Void> running,
      ControlClient client,
      MigrationConfig config) {}

  interface Scenario {
    void run(Run run) throws Exception;
  }

  /**
   * The sample shop on MariaDB, the application writing to it, and {@code godwit run} into
   * PostgreSQL with the cutover settings {@code cutover} gives for the application; once the
   * cutover's preconditions hold, {@code scenario} runs, then the run is stopped.
   */
  private void scenario(String name, Function<App, String> cutover, Scenario scenario)
      throws Exception {
    scenario(name, cutover, app -> "", scenario);
  }

  /** The scenario with {@code extra} YAML in the migration file. */
  private void scenario(
      String name, Function<App, String> cutover, Function<App, String> extra, Scenario scenario)
      throws Exception {
    try (TestDatabase src = TestDatabase.create(Engine.MARIADB, name + "_src");
        TestDatabase tgt = TestDatabase.create(Engine.POSTGRESQL, name + "_tgt");
        HikariDataSource pool = TestDataSources.pool(src)) {
      try (Connection c = src.connect()) {
        ShopSchema.create(c, Engine.MARIADB, 300);
      }
      // a reverse stream keeps its state in the old source's _godwit, which MariaDB shares
      src.forgetMigration(name + "_reverse");
      try (App app = new App(pool)) {
        MigrationConfig config =
            TestMigration.config(
                name,
                src,
                tgt,
                ("work-dir: \"%s\"\nsnapshot: { workers: 2, chunk-rows: 1000 }\n"
                        + "control: { listen: \"127.0.0.1:%d\", token: \"s3cret-token-for-tests\" }\n"
                        + "cutover: { %s, timeout: 90s, lag-threshold: 10s }\n%s")
                    .formatted(workDir, Ports.free(), cutover.apply(app), extra.apply(app)));
        PrometheusMeterRegistry meters = new PrometheusMeterRegistry(PrometheusConfig.DEFAULT);
        LiveMigration live = new LiveMigration(config, meters, PausePoints.NONE);
        try (ControlServer control =
            ControlServer.start(config.control(), live.control(), meters)) {
          CompletableFuture<Void> running = LiveMigrationIT.start(live);
          try {
            streamAndValidate(live, running, config, meters);
            scenario.run(
                new Run(src, tgt, app, live, running, new ControlClient(config.control()), config));
          } finally {
            live.stop(Duration.ofSeconds(60));
            running.exceptionally(e -> null).join();
          }
        }
      }
    }
  }

  private static void assertEqual(Run run, String when) throws Exception {
    for (String t : TABLES) {
      assertThat(rows(run.tgt(), t)).as("rows of %s%s", t, when).isEqualTo(rows(run.src(), t));
    }
  }

  /** Waits for the snapshot, drains, and records a clean validation: the preconditions. */
  private static void streamAndValidate(
      LiveMigration live,
      CompletableFuture<Void> running,
      MigrationConfig config,
      PrometheusMeterRegistry meters)
      throws Exception {
    waitUntil(
        Duration.ofMinutes(3),
        "the snapshot to finish or the run to end",
        () -> live.snapshotResult() != null || running.isDone());
    assertThat(running).isNotCompletedExceptionally();
    live.drain(Duration.ofMinutes(2));
    assertThat(new Godwit(config, meters).validate(List.of(), false).clean()).isTrue();
    LiveMigrationIT.awaitLagProven(live);
  }

  interface ViewCondition {
    boolean holds(CutoverDocument view);
  }

  private static CutoverDocument until(ControlClient client, ViewCondition condition)
      throws Exception {
    long deadline = System.nanoTime() + Duration.ofMinutes(2).toNanos();
    CutoverDocument view = client.cutoverView();
    while (!condition.holds(view) && System.nanoTime() < deadline) {
      Thread.sleep(200);
      view = client.cutoverView();
    }
    return view;
  }

  private static CutoverDocument follow(ControlClient client, CutoverDocument started)
      throws Exception {
    return started.state() == AttemptState.RUNNING
        ? until(client, v -> v.state() != AttemptState.RUNNING)
        : started;
  }

  private static List<CutoverDocument.Step> steps(CutoverDocument view) {
    return view.recorded().steps();
  }

  private static int readOnly(TestDatabase src) throws Exception {
    try (Connection c = src.connect();
        var rs = c.createStatement().executeQuery("SELECT @@GLOBAL.read_only")) {
      rs.next();
      return rs.getInt(1);
    }
  }
}
