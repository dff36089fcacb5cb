package io.godwit.plan;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.tuple;

import com.zaxxer.hikari.HikariDataSource;
import io.godwit.Godwit;
import io.godwit.config.ConfigLoader;
import io.godwit.db.Dialect;
import io.godwit.engine.Engine;
import io.godwit.plan.InventoryItem.Handling;
import io.godwit.schema.SourceObject;
import io.godwit.schema.SourceObject.Kind;
import io.godwit.snapshot.AfterCopy;
import io.godwit.testing.TestDataSources;
import io.godwit.testing.TestDatabase;
import io.godwit.testing.TestMigration;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import java.sql.Connection;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * A PostgreSQL source's views, triggers, routines, standalone sequences, partitioning, CHECK
 * constraints, comments and grants are in the plan's inventory, each with a definition that
 * recreates it on a PostgreSQL target; a validated CHECK constraint is carried, and so are the
 * views, routines, triggers, sequences and grants.
 */
class PostgresInventoryIT {

  private static final String ROLE = "godwit_inv_reader";

  private static TestDatabase source;
  private TestDatabase target;

  @BeforeAll
  static void createDatabases() throws Exception {
    source = TestDatabase.postgres("inv_pg_src");
    source.execute(
        "DO $$ BEGIN CREATE ROLE " + ROLE + "; EXCEPTION WHEN duplicate_object THEN NULL; END $$",
        "CREATE TABLE orders (id serial PRIMARY KEY, total numeric(12,2) CONSTRAINT"
            + " orders_total_positive CHECK (total >= 0), touched timestamptz)",
        "ALTER TABLE orders ADD CONSTRAINT orders_touched_recent CHECK (touched > '2000-01-01')"
            + " NOT VALID",
        "CREATE FUNCTION positive(numeric) RETURNS boolean LANGUAGE sql IMMUTABLE"
            + " AS 'SELECT $1 >= 0'",
        "ALTER TABLE orders ADD CONSTRAINT orders_total_fn CHECK (positive(total))",
        "COMMENT ON TABLE orders IS 'customer''s orders'",
        "COMMENT ON COLUMN orders.total IS 'in euros'",
        "CREATE VIEW big_orders AS SELECT id, total FROM orders WHERE total > 100",
        """
        CREATE FUNCTION touch() RETURNS trigger LANGUAGE plpgsql AS $$
        BEGIN NEW.touched := now(); RETURN NEW; END $$""",
        "CREATE TRIGGER orders_touch BEFORE UPDATE ON orders FOR EACH ROW EXECUTE FUNCTION touch()",
        "CREATE SEQUENCE invoice_no START 1000",
        "SELECT nextval('invoice_no')",
        "CREATE SEQUENCE keyed_id",
        "CREATE TABLE keyed (id int PRIMARY KEY DEFAULT nextval('keyed_id'))",
        "CREATE TABLE events (id int, at date, PRIMARY KEY (id, at)) PARTITION BY RANGE (at)",
        "CREATE TABLE events_2024 PARTITION OF events"
            + " FOR VALUES FROM ('2024-01-01') TO ('2025-01-01')",
        "GRANT SELECT, INSERT ON orders TO " + ROLE,
        "CREATE TABLE other (id int PRIMARY KEY CHECK (id > 0))",
        "CREATE TRIGGER other_touch BEFORE UPDATE ON other FOR EACH ROW EXECUTE FUNCTION touch()");
  }

  @AfterAll
  static void dropDatabases() throws Exception {
    source.close();
    try (TestDatabase admin = TestDatabase.postgres("inv_pg_role")) {
      admin.execute("DROP ROLE IF EXISTS " + ROLE);
    }
  }

  @BeforeEach
  void createTarget() throws Exception {
    target = TestDatabase.postgres("inv_pg_tgt");
  }

  @AfterEach
  void dropTarget() throws Exception {
    target.close();
  }

