package io.godwit.live;

import static io.godwit.live.LiveMigrationIT.TABLES;
import static io.godwit.testing.Waits.waitUntil;
import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.zaxxer.hikari.HikariConfig;
import com.zaxxer.hikari.HikariDataSource;
import io.godwit.Godwit;
import io.godwit.LiveMigration;
import io.godwit.apply.ApplyLoop;
import io.godwit.capture.PostgresSlots;
import io.godwit.config.MigrationConfig;
import io.godwit.control.CutoverDocument;
import io.godwit.control.StatusView;
import io.godwit.db.Jdbc;
import io.godwit.demo.ShopSchema;
import io.godwit.demo.Workload;
import io.godwit.engine.Engine;
import io.godwit.faults.IndependentComparison;
import io.godwit.snapshot.PausePoints;
import io.godwit.state.AttemptState;
import io.godwit.state.ReverseProgress;
import io.godwit.state.StatusReader;
import io.godwit.testing.Ports;
import io.godwit.testing.ScratchMariaDb;
import io.godwit.testing.TestDataSources;
import io.godwit.testing.TestDatabase;
import io.godwit.testing.TestMigration;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import io.micrometer.prometheusmetrics.PrometheusConfig;
import io.micrometer.prometheusmetrics.PrometheusMeterRegistry;
import java.math.BigDecimal;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.time.Duration;
import java.time.LocalDateTime;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.Random;
import java.util.concurrent.CompletableFuture;
import java.util.function.Supplier;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.condition.EnabledIfSystemProperty;
import org.junit.jupiter.api.io.TempDir;

/**
 * The reverse stream after cutover (issue #16), end to end on the real servers and the embedded
 * broker, with a PostgreSQL target: a migration under the application's write workload is cut over
 * with {@code rollback.reverse: on}; the same {@code godwit run} then streams the application's
 * writes on the target (inserts, updates, deletes, key changes, every column of the shop schema,
 * boundary and seeded random values) back to the frozen old source, which an independent comparison
 * shows equal to the target; a restarted run, which finds the migration cut over with an R0,
 * resumes the reverse stream with the changes the target took while it was stopped, and none
 * applied twice.
 */
class ReverseStreamIT {

  private static final String APP_ROLE = "godwit_app";
  private static final Duration CONVERGE = Duration.ofSeconds(60);

  /**
   * Makes a PostgreSQL old source count each write to customers in applied_writes ({@link
   * #writes}). Made after the cutover, which would otherwise carry it to the target; it fires even
   * in the applier's replica sessions.
   */
  static final String[] COUNTING_ON_POSTGRES = {
    "SET default_transaction_read_only = off",
    "CREATE TABLE applied_writes (id bigserial PRIMARY KEY, op text NOT NULL)",
    "CREATE FUNCTION count_write() RETURNS trigger LANGUAGE plpgsql AS $$ BEGIN"
        + " INSERT INTO applied_writes (op) VALUES (TG_OP); RETURN NULL; END $$",
    "CREATE TRIGGER count_write AFTER INSERT OR UPDATE OR DELETE ON customers"
        + " FOR EACH ROW EXECUTE FUNCTION count_write()",
    "ALTER TABLE customers ENABLE ALWAYS TRIGGER count_write"
  };

  /** {@link #COUNTING_ON_POSTGRES} on a MariaDB old source. */
  static final String[] COUNTING_ON_MARIADB = {
    "CREATE TABLE applied_writes (id bigint AUTO_INCREMENT PRIMARY KEY, op varchar(8))",
    "CREATE TRIGGER count_insert AFTER INSERT ON customers FOR EACH ROW"
        + " INSERT INTO applied_writes (op) VALUES ('INSERT')",
    "CREATE TRIGGER count_update AFTER UPDATE ON customers FOR EACH ROW"
        + " INSERT INTO applied_writes (op) VALUES ('UPDATE')",
    "CREATE TRIGGER count_delete AFTER DELETE ON customers FOR EACH ROW"
        + " INSERT INTO applied_writes (op) VALUES ('DELETE')"
  };

  @TempDir Path workDir;

