package io.godwit.live;

import static io.godwit.live.LiveMigrationIT.rows;
import static io.godwit.testing.Waits.waitUntil;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.tuple;

import com.zaxxer.hikari.HikariDataSource;
import io.godwit.Godwit;
import io.godwit.LiveMigration;
import io.godwit.capture.PostgresSlots;
import io.godwit.config.MigrationConfig;
import io.godwit.control.CutoverDocument;
import io.godwit.plan.InventoryItem;
import io.godwit.plan.PlanResult;
import io.godwit.plan.PlanText;
import io.godwit.schema.SourceObject.Kind;
import io.godwit.snapshot.PausePoints;
import io.godwit.state.AttemptState;
import io.godwit.testing.TestDataSources;
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
 * A PostgreSQL to PostgreSQL run carries the source's views (nested ones after what they read),
 * functions, standalone sequence, trigger and table grant: plan says which and when, the views and
 * functions exist once the tables are prepared and answer as on the source, the trigger does not
 * fire on the applier's writes while streaming and fires on the target's own writes after cutover,
 * the sequence hands out values past the source's, and the grant exists after cutover.
 */
class PostgresToPostgresCarriedObjectsIT {

  private static final String ROLE = "godwit_carry_reader";

  @TempDir Path workDir;

  @Test
  void carriesViewsFunctionsSequencesAtTablePreparationAndTriggersAndGrantsAtCutover()
      throws Exception {
    String name = "carry_pg";
    long seed = System.nanoTime();
    System.out.println("PostgresToPostgresCarriedObjectsIT seed: " + seed);
    Random random = new Random(seed);
    try {
      migrate(name, random);
    } finally {
      try (TestDatabase admin = TestDatabase.postgres("carry_pg_role")) {
        admin.execute("DROP ROLE IF EXISTS " + ROLE);
      }
    }
  }

  private void migrate(String name, Random random) throws Exception {
    try (TestDatabase src = TestDatabase.postgres("carry_pg_src");
        TestDatabase tgt = TestDatabase.postgres("carry_pg_tgt");
        HikariDataSource admin = TestDataSources.pool(src)) {
      createSource(src, random);
      MigrationConfig config = CarriedShop.config(name, src, tgt, workDir, "read-only");
      PrometheusMeterRegistry meters = new PrometheusMeterRegistry(PrometheusConfig.DEFAULT);

      PlanResult plan = new Godwit(config, meters).plan();
      assertThat(plan.inventory())
          .extracting(InventoryItem::kind, InventoryItem::name, InventoryItem::stage)
          .contains(
              tuple(Kind.VIEW, "active_customers", "at table preparation"),
              tuple(Kind.VIEW, "active_totals", "at table preparation"),
              tuple(Kind.ROUTINE, "order_count(customer integer)", "at table preparation"),
              tuple(Kind.ROUTINE, "log_order()", "at table preparation"),
              tuple(Kind.TRIGGER, "orders_audit", "at cutover"),
              tuple(Kind.GRANT, ROLE, "at cutover"));
      assertThat(item(plan, "invoice_no").stage()).startsWith("at table preparation;");
      InventoryItem hidden = item(plan, "hidden_notes");
      assertThat(hidden.carried()).isFalse();
      assertThat(hidden.reason()).isEqualTo("it reads hidden, which is not migrated");
      assertThat(PlanText.render(plan))
          .contains(
              "view active_totals: carried at table preparation",
              "view hidden_notes: not migrated: it reads hidden, which is not migrated",
              "trigger orders_audit on orders: carried at cutover");

      LiveMigration live = new LiveMigration(config, meters, PausePoints.NONE);
      CompletableFuture<Void> running = LiveMigrationIT.start(live);
      try {
        waitUntil(
            Duration.ofMinutes(2),
            "the snapshot to finish or the run to end",
            () -> live.snapshotResult() != null || running.isDone());
        assertThat(running).isNotCompletedExceptionally();
        assertThat(triggers(tgt)).as("no trigger while streaming").isZero();
        assertThat(granted(tgt)).as("no grant before cutover").isFalse();
        assertThat(single(tgt, "SELECT last_value FROM invoice_no"))
            .as("the sequence set after the copy")
            .isEqualTo(single(src, "SELECT last_value FROM invoice_no"));

        int customer = 1 + random.nextInt(20);
        src.execute(
            "INSERT INTO orders (customer_id, total) VALUES (%d, %d.25)"
                .formatted(customer, random.nextInt(1000)),
            "SELECT nextval('invoice_no') FROM generate_series(1, %d)"
                .formatted(1 + random.nextInt(50)));
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
        CutoverDocument done = PostgresToPostgresCutoverIT.cutOver(live.control());
        assertThat(done.state()).as("%s", done).isEqualTo(AttemptState.DONE);
        running.get(1, TimeUnit.MINUTES);
      } finally {
        live.stop(Duration.ofSeconds(30));
        running.exceptionally(e -> null).join();
        src.execute(
            "SET SESSION CHARACTERISTICS AS TRANSACTION READ WRITE",
            "ALTER DATABASE " + src.name() + " RESET default_transaction_read_only");
        PostgresSlots.drop(admin, name);
      }

      assertThat(triggers(tgt)).isEqualTo(1);
      long audited = single(tgt, "SELECT count(*) FROM audit");
      tgt.execute("INSERT INTO orders (customer_id, total) VALUES (1, 5)");
      assertThat(single(tgt, "SELECT count(*) FROM audit"))
          .as("the trigger fires on the target's writes after cutover")
          .isEqualTo(audited + 1);
      assertThat(granted(tgt)).isTrue();
      assertThat(single(tgt, "SELECT nextval('invoice_no')"))
          .as("the next invoice number comes after the source's last")
          .isEqualTo(single(src, "SELECT last_value FROM invoice_no") + 1);
    }
  }