  @Test
  void listsEachObjectOfTheMigratedTablesAndTheSchemaWithItsFix() throws Exception {
    PlanResult plan = plan();

    assertThat(plan.inventory())
        .extracting(InventoryItem::kind, InventoryItem::name, InventoryItem::table)
        .containsExactlyInAnyOrder(
            tuple(Kind.VIEW, "big_orders", null),
            tuple(Kind.TRIGGER, "orders_touch", "orders"),
            tuple(Kind.ROUTINE, "touch()", null),
            tuple(Kind.ROUTINE, "positive(numeric)", null),
            tuple(Kind.SEQUENCE, "invoice_no", null),
            tuple(Kind.PARTITIONING, "events", "events"),
            tuple(Kind.CHECK, "orders_total_positive", "orders"),
            tuple(Kind.CHECK, "orders_touched_recent", "orders"),
            tuple(Kind.CHECK, "orders_total_fn", "orders"),
            tuple(Kind.COMMENT, "orders", "orders"),
            tuple(Kind.COMMENT, "orders.total", "orders"),
            tuple(Kind.GRANT, ROLE, "orders"));
    assertThat(plan.inventory())
        .filteredOn(i -> i.carried() && (i.kind() == Kind.CHECK || i.kind() == Kind.COMMENT))
        .extracting(InventoryItem::name, InventoryItem::definition)
        .containsExactlyInAnyOrder(
            tuple(
                "orders_total_positive",
                "ALTER TABLE \"public\".\"orders\" ADD CONSTRAINT \"orders_total_positive\""
                    + " CHECK (total >= 0::numeric) NOT VALID;\n"
                    + "ALTER TABLE \"public\".\"orders\" VALIDATE CONSTRAINT"
                    + " \"orders_total_positive\""),
            tuple("orders", "COMMENT ON TABLE \"public\".\"orders\" IS 'customer''s orders'"),
            tuple(
                "orders.total", "COMMENT ON COLUMN \"public\".\"orders\".\"total\" IS 'in euros'"));
    assertThat(plan.inventory())
        .filteredOn(InventoryItem::carried)
        .extracting(InventoryItem::name, InventoryItem::stage)
        .contains(
            tuple("big_orders", "at table preparation"),
            tuple("touch()", "at table preparation"),
            tuple("positive(numeric)", "at table preparation"),
            tuple(
                "invoice_no",
                "at table preparation; its value follows the source's after the"
                    + " copy and again at cutover, after the freeze"),
            tuple("orders_touch", "at cutover"),
            tuple(ROLE, "at cutover"));
    assertThat(plan.inventory())
        .filteredOn(i -> i.handling() == Handling.NOT_MIGRATED)
        .allSatisfy(
            i -> {
              assertThat(i.reason()).isNotBlank();
              assertThat(i.fix()).isNotBlank();
              assertThat(i.definition()).isNotBlank();
            });
    assertThat(definition(plan, Kind.SEQUENCE))
        .isEqualTo(
            "CREATE SEQUENCE IF NOT EXISTS invoice_no AS bigint INCREMENT BY 1 MINVALUE 1"
                + " MAXVALUE 9223372036854775807 START WITH 1000");
    assertThat(definition(plan, Kind.PARTITIONING))
        .contains("RANGE (at)", "events_2024 FOR VALUES FROM ('2024-01-01') TO ('2025-01-01')");
    assertThat(plan.hasBlockers()).isFalse();
    assertThat(PlanText.render(plan))
        .contains(
            "Not migrated: 3 objects",
            "check orders_touched_recent on orders: not migrated: Godwit keeps only CHECK"
                + " constraints that hold",
            "Carried: 9 objects",
            "trigger orders_touch on orders: carried at cutover: created when the cutover is done",
            "Result: ready");
    assertThat(Json.of(plan)).contains("\"inventory\":[{\"kind\":\"VIEW\",\"name\":\"big_orders\"");
  }

  /**
   * The plan's DDL makes the carried CHECK constraint, which then refuses a row; each other
   * definition (of a carried view, routine, trigger, sequence or grant: what Godwit runs), run on
   * the target after it, makes the same object there.
   */
  @Test
  void theDefinitionsRecreateTheObjectsOnAPostgresTarget() throws Exception {
    PlanResult plan = plan();
    List<String> ddl = new ArrayList<>(plan.ddl());
    ddl.addAll(plan.deferredDdl());
    List<String> all = new ArrayList<>();
    for (Kind kind :
        List.of(
            Kind.ROUTINE,
            Kind.VIEW,
            Kind.TRIGGER,
            Kind.SEQUENCE,
            Kind.CHECK,
            Kind.COMMENT,
            Kind.GRANT)) {
      plan.inventory().stream()
          .filter(i -> i.kind() == kind)
          .filter(i -> !i.carried() || (kind != Kind.CHECK && kind != Kind.COMMENT))
          .forEach(i -> all.add(i.definition()));
    }
    List<SourceObject> recreated;
    try (Connection c = target.connect();
        Statement st = c.createStatement()) {
      for (String sql : ddl) {
        st.execute(sql);
      }
      assertThatThrownBy(() -> st.execute("INSERT INTO orders (id, total) VALUES (1, -1)"))
          .hasMessageContaining("orders_total_positive");
      for (String sql : all) {
        st.execute(sql);
      }
      recreated = Dialect.of(Engine.POSTGRESQL).sourceObjects().read(c, "public");
    }
    assertThat(recreated)
        .extracting(o -> tuple(o.kind(), o.name(), o.table()))
        .containsExactlyInAnyOrderElementsOf(
            plan.inventory().stream()
                .filter(i -> i.kind() != Kind.PARTITIONING)
                .map(i -> tuple(i.kind(), i.name(), i.table()))
                .toList());
    assertThat(recreated)
        .filteredOn(o -> o.kind() == Kind.COMMENT)
        .extracting(SourceObject::carriable)
        .containsExactlyInAnyOrder("customer's orders", "in euros");
    assertThat(recreated)
        .filteredOn(o -> o.name().equals("orders_total_positive"))
        .singleElement()
        .satisfies(o -> assertThat(o.carriable()).isEqualTo("CHECK (total >= 0::numeric)"));
  }