  /**
   * PostgreSQL to PostgreSQL, only with {@code -Drollback.all=true} ({@link RollbackIT#ALL}). In CI
   * the MariaDB to PostgreSQL case below makes this test's checks (the done hook's write at R0,
   * each write applied once, status and metrics, a change the old source rejects, a restart), and
   * this direction's reverse stream is proven by RollbackIT (the application's writes and rounds of
   * every kind streamed back under its workload, validated in reverse, rolled back twice, compared
   * independently), RollbackFaultsIT (the reverse stream resumed after {@code kill -9}, nothing
   * lost or doubled) and RollbackIT's PostgreSQL to MariaDB case (a PostgreSQL old source counts
   * each write applied once).
   */
  @Test
  @EnabledIfSystemProperty(named = RollbackIT.ALL, matches = "true")
  void postgresToPostgresStreamsTheTargetsWritesBackAndResumes() throws Exception {
    String name = TestMigration.uniqueName("rev", Engine.POSTGRESQL);
    try (TestDatabase src = TestDatabase.create(Engine.POSTGRESQL, "rev_pg_src");
        TestDatabase tgt = TestDatabase.create(Engine.POSTGRESQL, "rev_pg_tgt");
        HikariDataSource srcAdmin = TestDataSources.pool(src);
        HikariDataSource tgtAdmin = TestDataSources.pool(tgt)) {
      try (Connection c = src.connect()) {
        ShopSchema.create(c, Engine.POSTGRESQL, 200);
      }
      src.grantApplication(APP_ROLE);
      try {
        streamBack(
            src,
            tgt,
            name,
            "app-roles: [" + APP_ROLE + "]",
            () -> appPool(src.url(), APP_ROLE, ""),
            COUNTING_ON_POSTGRES);
      } finally {
        src.execute(
            "SET SESSION CHARACTERISTICS AS TRANSACTION READ WRITE",
            "ALTER DATABASE " + src.name() + " RESET default_transaction_read_only");
        PostgresSlots.drop(srcAdmin, name);
        PostgresSlots.drop(tgtAdmin, name + "_reverse");
      }
    }
  }

  /**
   * MariaDB to PostgreSQL, on a MariaDB server of its own (the read-only freeze is global): the
   * reverse applier, as root, writes past {@code read_only}, which binds the application's user.
   */
  @Test
  void mariaDbToPostgresStreamsTheTargetsWritesBackAndResumes() throws Exception {
    String name = TestMigration.uniqueName("rev", Engine.MARIADB);
    try (ScratchMariaDb server =
            ScratchMariaDb.start(
                Ports.free(),
                "--log-bin=mysql-bin",
                "--binlog-format=ROW",
                "--binlog-row-image=FULL",
                "--server-id=1",
                "--character-set-server=utf8mb4",
                "--collation-server=utf8mb4_unicode_ci");
        TestDatabase src = TestDatabase.on(server, "rev_maria_src");
        TestDatabase tgt = TestDatabase.create(Engine.POSTGRESQL, "rev_maria_tgt");
        HikariDataSource tgtAdmin = TestDataSources.pool(tgt)) {
      try (Connection c = src.connect()) {
        ShopSchema.create(c, Engine.MARIADB, 200);
      }
      src.execute(
          "CREATE OR REPLACE USER 'godwit_app'@'%' IDENTIFIED BY 'app'",
          "GRANT SELECT, INSERT, UPDATE, DELETE ON `" + src.name() + "`.* TO 'godwit_app'@'%'");
      try {
        streamBack(
            src,
            tgt,
            name,
            "final-validation: changed",
            () -> appPool(src.url(), "godwit_app", "app"),
            COUNTING_ON_MARIADB);
      } finally {
        PostgresSlots.drop(tgtAdmin, name + "_reverse");
      }
    }
  }

