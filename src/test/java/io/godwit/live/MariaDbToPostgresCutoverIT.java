package io.godwit.live;

import static io.godwit.live.LiveMigrationIT.TABLES;
import static io.godwit.live.LiveMigrationIT.rows;
import static io.godwit.testing.Waits.waitUntil;
import static org.assertj.core.api.Assertions.assertThat;

import com.zaxxer.hikari.HikariConfig;
import com.zaxxer.hikari.HikariDataSource;
import io.godwit.CutoverOperator;
import io.godwit.Godwit;
import io.godwit.LiveMigration;
import io.godwit.config.MigrationConfig;
import io.godwit.control.ControlServer;
import io.godwit.control.CutoverDocument;
import io.godwit.demo.ShopSchema;
import io.godwit.demo.Workload;
import io.godwit.engine.Engine;
import io.godwit.report.Report;
import io.godwit.snapshot.PausePoints;
import io.godwit.state.AttemptState;
import io.godwit.state.Difference;
import io.godwit.state.ValidationResult;
import io.godwit.testing.Ports;
import io.godwit.testing.SharedKafka;
import io.godwit.testing.TestDatabase;
import io.godwit.testing.TestMigration;
import io.micrometer.prometheusmetrics.PrometheusConfig;
import io.micrometer.prometheusmetrics.PrometheusMeterRegistry;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.sql.Connection;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The whole operator path on a live MariaDB to PostgreSQL migration with an application writing
 * through its own (non-admin) user: validate finds a planted difference through the control API's
 * drain, repair fixes it, the dry run passes, a wrong token is refused, then the cutover freezes
 * the source read-only, drains, validates, moves sequences and finishes with both sides equal, and
 * with the target's {@code updated_at} set by an update as the source's ON UPDATE did.
 */
class MariaDbToPostgresCutoverIT {

  @TempDir Path workDir;

  @Test
  void validateRepairAndCutOverUnderAWorkload() throws Exception {
    int port = Ports.free();
    try (TestDatabase src = TestDatabase.create(Engine.MARIADB, "cut_src");
        TestDatabase tgt = TestDatabase.create(Engine.POSTGRESQL, "cut_tgt")) {
      try (Connection c = src.connect()) {
        ShopSchema.create(c, Engine.MARIADB, 300);
      }
      src.execute("CREATE OR REPLACE USER 'godwit_app'@'%' IDENTIFIED BY 'app'");
      src.execute(
          "GRANT SELECT, INSERT, UPDATE, DELETE ON `" + src.name() + "`.* TO 'godwit_app'@'%'");
      MigrationConfig config =
          TestMigration.config(
              "cutover_live",
              src,
              tgt,
              ("work-dir: \"%s\"\nsnapshot: { workers: 2, chunk-rows: 1000 }\n"
                      + "control: { listen: \"127.0.0.1:%d\", token: \"s3cret-token-for-tests\" }\n"
                      + "cutover: { freeze: read-only, timeout: 90s, lag-threshold: 10s,"
                      + " final-validation: changed }\n%s")
                  .formatted(workDir, port, SharedKafka.yaml("cutover_live")));
      PrometheusMeterRegistry meters = new PrometheusMeterRegistry(PrometheusConfig.DEFAULT);
      LiveMigration live = new LiveMigration(config, meters, PausePoints.NONE);
      try (ControlServer control = ControlServer.start(config.control(), live.control(), meters);
          HikariDataSource app = appPool(src);
          Workload workload = new Workload(app, 2, 100, 300).start()) {
        CompletableFuture<Void> running = LiveMigrationIT.start(live);
        try {
          waitUntil(
              Duration.ofMinutes(3),
              "the snapshot to finish or the run to end",
              () -> live.snapshotResult() != null || running.isDone());
          assertThat(running).isNotCompletedExceptionally();
          live.drain(Duration.ofMinutes(2));

          tgt.execute(
              "INSERT INTO customers (id, name, email, created_at)"
                  + " VALUES (9000001, 'planted', 'planted@example.com', now())");
          Godwit godwit = new Godwit(config, meters);
          ValidationResult found = godwit.validate(List.of(), false);
          assertThat(found.clean()).isFalse();
          ValidationResult.TableResult customers = table(found, "customers");
          assertThat(customers.extra()).isEqualTo(1);
          assertThat(customers.missing() + customers.different() + customers.changing()).isZero();
          assertThat(customers.differences())
              .containsExactly(
                  new Difference(Difference.Kind.EXTRA, List.of("9000001"), List.of()));
          assertThat(found.tables())
              .filteredOn(t -> !t.table().equals("customers"))
              .allMatch(t -> t.outcome().equals("clean"));

          ValidationResult repaired = godwit.validate(List.of(), true);
          assertThat(table(repaired, "customers").repairedDeletes()).isEqualTo(1);
          assertThat(repaired.clean()).isTrue();

          HttpClient http = HttpClient.newHttpClient();
          HttpResponse<String> refused =
              http.send(
                  HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + "/api/cutover"))
                      .header("Authorization", "Bearer wrong")
                      .POST(HttpRequest.BodyPublishers.ofString("{\"dryRun\":true}"))
                      .build(),
                  HttpResponse.BodyHandlers.ofString());
          assertThat(refused.statusCode()).isEqualTo(401);
          assertThat(refused.body()).doesNotContain("s3cret");

          CutoverDocument view =
              godwit.cutover(
                  new CutoverOperator() {
                    @Override
                    public boolean proceed(CutoverDocument check) {
                      assertThat(check.checked().checks()).allMatch(CutoverDocument.Check::ok);
                      return true;
                    }

                    @Override
                    public void progress(CutoverDocument attempt) {
                      assertThat(attempt.state()).isNotEqualTo(AttemptState.ABORTED);
                    }

                    @Override
                    public void awaitWritesStopped() {
                      throw new AssertionError("a read-only freeze asks no operator");
                    }
                  });
          assertThat(view.state()).as("cutover: %s", view).isEqualTo(AttemptState.DONE);
          assertThat(view.recorded().downtimeSeconds()).isLessThan(60);
          assertThat(view.recorded().sourcePosition()).startsWith("binlog ");
          for (CutoverDocument.Step step : view.recorded().steps()) {
            assertThat(step.outcome()).as("step %s", step).isEqualTo("ok");
          }
          assertThat(view.recorded().steps())
              .as("the final validation compared the changed keys and counts")
              .anySatisfy(
                  step ->
                      assertThat(step.detail())
                          .contains("4 compared by their")
                          .contains("changed keys and counts, 0 in full"));
          String metrics =
              http.send(
                      HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + "/metrics"))
                          .build(),
                      HttpResponse.BodyHandlers.ofString())
                  .body();
          assertThat(metrics)
              .contains("godwit_cutover_step{step=\"done\"} 1.0")
              .contains("godwit_lag_seconds");