  /**
   * The kinds {@code inventory.skip} names are listed as skipped, with the fix, and the run does
   * not create them; a trigger whose function is skipped is not carried either.
   */
  @Test
  void inventorySkipLeavesKindsToTheOperator() throws Exception {
    try (HikariDataSource from = TestDataSources.pool(source);
        HikariDataSource to = TestDataSources.pool(target)) {
      Planner.Prepared prepared =
          new Planner(
                  TestMigration.config(
                      "inv",
                      source,
                      target,
                      "tables: { include: [orders] }\ninventory: { skip: [routines, grants] }"),
                  from,
                  to)
              .prepare(false);
      assertThat(prepared.plan().inventory())
          .filteredOn(i -> !i.carried() && i.kind() != Kind.CHECK)
          .extracting(InventoryItem::name, InventoryItem::reason)
          .containsExactlyInAnyOrder(
              tuple("touch()", "skipped by inventory.skip"),
              tuple("positive(numeric)", "skipped by inventory.skip"),
              tuple(ROLE, "skipped by inventory.skip"),
              tuple("orders_touch", "it calls touch(), which is not carried"));
      assertThat(prepared.plan().inventory())
          .filteredOn(i -> i.name().equals("touch()"))
          .singleElement()
          .satisfies(
              i ->
                  assertThat(i.fix())
                      .startsWith(
                          "remove routines from inventory.skip and Godwit carries it; or create it"
                              + " on the target before cutover"));
      assertThat(prepared.carried().objects())
          .extracting(o -> o.kind(), o -> o.name())
          .as("keyed is not migrated, so no key owns keyed_id")
          .containsExactly(
              tuple(Kind.SEQUENCE, "invoice_no"),
              tuple(Kind.SEQUENCE, "keyed_id"),
              tuple(Kind.VIEW, "big_orders"));
    }
  }

  /** Comments are carried into MariaDB too, except one longer than MySQL's limit. */
  @Test
  void commentsAreCarriedIntoMariaDbUpToItsLimit() throws Exception {
    String manual = "x".repeat(1025);
    source.execute("COMMENT ON COLUMN keyed.id IS '" + manual + "'");
    try (TestDatabase maria = TestDatabase.mariadb("inv_pg_maria")) {
      String yaml =
          TestMigration.yaml("inv", source, maria, "tables: { include: [orders, keyed] }");
      PlanResult plan =
          new Godwit(new ConfigLoader().load(yaml, "inv.yaml"), new SimpleMeterRegistry()).plan();
      assertThat(plan.inventory())
          .filteredOn(i -> i.kind() == Kind.COMMENT)
          .extracting(InventoryItem::name, InventoryItem::handling)
          .containsExactlyInAnyOrder(
              tuple("orders", Handling.CARRIED),
              tuple("orders.total", Handling.CARRIED),
              tuple("keyed.id", Handling.NOT_MIGRATED));
      maria.execute(plan.ddl().toArray(String[]::new));
      try (Connection c = maria.connect()) {
        assertThat(Dialect.of(Engine.MARIADB).sourceObjects().read(c, maria.name()))
            .filteredOn(o -> o.kind() == Kind.COMMENT)
            .extracting(SourceObject::name, SourceObject::carriable)
            .containsExactlyInAnyOrder(
                tuple("orders", "customer's orders"), tuple("orders.total", "in euros"));
      }
    } finally {
      source.execute("COMMENT ON COLUMN keyed.id IS NULL");
    }
  }

  /** The copy adds the carried CHECK constraint after the copy, and a second run finds it there. */
  @Test
  void theCopyAddsTheCarriedCheckOnceAfterTheCopy() throws Exception {
    try (TestDatabase into = TestDatabase.postgres("inv_pg_copy");
        HikariDataSource from = TestDataSources.pool(source);
        HikariDataSource to = TestDataSources.pool(into)) {
      Planner.Prepared prepared =
          new Planner(
                  TestMigration.config("inv", source, into, "tables: { include: [orders] }"),
                  from,
                  to)
              .prepare(false);
      into.execute(prepared.plan().ddl().toArray(String[]::new));
      AfterCopy after = new AfterCopy(to, Dialect.of(Engine.POSTGRESQL));
      assertThat(after.checks(prepared.tables()))
          .isEqualTo("2 CHECK statements run, 0 already in place");
      assertThat(after.checks(prepared.tables()))
          .isEqualTo("1 CHECK statements run, 1 already in place");
      assertThatThrownBy(() -> into.execute("INSERT INTO orders (id, total) VALUES (1, -1)"))
          .hasMessageContaining("orders_total_positive");
    }
  }

  private static String definition(PlanResult plan, Kind kind) {
    return plan.inventory().stream()
        .filter(i -> i.kind() == kind)
        .findFirst()
        .orElseThrow()
        .definition();
  }

  private PlanResult plan() throws Exception {
    String yaml =
        TestMigration.yaml("inv", source, target, "tables: { include: [orders, keyed, events] }");
    return new Godwit(new ConfigLoader().load(yaml, "inv.yaml"), new SimpleMeterRegistry()).plan();
  }
}