  /**
   * Migrates the shop under the application's workload, cuts over with the reverse stream, writes
   * on the target and waits for the old source to equal it, then again across a restart.
   *
   * @param cutover more of the cutover's settings
   * @param counting statements that make the old source count each write to customers in
   *     applied_writes, run once the cutover is done
   */
  private void streamBack(
      TestDatabase src,
      TestDatabase tgt,
      String name,
      String cutover,
      Supplier<HikariDataSource> application,
      String[] counting)
      throws Exception {
    int port = Ports.free();
    String extra =
        ("work-dir: \"%s\"\nsnapshot: { workers: 2, chunk-rows: 1000 }\n"
                + "tables: { include: [%s] }\n"
                + "control: { listen: \"127.0.0.1:%d\", token: \"t0ken-for-the-reverse-test\" }\n"
                + "cutover: { freeze: read-only, timeout: 90s, lag-threshold: 10s, %s,"
                + " done-hook: \"%s\" }\n"
                + "rollback: { reverse: on }")
            .formatted(workDir, String.join(", ", TABLES), port, cutover, firstWrite(tgt));
    MigrationConfig config = TestMigration.config(name, src, tgt, extra);
    long seed = System.nanoTime();
    System.out.println("ReverseStreamIT " + name + " seed " + seed);
    Random random = new Random(seed);
    int beforeRestart;
    try (HikariDataSource app = application.get();
        Workload workload = new Workload(app, 2, 100, 200).start();
        LiveRun run = LiveRun.start(config)) {
      assertThat(new Godwit(config, new SimpleMeterRegistry()).validate(List.of(), false).clean())
          .as("validated clean before the cutover")
          .isTrue();
      CutoverDocument done = PostgresToPostgresCutoverIT.cutOver(run.live().control());
      assertThat(done.state()).as("%s", done).isEqualTo(AttemptState.DONE);
      assertThat(workload.transactions()).as("the application wrote while migrating").isPositive();
      assertThat(run.running()).as("the run goes on, in reverse").isNotDone();
      assertThat(readOnly(src)).as("the old source stays frozen").isTrue();
      src.execute(counting);
      assertThat(rows(tgt, "SELECT count(*) FROM products WHERE sku = 'HOOK'"))
          .as("the done hook wrote on the target")
          .isEqualTo(1);
      beforeRestart = TargetWrites.apply(tgt, random, 1);
      awaitEqual(src, tgt, run.running());
      // past the reverse applier's schema check, which compares the target's tables with the old
      // source's: it once read MariaDB's int(11) against int and stopped every table
      Thread.sleep(ApplyLoop.SCHEMA_CHECK_EVERY_MS + 1000);
      beforeRestart += TargetWrites.apply(tgt, random, 4);
      awaitEqual(src, tgt, run.running());
      assertThat(writes(src)).as("each customer change applied once").isEqualTo(beforeRestart);
      assertThat(readOnly(src)).as("the old source is still frozen").isTrue();
      LiveRun.Api api = new LiveRun.Api(port, "unused: reads need no token");
      showsTheReverseStream(api, beforeRestart);
      stopsATableTheOldSourceRejects(src, tgt, api);
    }
    ReverseProgress stored =
        new Godwit(config, new SimpleMeterRegistry()).status(Optional.empty(), s -> {}).reverse();
    assertThat(stored).as("godwit status with no run up reads the old source's store").isNotNull();
    assertThat(reverseTable(stored, "customers").eventsApplied()).isEqualTo(beforeRestart);
    assertThat(reverseTable(stored, "products").error()).contains(REFUSED_CHECK);
    src.execute(asGodwit(src, "ALTER TABLE products DROP CONSTRAINT " + REFUSED_CHECK));

    long before = writes(src);
    int customerWrites = TargetWrites.apply(tgt, random, 2);
    PrometheusMeterRegistry meters = new PrometheusMeterRegistry(PrometheusConfig.DEFAULT);
    LiveMigration again = new LiveMigration(config, meters, PausePoints.NONE);
    CompletableFuture<Void> running = LiveMigrationIT.start(again);
    try {
      awaitEqual(src, tgt, running);
      customerWrites += TargetWrites.apply(tgt, random, 3);
      awaitEqual(src, tgt, running);
      assertThat(writes(src) - before)
          .as("the restarted run applied each change the target took, none twice")
          .isEqualTo(customerWrites);
      assertThat(again.cutOver()).isTrue();
      assertThat(readOnly(src)).as("the old source is still frozen").isTrue();
      // the lag is NaN until the restarted reverse stream's first mark came through
      waitUntil(
          Duration.ofSeconds(15),
          "the restarted run to prove its reverse lag",
          () -> meters.scrape().matches("(?s).*\\ngodwit_reverse_lag_seconds [0-9].*"));
      assertThat(meters.scrape())
          .as("a run that starts cut over serves the reverse lag and the threshold it is held to")
          .contains("godwit_cutover_lag_threshold_seconds 10.0")
          .containsPattern("(?m)^godwit_reverse_lag_seconds [0-9]");
      assertThat(again.control().status().reverse().tables())
          .as("the restart applied the rejected change once the old source took it")
          .noneMatch(StatusView.ReverseTable::stopped);
    } finally {
      again.stop(Duration.ofSeconds(60));
      running.exceptionally(e -> null).join();
    }
  }

