package io.godwit.ops;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.dataformat.yaml.YAMLFactory;
import io.godwit.observe.ReverseMeters;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashSet;
import java.util.List;
import java.util.Locale;
import java.util.Set;
import java.util.TreeSet;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;

/**
 * The operator files agree with the code: every meter is documented in docs/metrics.md and every
 * documented metric exists; the alert rules and the Grafana dashboard parse, use only documented
 * metrics, and every alert's runbook section exists. {@code promtool check rules} runs too where
 * Prometheus's promtool is installed.
 */
class OpsFilesTest {

  private static final ObjectMapper YAML = new ObjectMapper(new YAMLFactory());
  private static final ObjectMapper JSON = new ObjectMapper();
  private static final Pattern REGISTERED =
      Pattern.compile("(?:builder|counter|gauge)\\(\\s*\"(godwit\\.[a-z.]+)\"");
  private static final Pattern DOCUMENTED =
      Pattern.compile("^\\| `(godwit_[a-z_]+)`", Pattern.MULTILINE);
  private static final Pattern USED = Pattern.compile("\\b(godwit_[a-z_]+)");

  /** The files whose meters the reverse stream registers too, renamed by {@link ReverseMeters}. */
  private static final Set<String> REVERSED =
      Set.of("ApplyMeters.java", "LagMonitor.java", "Validator.java");

  /** Meter names registered in the code, as Prometheus shows them without type suffixes. */
  private static Set<String> registered() throws IOException {
    Set<String> names = new TreeSet<>();
    try (Stream<Path> files = Files.walk(Path.of("src/main/java"))) {
      for (Path f : files.filter(p -> p.toString().endsWith(".java")).toList()) {
        boolean reversed = REVERSED.contains(f.getFileName().toString());
        Matcher m = REGISTERED.matcher(Files.readString(f));
        while (m.find()) {
          names.add(m.group(1).replace('.', '_'));
          if (reversed) {
            names.add(ReverseMeters.name(m.group(1)).replace('.', '_'));
          }
        }
      }
    }
    return names;
  }

  private static Set<String> documented() throws IOException {
    Set<String> names = new TreeSet<>();
    Matcher m = DOCUMENTED.matcher(Files.readString(Path.of("docs/metrics.md")));
    while (m.find()) {
      names.add(m.group(1));
    }
    return names;
  }

  /** A documented name without the suffix Prometheus adds to counters. */
  private static String base(String name) {
    return name.endsWith("_total") ? name.substring(0, name.length() - 6) : name;
  }

  @Test
  void everyMeterIsDocumentedAndEveryDocumentedMetricExists() throws IOException {
    Set<String> code = registered();
    Set<String> docs = new TreeSet<>();
    for (String d : documented()) {
      String b = base(d);
      // a timer's Prometheus name carries its unit
      docs.add(code.contains(b) ? b : b.replaceAll("_seconds$", ""));
    }
    assertThat(code).as("meters in the code").isNotEmpty();
    assertThat(docs).as("docs/metrics.md lists every meter").containsAll(code);
    assertThat(code).as("docs/metrics.md lists no meter that is gone").containsAll(docs);
  }

  private static void assertDocumented(String where, String expr) throws IOException {
    Set<String> docs = documented();
    Matcher m = USED.matcher(expr);
    while (m.find()) {
      String used = m.group(1);
      assertThat(docs.contains(used) || docs.contains(used.replaceAll("_(count|sum|max)$", "")))
          .as("%s uses %s, which docs/metrics.md does not list", where, used)
          .isTrue();
    }
  }

