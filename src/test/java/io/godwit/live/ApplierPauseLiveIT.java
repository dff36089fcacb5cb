package io.godwit.live;

import static io.godwit.live.LiveMigrationIT.TABLES;
import static io.godwit.live.LiveMigrationIT.rows;
import static io.godwit.testing.Waits.waitUntil;
import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.zaxxer.hikari.HikariDataSource;
import io.godwit.capture.PostgresSlots;
import io.godwit.config.MigrationConfig;
import io.godwit.control.CutoverDocument;
import io.godwit.demo.ShopSchema;
import io.godwit.demo.Workload;
import io.godwit.engine.Engine;
import io.godwit.state.StatusReader;
import io.godwit.testing.Ports;
import io.godwit.testing.SharedKafka;
import io.godwit.testing.TestDataSources;
import io.godwit.testing.TestDatabase;
import io.godwit.testing.TestMigration;
import java.nio.file.Path;
import java.sql.Connection;
import java.time.Duration;
import java.util.List;
import java.util.Locale;
import java.util.Random;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

/**
 * The applier paused for one table under a write workload, through the control API: the table's
 * target rows stop changing while another table keeps applying, status, {@code /metrics} and the
 * cutover's preconditions show it, the pause survives a restart of the run, and after the resume
 * the lag falls back and the target equals the source row by row.
 */
class ApplierPauseLiveIT {

  private static final String TOKEN = "t0ken-for-the-pause-test";

  @TempDir Path workDir;