  /**
   * {@code /api/status} and {@code /metrics} show the reverse stream: its lag proven, and each
   * customer change the target took counted once as an event applied back.
   */
  private static void showsTheReverseStream(LiveRun.Api api, int customerWrites) throws Exception {
    waitUntil(
        Duration.ofSeconds(15),
        "the reverse stream's progress to be recorded",
        () -> {
          JsonNode customers = reverseRow(api.get("/api/status"), "customers");
          return customers != null
              && customers.path("eventsApplied").asLong() == customerWrites
              && customers.path("lagSeconds").isNumber();
        });
    JsonNode reverse = api.get("/api/status").path("reverse");
    assertThat(reverse.path("r0").asText()).isNotBlank();
    assertThat(reverse.path("lagSeconds").isNumber()).as("%s", reverse).isTrue();
    assertThat(reverseRow(api.get("/api/status"), "customers").path("stopped").asBoolean())
        .isFalse();
    String metrics = api.getText("/metrics");
    assertThat(metric(metrics, "godwit_reverse_lag_seconds", "")).as(metrics).isNotNaN();
    assertThat(metric(metrics, "godwit_reverse_events_total", "table=\"customers\""))
        .as("godwit_reverse_events_total counts the customer changes")
        .isEqualTo(customerWrites);
  }

  private static final String REFUSED_CHECK = "refused_back";

  /**
   * A change the old source rejects (a CHECK it has and the target has not) stops its table on the
   * reverse side, shown in {@code /api/status} with the error and counted in {@code /metrics}; the
   * row goes from the target again, so once the old source takes it a restart catches up.
   */
  private static void stopsATableTheOldSourceRejects(
      TestDatabase src, TestDatabase tgt, LiveRun.Api api) throws Exception {
    src.execute(
        asGodwit(
            src,
            "ALTER TABLE products ADD CONSTRAINT %s CHECK (name <> 'refused by the old source')"
                .formatted(REFUSED_CHECK)));
    tgt.execute(
        "INSERT INTO products (sku, name, price) VALUES ('REFUSED', 'refused by the old source',"
            + " 1.00)");
    waitUntil(
        Duration.ofSeconds(15),
        "products to stop on the reverse side",
        () -> reverseRow(api.get("/api/status"), "products").path("stopped").asBoolean());
    JsonNode products = reverseRow(api.get("/api/status"), "products");
    assertThat(products.path("error").asText())
        .contains("the target rejected it")
        .contains(REFUSED_CHECK);
    assertThat(reverseRow(api.get("/api/status"), "customers").path("stopped").asBoolean())
        .as("the other tables go on")
        .isFalse();
    assertThat(metric(api.getText("/metrics"), "godwit_reverse_poison_total", "table=\"products\""))
        .isEqualTo(1);
    tgt.execute("DELETE FROM products WHERE sku = 'REFUSED'");
  }

  /** A statement the reverse applier could run on the frozen old source, past its freeze. */
  private static String[] asGodwit(TestDatabase oldSource, String sql) {
    return oldSource.engine() == Engine.POSTGRESQL
        ? new String[] {"SET default_transaction_read_only = off", sql}
        : new String[] {sql};
  }

