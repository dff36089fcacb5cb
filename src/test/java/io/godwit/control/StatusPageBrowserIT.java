package io.godwit.control;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import io.godwit.config.ControlSettings;
import io.godwit.config.HostPort;
import io.godwit.config.Secret;
import io.godwit.state.AttemptState;
import io.micrometer.prometheusmetrics.PrometheusConfig;
import io.micrometer.prometheusmetrics.PrometheusMeterRegistry;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;

/**
 * The status page in a real browser: Debian's headless Chromium driven by Playwright (ops/browser,
 * installed by ops/test.sh) reads what a person sees from a run that streams, then watches the page
 * refresh itself into a finished cutover with its reverse stream. The screenshot is kept at
 * target/status-page.png.
 */
class StatusPageBrowserIT {

  /** A run whose status is scripted: streaming at first, cut over from the third request on. */
  static final class ScriptedRun implements ControlledRun {
    private final AtomicInteger requests = new AtomicInteger();

    @Override
    public StatusView status() {
      boolean done = requests.incrementAndGet() > 2;
      long now = System.currentTimeMillis() / 1000;
      List<double[]> history = new ArrayList<>();
      for (int i = 0; i < 60; i++) {
        history.add(new double[] {now - 60 + i, 0.5 + (i % 7) / 10.0});
      }
      Instant started = Instant.parse("2026-12-01T12:00:00Z");
      CutoverDocument cutover =
          done
              ? new CutoverDocument(
                  new CutoverDocument.Checked("shop", "read-only", false, List.of(), 1.2),
                  AttemptState.DONE,
                  new CutoverDocument.Recorded(
                      1,
                      "done",
                      false,
                      started,
                      started,
                      started.plusSeconds(2),
                      1.28,
                      "binlog mysql-bin.000003:1234",
                      null,
                      List.of(
                          step("preconditions", 0.01, "all tables copied and streaming"),
                          step("freeze", 0.03, "read_only on"),
                          step("drain", 0.31, "source at binlog mysql-bin.000003:1234"),
                          step("validate", 0.52, "4 tables, 350 rows equal on both sides"),
                          step("sequences", 0.01, "2 sequences set"),
                          step("done", 0.4, "the target has taken over"))))
              : CutoverDocument.idle();
      return new StatusView(
          "shop",
          done ? "cut over" : "streaming",
          done ? 0.0 : 0.84,
          12_345L,
          17L,
          history,
          5.0,
          List.of(
              table(
                  "customers",
                  "streaming",
                  3000,
                  3,
                  3,
                  1234,
                  0.8,
                  "clean",
                  0,
                  "2026-12-01T12:00:00Z"),
              table("orders", "copying", 250_000, 25, 100, 0, null, null, 0, null)),
          cutover,
          new StatusView.ThrottleView(0, true, List.of("replica-lag")),
          done
              ? new StatusView.ReverseView(
                  "0/1A2B3C4",
                  0.4,
                  List.of(
                      new StatusView.ReverseTable("customers", 4321, 0.4, 0L, false, null),
                      new StatusView.ReverseTable(
                          "orders",
                          12,
                          2.5,
                          3L,
                          true,
                          "cannot apply the change to public.orders: the target rejected it")),
                  new StatusView.RollbackView(
                      1, "aborted", "validate", null, "2026-12-01T12:10:00Z", "differences"),
                  null)
              : null);
    }

    private static StatusView.TableView table(
        String name,
        String phase,
        long rows,
        long done,
        long total,
        long applied,
        Double lag,
        String validation,
        long differences,
        String applyPausedAt) {
      return new StatusView.TableView(
          name,
          name,
          phase,
          rows,
          done,
          total,
          applied,
          lag,
          lag == null ? null : 17L,
          null,
          validation == null
              ? null
              : new StatusView.ValidationView(
                  validation, differences, rows, "2026-12-01T12:00:00Z"),
          applyPausedAt);
    }

    private static CutoverDocument.Step step(String name, double seconds, String detail) {
      return new CutoverDocument.Step(name, null, null, seconds, "ok", detail);
    }

    @Override
    public boolean ready() {
      return true;
    }

    @Override
    public void drain(Duration timeout) {}

    @Override
    public void drainReverse(Duration timeout) {}

    @Override
    public CutoverDocument cutover(boolean dryRun) {
      return CutoverDocument.idle();
    }

    @Override
    public CutoverDocument confirmFreeze() {
      return CutoverDocument.idle();
    }

    @Override
    public CutoverDocument abortCutover(String reason) {
      return CutoverDocument.idle();
    }

