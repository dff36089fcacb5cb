package io.godwit.live;

import static io.godwit.live.LiveMigrationIT.rows;
import static io.godwit.testing.Waits.waitUntil;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.tuple;

import io.godwit.Godwit;
import io.godwit.LiveMigration;
import io.godwit.config.MigrationConfig;
import io.godwit.control.ControlledRun;
import io.godwit.control.CutoverDocument;
import io.godwit.plan.InventoryItem;
import io.godwit.plan.PlanResult;
import io.godwit.schema.SourceObject.Kind;
import io.godwit.snapshot.PausePoints;
import io.godwit.state.AttemptState;
import io.godwit.testing.TestDatabase;
import io.micrometer.prometheusmetrics.PrometheusConfig;
import io.micrometer.prometheusmetrics.PrometheusMeterRegistry;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.Statement;
import java.time.Duration;
import java.util.List;
import java.util.Random;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A MariaDB to MariaDB run into a database of another name carries the source's views (nested ones
 * after what they read, reading the target database's tables), function, sequence, trigger, event
 * and table grant: the views and the function exist once the tables are prepared and answer as on
 * the source, the trigger, event and grant only after cutover, where the trigger fires on the
 * target's own writes and not on the applier's, and the sequence hands out values past the
 * source's. The cutover's freeze is manual, so the shared server's read_only is left alone.
 */
class MariaDbToMariaDbCarriedObjectsIT {

  private static final String USER = "'godwit_carry_app'@'%'";

  @TempDir Path workDir;

  @Test
  void carriesViewsRoutinesSequencesAtTablePreparationAndTriggersEventsGrantsAtCutover()
      throws Exception {
    long seed = System.nanoTime();
    System.out.println("MariaDbToMariaDbCarriedObjectsIT seed: " + seed);
    try (TestDatabase src = TestDatabase.mariadb("carry_maria_src");
        TestDatabase tgt = TestDatabase.mariadb("carry_maria_tgt")) {
      // the MariaDB state store is server-wide: an earlier run's cut-over migration would refuse
      tgt.forgetMigration("carry_maria");
      try {
        migrate(src, tgt, new Random(seed));
      } finally {
        src.execute("DROP USER IF EXISTS " + USER);
      }
    }
  }

  private void migrate(TestDatabase src, TestDatabase tgt, Random random) throws Exception {
    createSource(src, random);
    MigrationConfig config = CarriedShop.config("carry_maria", src, tgt, workDir, "manual");
    PrometheusMeterRegistry meters = new PrometheusMeterRegistry(PrometheusConfig.DEFAULT);

    PlanResult plan = new Godwit(config, meters).plan();
    assertThat(plan.inventory())
        .extracting(InventoryItem::kind, InventoryItem::name, InventoryItem::stage)
        .contains(
            tuple(Kind.VIEW, "active_customers", "at table preparation"),
            tuple(Kind.VIEW, "active_totals", "at table preparation"),
            tuple(Kind.ROUTINE, "order_count", "at table preparation"),
            tuple(Kind.TRIGGER, "orders_audit", "at cutover"),
            tuple(Kind.EVENT, "purge_audit", "at cutover"),
            tuple(Kind.GRANT, USER, "at cutover"));
    assertThat(plan.inventory())
        .filteredOn(i -> i.name().equals("hidden_notes"))
        .singleElement()
        .satisfies(i -> assertThat(i.reason()).isEqualTo("it reads hidden, which is not migrated"));

    LiveMigration live = new LiveMigration(config, meters, PausePoints.NONE);
    CompletableFuture<Void> running = LiveMigrationIT.start(live);
    try {
      waitUntil(
          Duration.ofMinutes(2),
          "the snapshot to finish or the run to end",
          () -> live.snapshotResult() != null || running.isDone());
      assertThat(running).isNotCompletedExceptionally();
      assertThat(count(tgt, "TRIGGERS", "TRIGGER_SCHEMA"))
          .as("no trigger while streaming")
          .isZero();
      assertThat(count(tgt, "EVENTS", "EVENT_SCHEMA")).as("no event while streaming").isZero();
      assertThat(grants(tgt)).as("no grant before cutover").isZero();
      assertThat(single(tgt, "SELECT next_not_cached_value FROM invoice_no"))
          .as("the sequence set after the copy")
          .isEqualTo(single(src, "SELECT next_not_cached_value FROM invoice_no"));

      int customer = 1 + random.nextInt(20);
      src.execute(
          "INSERT INTO orders (customer_id, total) VALUES (%d, %d.25)"
              .formatted(customer, random.nextInt(1000)));
      long handedOut = nextValues(src, 1 + random.nextInt(1500));
      live.drain(Duration.ofMinutes(1));
      assertThat(rows(tgt, "audit"))
          .as("the applier's writes fired no trigger: the audit rows are the source's")
          .isEqualTo(rows(src, "audit"));
      for (String view : List.of("active_customers", "active_totals")) {
        assertThat(rows(tgt, view)).as(view).isNotEmpty().isEqualTo(rows(src, view));
      }
      String count = "SELECT order_count(%d)".formatted(customer);
      assertThat(single(tgt, count)).isEqualTo(single(src, count)).isPositive();

      assertThat(new Godwit(config, meters).validate(List.of(), false).clean()).isTrue();
      LiveMigrationIT.awaitLagProven(live);
      CutoverDocument done = cutOver(live.control());
      assertThat(done.state()).as("%s", done).isEqualTo(AttemptState.DONE);
      running.get(1, TimeUnit.MINUTES);

      assertThat(count(tgt, "TRIGGERS", "TRIGGER_SCHEMA")).isEqualTo(1);
      assertThat(count(tgt, "EVENTS", "EVENT_SCHEMA")).isEqualTo(1);
      long audited = single(tgt, "SELECT COUNT(*) FROM audit");
      tgt.execute("INSERT INTO orders (customer_id, total) VALUES (1, 5)");
      assertThat(single(tgt, "SELECT COUNT(*) FROM audit"))
          .as("the trigger fires on the target's writes after cutover")
          .isEqualTo(audited + 1);
      assertThat(grants(tgt)).isEqualTo(1);
      assertThat(single(tgt, "SELECT NEXTVAL(invoice_no)"))
          .as("the next invoice number comes after every one the source handed out")
          .isGreaterThan(handedOut)
          .isEqualTo(single(src, "SELECT next_not_cached_value FROM invoice_no"));
    } finally {
      live.stop(Duration.ofSeconds(30));
      running.exceptionally(e -> null).join();
    }
  }