  private static JsonNode reverseRow(JsonNode status, String table) {
    for (JsonNode t : status.path("reverse").path("tables")) {
      if (t.path("table").asText().equals(table)) {
        return t;
      }
    }
    return null;
  }

  private static StatusReader.TableStatus reverseTable(ReverseProgress stored, String table) {
    return stored.tables().stream().filter(t -> t.source().equals(table)).findFirst().orElseThrow();
  }

  /** The sum of a metric's samples whose labels contain {@code labels}; NaN when none. */
  private static double metric(String scraped, String name, String labels) {
    return scraped
        .lines()
        .filter(l -> l.startsWith(name + "{") || l.startsWith(name + " "))
        .filter(l -> l.contains(labels))
        .mapToDouble(l -> Double.parseDouble(l.substring(l.lastIndexOf(' ') + 1)))
        .reduce(Double::sum)
        .orElse(Double.NaN);
  }

  /**
   * The done hook: the application's first write on the target, made as soon as the cutover is done
   * and before the reverse capture starts, which must still carry it back (it comes after R0).
   */
  private static String firstWrite(TestDatabase target) {
    // the target's JDBC URL without "jdbc:" is a libpq URI: its own server, wherever that listens
    return ("psql -U postgres -d %s -v ON_ERROR_STOP=1 -c \\\"INSERT INTO products"
            + " (sku, name, price) VALUES ('HOOK', 'written by the done hook', 1.23)\\\"")
        .formatted(target.url().substring("jdbc:".length()));
  }

  /** Waits until the old source equals the target, as each engine reads its own values. */
  static void awaitEqual(TestDatabase oldSource, TestDatabase target, CompletableFuture<Void> run)
      throws Exception {
    waitUntil(
        CONVERGE,
        "the old source to equal the target, or the run to stop",
        () -> run.isDone() || IndependentComparison.compare(oldSource, target, TABLES).equal());
    assertThat(run).as("the run is still streaming").isNotDone();
    IndependentComparison.Result result = IndependentComparison.compare(oldSource, target, TABLES);
    assertThat(result.equal()).as("%s", result.summary(10)).isTrue();
  }

  private static long rows(TestDatabase db, String query) throws Exception {
    try (Connection c = db.connect()) {
      return Jdbc.queryLong(c, query);
    }
  }

  static long writes(TestDatabase src) throws Exception {
    try (Connection c = src.connect()) {
      return Jdbc.queryLong(c, "SELECT count(*) FROM applied_writes");
    }
  }

  /** Whether the application's new sessions on the old source are read-only. */
  private static boolean readOnly(TestDatabase src) throws Exception {
    String sql =
        src.engine() == Engine.POSTGRESQL
            ? "SELECT current_setting('default_transaction_read_only') = 'on'"
            : "SELECT @@global.read_only = 1";
    try (Connection c = src.connect();
        ResultSet rs = c.createStatement().executeQuery(sql)) {
      rs.next();
      return rs.getBoolean(1);
    }
  }

  private static HikariDataSource appPool(String url, String user, String password) {
    HikariConfig config = new HikariConfig();
    config.setJdbcUrl(url);
    config.setUsername(user);
    config.setPassword(password);
    config.setMaximumPoolSize(3);
    return new HikariDataSource(config);
  }

  /**
   * The application's writes on a PostgreSQL or MariaDB target after cutover, one round: new
   * customers, products, orders and lines with boundary and seeded random values in every column,
   * updates, deletes, and key changes. Each customer is written at most once a round, so each
   * customer change is one write on the old source.
   */
  static final class TargetWrites {

    private static final LocalDateTime[] TIMES = {
      LocalDateTime.of(1000, 1, 1, 0, 0, 0),
      LocalDateTime.of(1970, 1, 1, 0, 0, 0, 1_000),
      LocalDateTime.of(2038, 1, 19, 3, 14, 7, 999_999_000),
      LocalDateTime.of(9999, 12, 31, 23, 59, 59, 999_999_000)
    };

