package io.godwit.control;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import io.godwit.config.ControlSettings;
import io.godwit.config.HostPort;
import io.godwit.config.Secret;
import io.micrometer.prometheusmetrics.PrometheusConfig;
import io.micrometer.prometheusmetrics.PrometheusMeterRegistry;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;

/**
 * The status page in a real browser: Debian's headless Chromium driven by Playwright (ops/browser,
 * installed by ops/test.sh) reads what a person sees from a run that streams, then watches the page
 * refresh itself into a finished cutover. The screenshot is kept at target/status-page.png.
 */
class StatusPageBrowserIT {

  /** A run whose status is scripted: streaming at first, cut over from the third request on. */
  static final class ScriptedRun implements ControlledRun {
    private final AtomicInteger requests = new AtomicInteger();

    @Override
    public Map<String, Object> status() {
      boolean done = requests.incrementAndGet() > 2;
      Map<String, Object> m = new LinkedHashMap<>();
      m.put("migration", "shop");
      m.put("phase", done ? "cut over" : "streaming");
      m.put("lagSeconds", done ? 0.0 : 0.84);
      m.put("applyRate", 12_345);
      m.put("recordsBehind", 17);
      m.put("lagThresholdSeconds", 5.0);
      long now = System.currentTimeMillis() / 1000;
      List<double[]> history = new ArrayList<>();
      for (int i = 0; i < 60; i++) {
        history.add(new double[] {now - 60 + i, 0.5 + (i % 7) / 10.0});
      }
      m.put("lagHistory", history);
      m.put(
          "tables",
          List.of(
              table("customers", "streaming", 3000, 3, 3, 1234, 0.8, "clean", 0),
              table("orders", "copying", 250_000, 25, 100, 0, null, null, 0)));
      Map<String, Object> cutover = new LinkedHashMap<>();
      cutover.put("state", done ? "done" : "idle");
      if (done) {
        cutover.put(
            "steps",
            List.of(
                step("preconditions", 0.01, "all tables copied and streaming"),
                step("freeze", 0.03, "read_only on"),
                step("drain", 0.31, "source at binlog mysql-bin.000003:1234"),
                step("validate", 0.52, "4 tables, 350 rows equal on both sides"),
                step("sequences", 0.01, "2 sequences set"),
                step("done", 0.4, "the target has taken over")));
      }
      m.put("cutover", cutover);
      m.put("throttle", Map.of("rowsPerSecond", 0, "paused", false));
      return m;
    }

    private static Map<String, Object> table(
        String name,
        String phase,
        long rows,
        long done,
        long total,
        long applied,
        Double lag,
        String validation,
        long differences) {
      Map<String, Object> t = new LinkedHashMap<>();
      t.put("table", name);
      t.put("target", name);
      t.put("phase", phase);
      t.put("rowsCopied", rows);
      t.put("chunksDone", done);
      t.put("chunksTotal", total);
      t.put("eventsApplied", applied);
      t.put("lagSeconds", lag);
      t.put("recordsBehind", lag == null ? null : 17);
      t.put("error", null);
      t.put(
          "validation",
          validation == null
              ? null
              : Map.of(
                  "outcome",
                  validation,
                  "differences",
                  differences,
                  "rows",
                  rows,
                  "finishedAt",
                  "2026-12-01T12:00:00Z"));
      return t;
    }

    private static Map<String, Object> step(String name, double seconds, String detail) {
      Map<String, Object> s = new LinkedHashMap<>();
      s.put("step", name);
      s.put("outcome", "ok");
      s.put("seconds", seconds);
      s.put("detail", detail);
      return s;
    }

    @Override
    public boolean ready() {
      return true;
    }

    @Override
    public void drain(Duration timeout) {}

    @Override
    public Map<String, Object> cutover(boolean dryRun) {
      return Map.of();
    }

    @Override
    public Map<String, Object> confirmFreeze() {
      return Map.of();
    }

    @Override
    public Map<String, Object> abortCutover(String reason) {
      return Map.of();
    }

    @Override
    public Map<String, Object> cutoverView() {
      return Map.of("state", "idle");
    }

    @Override
    public long throttle(long rowsPerSecond, Boolean paused) {
      return rowsPerSecond;
    }
  }

  @Test
  void aPersonSeesPhaseLagTablesValidationAndTheCutoverAsThePageRefreshes() throws Exception {
    int port;
    try (ServerSocket free = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
      port = free.getLocalPort();
    }
    Path screenshot = Path.of("target", "status-page.png").toAbsolutePath();
    Files.createDirectories(screenshot.getParent());
    try (ControlServer server =
        ControlServer.start(
            new ControlSettings(new HostPort("127.0.0.1", port), Secret.empty(), List.of()),
            new ScriptedRun(),
            new PrometheusMeterRegistry(PrometheusConfig.DEFAULT))) {
      Process browser =
          new ProcessBuilder(
                  "node",
                  Path.of("ops/browser/status-page.mjs").toString(),
                  "http://127.0.0.1:" + port + "/",
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
          .contains("customers", "streaming", "3,000", "3/3", "1,234", "0.8 s", "clean");
      assertThat(first.path("rows").get(1).toString())
          .contains("orders", "copying", "250,000", "25/100", "never");
      assertThat(first.path("chartLines").asInt()).as("the lag line").isEqualTo(1);
      assertThat(first.path("thresholdLines").asInt()).as("the threshold line").isEqualTo(1);
      assertThat(first.path("chartLabel").asText()).contains("cutover threshold 5 s");
      JsonNode later = seen.path("later");
      assertThat(later.path("phase").asText()).isEqualTo("cut over");
      assertThat(later.path("cutover").asText()).isEqualTo("done");
      assertThat(later.path("steps").size()).isEqualTo(6);
      assertThat(later.path("steps").get(2).asText()).contains("drain: ok in 0.31 s");
    }
    assertThat(screenshot).exists();
    assertThat(Files.size(screenshot)).isGreaterThan(10_000);
  }
}