  private static void createSource(TestDatabase src, Random random) throws Exception {
    src.execute(
        "DO $$ BEGIN CREATE ROLE " + ROLE + "; EXCEPTION WHEN duplicate_object THEN NULL; END $$",
        "CREATE TABLE customers (id int PRIMARY KEY, name text NOT NULL, active boolean)",
        "CREATE TABLE orders (id serial PRIMARY KEY, customer_id int NOT NULL, total numeric(10,2))",
        "CREATE TABLE audit (id serial PRIMARY KEY, order_id int NOT NULL, total numeric(10,2))",
        "CREATE TABLE hidden (id int PRIMARY KEY, note text)",
        "CREATE VIEW active_customers AS SELECT id, name FROM customers WHERE active",
        "CREATE VIEW active_totals AS SELECT c.id, c.name, sum(o.total) AS total, count(*) AS n"
            + " FROM active_customers c JOIN orders o ON o.customer_id = c.id GROUP BY c.id, c.name",
        "CREATE VIEW hidden_notes AS SELECT note FROM hidden",
        "CREATE FUNCTION order_count(customer int) RETURNS bigint LANGUAGE sql STABLE"
            + " AS 'SELECT count(*) FROM orders WHERE customer_id = customer'",
        """
        CREATE FUNCTION log_order() RETURNS trigger LANGUAGE plpgsql AS $$
        BEGIN INSERT INTO audit (order_id, total) VALUES (NEW.id, NEW.total); RETURN NEW; END $$""",
        "CREATE TRIGGER orders_audit AFTER INSERT ON orders FOR EACH ROW EXECUTE FUNCTION"
            + " log_order()",
        "CREATE SEQUENCE invoice_no START 1000",
        "GRANT SELECT ON customers TO " + ROLE);
    try (Connection c = src.connect()) {
      CarriedShop.fill(c, random);
      try (Statement st = c.createStatement()) {
        st.execute(
            "SELECT nextval('invoice_no') FROM generate_series(1, %d)"
                .formatted(1 + random.nextInt(50)));
      }
    }
  }

  private static InventoryItem item(PlanResult plan, String name) {
    return plan.inventory().stream().filter(i -> i.name().equals(name)).findFirst().orElseThrow();
  }

  private static long triggers(TestDatabase db) throws Exception {
    return single(db, "SELECT count(*) FROM pg_trigger WHERE tgname = 'orders_audit'");
  }

  private static boolean granted(TestDatabase db) throws Exception {
    try (Connection c = db.connect();
        Statement st = c.createStatement();
        ResultSet rs =
            st.executeQuery(
                "SELECT has_table_privilege('%s', 'customers', 'SELECT')".formatted(ROLE))) {
      rs.next();
      return rs.getBoolean(1);
    }
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