    private static final String[] NOTES = {
      null,
      "{}",
      "{\"gift\": true, \"tags\": [\"a\", \"b\"], \"nested\": {\"n\": -1.5e3}}",
      "{\"text\": \"quote \\\" backslash \\\\ unicode \u00e9\u4e2d\ud83d\ude00\"}",
      "[1, 2, 3]"
    };

    private TargetWrites() {}

    /**
     * @param round makes this round's keys its own
     * @return the customer rows written (inserted, updated, deleted; a key change is a delete and
     *     an insert)
     */
    static int apply(TestDatabase target, Random random, int round) throws Exception {
      boolean postgres = target.engine() == Engine.POSTGRESQL;
      int customerWrites = 0;
      try (Connection c = target.connect()) {
        c.setAutoCommit(false);
        int base = 1_000_000 * round;
        try (PreparedStatement ps =
            c.prepareStatement(
                "INSERT INTO customers (id, email, name, vip, created_at) VALUES (?, ?, ?, ?, ?)")) {
          for (int i = 0; i < 12; i++) {
            ps.setInt(1, base + i);
            ps.setString(2, "r" + round + "-" + i + "@example.com");
            ps.setString(
                3, i == 0 ? "" : i == 1 ? "x".repeat(100) : text(random, 1 + random.nextInt(60)));
            ps.setBoolean(4, random.nextBoolean());
            ps.setObject(5, i < TIMES.length ? TIMES[i] : randomTime(random));
            ps.addBatch();
            customerWrites++;
          }
          ps.executeBatch();
        }
        try (PreparedStatement ps =
            c.prepareStatement("INSERT INTO products (sku, name, price) VALUES (?, ?, ?)")) {
          for (int i = 0; i < 6; i++) {
            ps.setString(1, "R" + round + "-" + i);
            ps.setString(2, text(random, 1 + random.nextInt(40)));
            ps.setBigDecimal(
                3,
                i == 0
                    ? new BigDecimal("0.00")
                    : i == 1
                        ? new BigDecimal("99999999.99")
                        : BigDecimal.valueOf(random.nextInt(1_000_000), 2));
            ps.addBatch();
          }
          ps.executeBatch();
        }
        try (PreparedStatement order =
                c.prepareStatement(
                    "INSERT INTO orders (id, customer_id, status, total, note, placed_at)"
                        + " VALUES (?, ?, ?, ?, %s, ?)".formatted(postgres ? "?::jsonb" : "?"));
            PreparedStatement line =
                c.prepareStatement(
                    "INSERT INTO order_lines (order_id, line_no, sku, quantity, price)"
                        + " VALUES (?, ?, ?, ?, ?)")) {
          for (int i = 0; i < 8; i++) {
            long id = base + i;
            order.setLong(1, id);
            order.setInt(2, base + random.nextInt(12));
            order.setString(3, i == 0 ? "" : text(random, 1 + random.nextInt(16)));
            order.setBigDecimal(
                4,
                i == 1
                    ? new BigDecimal("9999999999.99")
                    : i == 2
                        ? new BigDecimal("-9999999999.99")
                        : BigDecimal.valueOf(random.nextLong() % 100_000_000_000L, 2));
            order.setString(5, NOTES[i % NOTES.length]);
            order.setObject(6, i < TIMES.length ? TIMES[i] : randomTime(random));
            order.addBatch();
            for (int n = 1; n <= 1 + random.nextInt(3); n++) {
              line.setLong(1, id);
              line.setInt(2, n);
              line.setString(3, "R" + round + "-" + random.nextInt(6));
              line.setInt(4, n == 1 && i == 0 ? Integer.MAX_VALUE : random.nextInt(100) - 50);
              line.setBigDecimal(5, BigDecimal.valueOf(random.nextInt(100_000), 2));
              line.addBatch();
            }
          }
          order.executeBatch();
          line.executeBatch();
        }
        c.commit();

        List<Integer> existing = new ArrayList<>();
        try (ResultSet rs =
            c.createStatement()
                .executeQuery("SELECT id FROM customers WHERE id < 1000000 ORDER BY id")) {
          while (rs.next()) {
            existing.add(rs.getInt(1));
          }
        }
        // updates, deletes and key changes of existing rows, each customer touched once
        for (int i = 0; i < 10 && !existing.isEmpty(); i++) {
          int id = existing.remove(random.nextInt(existing.size()));
          switch (i % 3) {
            case 0 -> {
              update(
                  c,
                  "UPDATE customers SET name = ?, vip = NOT vip, created_at = ? WHERE id = ?",
                  text(random, 1 + random.nextInt(80)),
                  randomTime(random),
                  id);
              customerWrites++;
            }
            case 1 -> {
              update(c, "DELETE FROM customers WHERE id = ?", id);
              customerWrites++;
            }
            default -> {
              update(c, "UPDATE customers SET id = ? WHERE id = ?", base + 500_000 + i, id);
              customerWrites += 2;
            }
          }
        }
        // MariaDB takes no LIMIT in an IN subquery: the rows are picked first
        for (long id :
            keys(
                c, "SELECT id FROM orders WHERE id < 1000000 ORDER BY id", 5, random.nextInt(50))) {
          update(
              c,
              "UPDATE orders SET status = left(md5(concat(id, ?)), 16), total = total + 1,"
                  + " note = %s WHERE id = ?"
                      .formatted(
                          postgres
                              ? "jsonb_build_object('round', ?::int)"
                              : "json_object('round', ?)"),
              String.valueOf(round),
              round,
              id);
        }
        for (long line :
            keys(
                c,
                "SELECT order_id * 1000 + line_no FROM order_lines WHERE order_id < 1000000"
                    + " ORDER BY order_id, line_no",
                4,
                random.nextInt(50))) {
          update(
              c,
              "DELETE FROM order_lines WHERE order_id = ? AND line_no = ?",
              line / 1000,
              (int) (line % 1000));
        }
        for (long order :
            keys(
                c,
                "SELECT order_id FROM order_lines WHERE order_id < 1000000 AND line_no < 100"
                    + " ORDER BY order_id",
                1,
                random.nextInt(50))) {
          update(c, "UPDATE order_lines SET line_no = line_no + 100 WHERE order_id = ?", order);
        }
        update(
            c,
            "UPDATE products SET sku = concat(sku, 'k'), price = price / 2 WHERE sku = ?",
            "R" + round + "-5");
        c.commit();
      }
      return customerWrites;
    }