  @Test
  void alertRulesParseUseDocumentedMetricsAndNameExistingRunbooks() throws Exception {
    Path file = Path.of("ops/prometheus/godwit-alerts.yml");
    JsonNode rules = YAML.readTree(file.toFile()).path("groups").get(0).path("rules");
    assertThat(rules.size()).isGreaterThanOrEqualTo(6);
    Set<String> names = new HashSet<>();
    for (JsonNode rule : rules) {
      String alert = rule.path("alert").asText();
      assertThat(alert).isNotBlank();
      assertThat(names.add(alert)).as("alert %s named once", alert).isTrue();
      assertThat(rule.path("expr").asText()).as(alert).isNotBlank();
      assertThat(rule.path("labels").path("severity").asText()).isIn("warning", "critical");
      assertThat(rule.path("annotations").path("summary").asText()).isNotBlank();
      assertDocumented(alert, rule.path("expr").asText());
      String[] runbook = rule.path("annotations").path("runbook").asText().split("#", 2);
      Path page = Path.of(runbook[0]);
      assertThat(page).as("runbook of %s", alert).exists();
      assertThat(anchors(Files.readString(page))).as("section of %s", alert).contains(runbook[1]);
    }
    assertThat(names)
        .contains(
            "GodwitLagAboveCutoverThreshold",
            "GodwitApplierStalled",
            "GodwitCaptureDisconnected",
            "GodwitDeadLetters",
            "GodwitValidationDifferences",
            "GodwitKafkaRetentionAtRisk",
            "GodwitReverseLagAboveThreshold",
            "GodwitReverseTableStopped");
    promtool(file);
  }

  /** GitHub's anchors for the headings of a Markdown page. */
  private static Set<String> anchors(String markdown) {
    Set<String> anchors = new HashSet<>();
    for (String line : markdown.lines().toList()) {
      if (line.startsWith("#")) {
        anchors.add(
            line.replaceFirst("^#+\\s*", "")
                .toLowerCase(Locale.ROOT)
                .replaceAll("[^a-z0-9 -]", "")
                .replace(' ', '-'));
      }
    }
    return anchors;
  }

  /** Runs Prometheus's own checker where it is installed (Debian: package prometheus). */
  private static void promtool(Path rules) throws Exception {
    Path tool =
        Stream.of(System.getenv().getOrDefault("PATH", "").split(":"))
            .map(dir -> Path.of(dir, "promtool"))
            .filter(Files::isExecutable)
            .findFirst()
            .orElse(null);
    if (tool == null) {
      return;
    }
    Process p =
        new ProcessBuilder(tool.toString(), "check", "rules", rules.toString())
            .redirectErrorStream(true)
            .start();
    String out = new String(p.getInputStream().readAllBytes());
    assertThat(p.waitFor(60, TimeUnit.SECONDS)).isTrue();
    assertThat(p.exitValue()).as("promtool check rules: %s", out).isZero();
  }

  @Test
  void theDashboardParsesAndUsesDocumentedMetrics() throws Exception {
    JsonNode dash = JSON.readTree(Path.of("ops/grafana/godwit.json").toFile());
    assertThat(dash.path("uid").asText()).isEqualTo("godwit");
    Set<Integer> ids = new HashSet<>();
    List<String> titles = new java.util.ArrayList<>();
    for (JsonNode panel : dash.path("panels")) {
      assertThat(ids.add(panel.path("id").asInt())).as("panel ids unique").isTrue();
      assertThat(panel.path("gridPos").path("w").asInt()).isPositive();
      titles.add(panel.path("title").asText());
      assertThat(panel.path("targets")).as(panel.path("title").asText()).isNotEmpty();
      for (JsonNode target : panel.path("targets")) {
        assertDocumented(panel.path("title").asText(), target.path("expr").asText());
      }
    }
    assertThat(String.join("|", titles))
        .contains(
            "lag",
            "cutover threshold",
            "Snapshot progress",
            "Validation",
            "Cutover step",
            "Reverse stream");
    for (String provisioning :
        List.of(
            "ops/grafana/provisioning/dashboards/godwit.yml",
            "ops/grafana/provisioning/datasources/prometheus.yml")) {
      assertThat(YAML.readTree(Path.of(provisioning).toFile()).path("apiVersion").asInt())
          .as(provisioning)
          .isEqualTo(1);
    }
  }

  @Test
  void theRunbooksTheIssueAsksForExist() {
    for (String page :
        List.of(
            "preparing-the-source.md",
            "trial-run.md",
            "cutover-checklist.md",
            "rollback.md",
            "troubleshooting-lag.md",
            "pausing-the-applier.md",
            "resnapshotting-a-table.md")) {
      assertThat(Path.of("ops/runbooks", page)).exists();
    }
  }
}