  @ParameterizedTest
  @EnumSource(
      value = Engine.class,
      names = {"POSTGRESQL", "MARIADB"})
  void aPausedTableWaitsInKafkaAcrossARestartAndCatchesUpOnResume(Engine source) throws Exception {
    long seed = new Random().nextLong();
    System.out.println("ApplierPauseLiveIT " + source + " seed " + seed);
    Random random = new Random(seed);
    String suffix = source.name().toLowerCase(Locale.ROOT);
    String name = "pause_" + suffix;
    int port = Ports.free();
    LiveRun.Api api = new LiveRun.Api(port, TOKEN);
    try (TestDatabase src = TestDatabase.create(source, "pause_src_" + suffix);
        TestDatabase tgt = TestDatabase.create(Engine.POSTGRESQL, "pause_tgt_" + suffix);
        HikariDataSource sourcePool = TestDataSources.pool(src);
        HikariDataSource targetPool = TestDataSources.pool(tgt)) {
      try (Connection c = src.connect()) {
        ShopSchema.create(c, source, 300);
      }
      MigrationConfig config =
          TestMigration.config(
              name,
              src,
              tgt,
              ("work-dir: \"%s\"\nsnapshot: { workers: 2, chunk-rows: 1000 }\n"
                      + "control: { listen: \"127.0.0.1:%d\", token: \"%s\" }\n%s")
                  .formatted(workDir, port, TOKEN, SharedKafka.yaml(name)));
      try (Workload workload = new Workload(sourcePool, 2, 150, 300).start()) {
        try {
          String orders;
          List<String> pausedRows;
          try (LiveRun run = LiveRun.start(config)) {
            orders = LiveRun.sourceName(targetPool, name, "orders");
            String customers = LiveRun.sourceName(targetPool, name, "customers");

            JsonNode paused =
                api.post("/api/apply/pause", "{\"tables\":[\"" + orders + "\"]}", 200);
            assertThat(paused.get("paused").has(orders)).as("%s", paused).isTrue();
            JsonNode unknown =
                api.post("/api/apply/pause", "{\"tables\":[\"" + customers + "\",\"nope\"]}", 400);
            assertThat(unknown.get("error").asText()).contains("no table nope", "godwit status");
            // the answer comes once the applier follows the pause: nothing of orders is written
            // after
            pausedRows = rows(tgt, "orders");
            List<String> customersBefore = rows(tgt, "customers");
            LiveRun.changeOrders(src, random);
            for (int i = 0; i < 8; i++) {
              Thread.sleep(500);
              assertThat(rows(tgt, "orders"))
                  .as("paused orders on the target")
                  .isEqualTo(pausedRows);
            }
            assertThat(rows(src, "orders"))
                .as("the source's orders moved on")
                .isNotEqualTo(pausedRows);
            waitUntil(
                Duration.ofSeconds(20),
                "customers to change on the target",
                () -> !rows(tgt, "customers").equals(customersBefore));
            assertThat(rows(tgt, "customers"))
                .as("customers keep being applied")
                .isNotEqualTo(customersBefore);

            JsonNode status = api.get("/api/status");
            JsonNode ordersView = table(status, orders);
            assertThat(ordersView.get("applyPausedAt").isNull()).as("%s", ordersView).isFalse();
            assertThat(table(status, customers).get("applyPausedAt").isNull()).isTrue();
            waitUntil(
                Duration.ofSeconds(10),
                "the paused table to fall behind",
                () ->
                    run.live().lagSeconds(orders).orElse(0) > 3
                        && run.live().recordsBehind().getOrDefault(orders, 0L) > 0);
            assertThat(run.live().lagSeconds(orders).orElseThrow())
                .as("the paused table's lag keeps being measured, and grows")
                .isGreaterThan(3);
            assertThat(run.live().lagSeconds(customers).orElseThrow())
                .as("customers, applied, lag less")
                .isLessThan(run.live().lagSeconds(orders).orElseThrow());
            assertThat(api.getText("/metrics"))
                .contains("godwit_apply_paused{table=\"" + orders + "\"} 1.0")
                .contains("godwit_apply_paused{table=\"" + customers + "\"} 0.0");
            CutoverDocument.Check check =
                run.live().control().cutover(true).checked().checks().stream()
                    .filter(c -> c.name().equals("no table's applier paused"))
                    .findFirst()
                    .orElseThrow();
            assertThat(check.ok()).isFalse();
            assertThat(check.detail()).contains(orders, "POST /api/apply/resume");
          }

          try (LiveRun run = LiveRun.start(config)) {
            List<String> customersBefore = rows(tgt, "customers");
            LiveRun.changeOrders(src, random);
            for (int i = 0; i < 8; i++) {
              Thread.sleep(500);
              assertThat(rows(tgt, "orders"))
                  .as("orders stay paused after the restart")
                  .isEqualTo(pausedRows);
            }
            waitUntil(
                Duration.ofSeconds(20),
                "customers to change on the target",
                () -> !rows(tgt, "customers").equals(customersBefore));
            assertThat(rows(tgt, "customers")).isNotEqualTo(customersBefore);
            assertThat(new StatusReader(targetPool).tables(name))
                .filteredOn(t -> t.source().equals(orders))
                .singleElement()
                .satisfies(t -> assertThat(t.applyPausedAt()).isNotNull());

            JsonNode resumed = api.post("/api/apply/resume", "{\"all\":true}", 200);
            assertThat(resumed.get("paused").size()).isZero();
            workload.close();
            assertThat(workload.transactions()).isPositive();
            run.live().drain(Duration.ofMinutes(2));
            for (String t : TABLES) {
              assertThat(rows(tgt, t)).as("rows of %s", t).isEqualTo(rows(src, t));
            }
            waitUntil(
                Duration.ofSeconds(20),
                "lag under 4 s after the resume",
                () -> run.live().lagSeconds() < 4);
            assertThat(run.live().lagSeconds()).as("lag after the resume").isLessThan(4);
            waitUntil(
                Duration.ofSeconds(5),
                "no records behind",
                () -> run.live().recordsBehind().values().stream().allMatch(n -> n == 0));
            assertThat(run.live().recordsBehind().values()).allMatch(n -> n == 0);
            assertThat(api.getText("/metrics"))
                .contains("godwit_apply_paused{table=\"" + orders + "\"} 0.0");
          }
        } finally {
          if (source == Engine.POSTGRESQL) {
            PostgresSlots.drop(sourcePool, name);
          }
          tgt.forgetMigration(name);
        }
      }
    }
  }

  private static JsonNode table(JsonNode status, String source) {
    for (JsonNode t : status.get("tables")) {
      if (t.get("table").asText().equals(source)) {
        return t;
      }
    }
    throw new AssertionError("no table " + source + " in " + status);
  }
}