    /**
     * The first {@code limit} values of {@code sql}'s single column after skipping {@code offset}.
     */
    private static List<Long> keys(Connection c, String sql, int limit, int offset)
        throws Exception {
      List<Long> keys = new ArrayList<>();
      try (ResultSet rs = c.createStatement().executeQuery(sql)) {
        for (int row = 0; rs.next() && keys.size() < limit; row++) {
          if (row >= offset) {
            keys.add(rs.getLong(1));
          }
        }
      }
      return keys;
    }

    private static void update(Connection c, String sql, Object... parameters) throws Exception {
      try (PreparedStatement ps = c.prepareStatement(sql)) {
        for (int i = 0; i < parameters.length; i++) {
          ps.setObject(i + 1, parameters[i]);
        }
        ps.executeUpdate();
      }
    }

    private static LocalDateTime randomTime(Random random) {
      return LocalDateTime.of(1000 + random.nextInt(9000), 1, 1, 0, 0)
          .plusSeconds(random.nextInt(365 * 86_400))
          .plusNanos(random.nextInt(1_000_000) * 1_000L);
    }

    /** Seeded text: ASCII, quotes, backslashes, accents, CJK and an emoji (4-byte UTF-8). */
    private static String text(Random random, int length) {
      String[] pieces = {
        "a", "Z", "9", " ", "'", "\"", "\\", "\u00e9", "\u4e2d", "\ud83d\ude00", "%"
      };
      StringBuilder out = new StringBuilder();
      while (out.codePointCount(0, out.length()) < length) {
        out.append(pieces[random.nextInt(pieces.length)]);
      }
      return out.toString();
    }
  }
}