  private static void createSource(TestDatabase src, Random random) throws Exception {
    src.execute(
        "CREATE OR REPLACE USER " + USER,
        "CREATE TABLE customers (id INT PRIMARY KEY, name VARCHAR(40) NOT NULL, active BOOLEAN)",
        "CREATE TABLE orders (id INT AUTO_INCREMENT PRIMARY KEY, customer_id INT NOT NULL,"
            + " total DECIMAL(10,2))",
        "CREATE TABLE audit (id INT AUTO_INCREMENT PRIMARY KEY, order_id INT NOT NULL,"
            + " total DECIMAL(10,2))",
        "CREATE TABLE hidden (id INT PRIMARY KEY, note TEXT)",
        "CREATE VIEW active_customers AS SELECT id, name FROM customers WHERE active",
        "CREATE VIEW active_totals AS SELECT c.id, c.name, SUM(o.total) AS total, COUNT(*) AS n"
            + " FROM active_customers c JOIN orders o ON o.customer_id = c.id GROUP BY c.id, c.name",
        "CREATE VIEW hidden_notes AS SELECT note FROM hidden",
        "CREATE FUNCTION order_count(customer INT) RETURNS BIGINT READS SQL DATA"
            + " RETURN (SELECT COUNT(*) FROM orders WHERE customer_id = customer)",
        "CREATE TRIGGER orders_audit AFTER INSERT ON orders FOR EACH ROW"
            + " INSERT INTO audit (order_id, total) VALUES (NEW.id, NEW.total)",
        "CREATE EVENT purge_audit ON SCHEDULE EVERY 1 DAY DISABLE DO DELETE FROM audit",
        "CREATE SEQUENCE invoice_no START WITH 1000",
        "GRANT SELECT ON customers TO " + USER);
    try (Connection c = src.connect()) {
      CarriedShop.fill(c, random);
    }
    nextValues(src, 1 + random.nextInt(50));
  }

  /** Takes {@code n} values of the source's sequence; returns the last. */
  private static long nextValues(TestDatabase src, int n) throws Exception {
    long last = 0;
    try (Connection c = src.connect();
        Statement st = c.createStatement()) {
      for (int i = 0; i < n; i++) {
        try (ResultSet rs = st.executeQuery("SELECT NEXTVAL(invoice_no)")) {
          rs.next();
          last = rs.getLong(1);
        }
      }
    }
    return last;
  }

  /** Starts a cutover, confirms the manual freeze, and follows it to its end. */
  private static CutoverDocument cutOver(ControlledRun control) throws Exception {
    CutoverDocument view = control.cutover(false);
    long deadline = System.nanoTime() + Duration.ofMinutes(2).toNanos();
    while (view.state() == AttemptState.RUNNING && System.nanoTime() < deadline) {
      Thread.sleep(100);
      view = control.cutoverView();
    }
    control.confirmFreeze();
    while (view.state() == AttemptState.RUNNING
        || view.state() == AttemptState.WAITING_FOR_OPERATOR) {
      if (System.nanoTime() > deadline) {
        break;
      }
      Thread.sleep(200);
      view = control.cutoverView();
    }
    return view;
  }

  private static long count(TestDatabase db, String view, String schemaColumn) throws Exception {
    return single(
        db,
        "SELECT COUNT(*) FROM information_schema.%s WHERE %s = '%s'"
            .formatted(view, schemaColumn, db.name()));
  }

  private static long grants(TestDatabase db) throws Exception {
    return single(
        db,
        ("SELECT COUNT(*) FROM information_schema.TABLE_PRIVILEGES WHERE GRANTEE = \"%s\""
                + " AND TABLE_SCHEMA = '%s' AND TABLE_NAME = 'customers'")
            .formatted(USER, db.name()));
  }

  private static long single(TestDatabase db, String sql) throws Exception {
    try (Connection c = db.connect();
        Statement st = c.createStatement();
        ResultSet rs = st.executeQuery(sql)) {
      rs.next();
      return rs.getLong(1);
    }
  }
}