    @Override
    public CutoverDocument cutoverView() {
      return CutoverDocument.idle();
    }

    @Override
    public CutoverDocument rollback(boolean dryRun) {
      return CutoverDocument.idle();
    }

    @Override
    public CutoverDocument confirmRollbackFreeze() {
      return CutoverDocument.idle();
    }

    @Override
    public CutoverDocument abortRollback(String reason) {
      return CutoverDocument.idle();
    }

    @Override
    public CutoverDocument rollbackView() {
      return CutoverDocument.idle();
    }

    @Override
    public ApplyPauses applyPaused(List<String> tables, boolean paused) {
      return ApplyPauses.of(Map.of());
    }

    @Override
    public Resnapshots resnapshot(List<String> tables) {
      return Resnapshots.of(tables);
    }

    @Override
    public long throttle(long rowsPerSecond, Boolean paused) {
      return rowsPerSecond;
    }
  }

  @Test
  void aPersonSeesPhaseLagTablesValidationAndTheCutoverAsThePageRefreshes() throws Exception {
    Path screenshot = Path.of("target", "status-page.png").toAbsolutePath();
    Files.createDirectories(screenshot.getParent());
    try (ControlServer server =
        ControlServer.start(
            new ControlSettings(
                new HostPort("127.0.0.1", 0),
                Secret.empty(),
                Secret.empty(),
                List.of(),
                ControlSettings.Tls.NONE),
            new ScriptedRun(),
            new PrometheusMeterRegistry(PrometheusConfig.DEFAULT))) {
      Process browser =
          new ProcessBuilder(
                  "node",
                  Path.of("ops/browser/status-page.mjs").toString(),
                  "http://127.0.0.1:" + server.port() + "/",
                  screenshot.toString())
              .redirectError(ProcessBuilder.Redirect.INHERIT)
              .start();
      String out = new String(browser.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
      assertThat(browser.waitFor(90, TimeUnit.SECONDS)).isTrue();
      assertThat(browser.exitValue())
          .as("node ops/browser/status-page.mjs (run ops/test.sh to install it): %s", out)
          .isZero();
      JsonNode seen = ControlServer.JSON.readTree(out);
      assertThat(seen.path("errors")).as("errors in the page").isEmpty();
      JsonNode first = seen.path("first");
      assertThat(first.path("migration").asText()).isEqualTo("shop");
      assertThat(first.path("phase").asText()).isEqualTo("streaming");
      assertThat(first.path("lag").asText()).isEqualTo("0.8 s");
      assertThat(first.path("behind").asText()).isEqualTo("17");
      assertThat(first.path("rows").size()).isEqualTo(2);
      assertThat(first.path("rows").get(0).toString())
          .contains(
              "customers",
              "streaming · apply paused since",
              "3,000",
              "3/3",
              "1,234",
              "0.8 s",
              "clean");
      assertThat(first.path("rows").get(1).toString())
          .contains("orders", "copying", "250,000", "25/100", "never")
          .doesNotContain("paused");
      assertThat(first.path("chartLines").asInt()).as("the lag line").isEqualTo(1);
      assertThat(first.path("thresholdLines").asInt()).as("the threshold line").isEqualTo(1);
      assertThat(first.path("chartLabel").asText()).contains("cutover threshold 5 s");
      JsonNode later = seen.path("later");
      assertThat(later.path("phase").asText()).isEqualTo("cut over");
      assertThat(later.path("cutover").asText()).isEqualTo("done");
      assertThat(later.path("steps").size()).isEqualTo(6);
      assertThat(later.path("steps").get(2).asText()).contains("drain: ok in 0.31 s");
      assertThat(first.path("reverseShown").asBoolean()).as("no reverse stream yet").isFalse();
      assertThat(later.path("reverseShown").asBoolean()).isTrue();
      assertThat(later.path("reverseSummary").asText()).contains("from R0 0/1A2B3C4", "lag 0.4 s");
      assertThat(later.path("reverseRows").size()).isEqualTo(2);
      assertThat(later.path("reverseRows").get(0).toString())
          .contains("customers", "4,321", "0.4 s");
      assertThat(later.path("reverseRows").get(1).toString())
          .contains("orders", "2.5 s", "stopped: cannot apply the change to public.orders");
      assertThat(later.path("reverseRollback").asText())
          .contains("attempt 1 aborted (step validate): differences");
    }
    assertThat(screenshot).exists();
    assertThat(Files.size(screenshot)).isGreaterThan(10_000);
  }
}