          running.get(2, java.util.concurrent.TimeUnit.MINUTES);
          assertThat(live.cutOver()).isTrue();
          assertThat(workload.failures()).as("writes refused once frozen").isPositive();
          try (Connection c = src.connect();
              var rs = c.createStatement().executeQuery("SELECT @@GLOBAL.read_only")) {
            rs.next();
            assertThat(rs.getInt(1)).as("the source stays frozen after cutover").isEqualTo(1);
          }
          workload.close();
          for (String t : TABLES) {
            assertThat(rows(tgt, t)).as("rows of %s", t).isEqualTo(rows(src, t));
          }
          long maxId = maxId(src);
          try (Connection c = tgt.connect();
              var rs =
                  c.createStatement()
                      .executeQuery(
                          "INSERT INTO customers (email, name, vip) VALUES"
                              + " ('after@example.com', 'after cutover', false) RETURNING id")) {
            rs.next();
            assertThat(rs.getLong(1))
                .as("the target's sequence continues after the source's last id")
                .isGreaterThan(maxId);
          }
          java.sql.Timestamp before = updatedAt(tgt);
          tgt.execute("UPDATE customers SET name = 'renamed after cutover' WHERE id = 1");
          assertThat(updatedAt(tgt))
              .as("updated_at's ON UPDATE CURRENT_TIMESTAMP holds on the target after cutover")
              .isAfter(before);

          Report report = new Godwit(config, meters).report("godwit (test)");
          String md = report.render(Report.Format.MD);
          assertThat(md)
              .contains("# Migration report: cutover_live")
              .contains("Attempt 1: done (freeze: read-only)")
              .contains("source position at cutover (for rollback): binlog ")
              .contains("| customers | customers |")
              .contains("| validate |")
              .contains("control.token = ******")
              .doesNotContain("s3cret");
          assertThat(md).containsPattern("\\| [0-9:. -]+Z \\| customers \\| [0-9,]+ \\| 1 \\|");
          String html = report.render(Report.Format.HTML);
          assertThat(html)
              .startsWith("<!DOCTYPE html>")
              .contains("<h2>Cutover</h2>")
              .doesNotContain("s3cret");
        } finally {
          src.execute("SET GLOBAL read_only = OFF");
          live.stop(Duration.ofSeconds(60));
          running.exceptionally(e -> null).join();
        }
      }
    }
  }

  private static ValidationResult.TableResult table(ValidationResult result, String name) {
    return result.tables().stream().filter(t -> t.table().equals(name)).findFirst().orElseThrow();
  }

  private static java.sql.Timestamp updatedAt(TestDatabase tgt) throws Exception {
    try (Connection c = tgt.connect();
        var rs =
            c.createStatement().executeQuery("SELECT updated_at FROM customers WHERE id = 1")) {
      rs.next();
      return rs.getTimestamp(1);
    }
  }

  private static long maxId(TestDatabase src) throws Exception {
    try (Connection c = src.connect();
        var rs = c.createStatement().executeQuery("SELECT MAX(id) FROM customers")) {
      rs.next();
      return rs.getLong(1);
    }
  }

  private static HikariDataSource appPool(TestDatabase src) {
    HikariConfig config = new HikariConfig();
    config.setJdbcUrl(src.url());
    config.setUsername("godwit_app");
    config.setPassword("app");
    config.setMaximumPoolSize(3);
    return new HikariDataSource(config);
  }
}
