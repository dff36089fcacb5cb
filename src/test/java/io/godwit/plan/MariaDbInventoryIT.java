package io.godwit.plan;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.tuple;

import io.godwit.Godwit;
import io.godwit.config.ConfigLoader;
import io.godwit.db.Dialect;
import io.godwit.db.Finding;
import io.godwit.engine.Engine;
import io.godwit.plan.InventoryItem.Handling;
import io.godwit.schema.SourceObject.Kind;
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
 * A MariaDB source's views, triggers, routines, events, sequences, partitioning, CHECK constraints,
 * comments, grants and {@code ON UPDATE CURRENT_TIMESTAMP} columns are in the plan's inventory,
 * each with a definition that recreates it on a MariaDB target; CHECK constraints and {@code ON
 * UPDATE} are carried, and so are the views, triggers, routines, events, sequences and table
 * grants.
 */
class MariaDbInventoryIT {

  private static final String USER = "'godwit_inv_app'@'%'";

  private static TestDatabase source;
  private TestDatabase target;

  @BeforeAll
  static void createDatabases() throws Exception {
    source = TestDatabase.mariadb("inv_maria_src");
    source.execute(
        """
        CREATE TABLE film (
          id INT PRIMARY KEY,
          title VARCHAR(50) COMMENT 'the title',
          rating INT,
          doc JSON,
          last_update TIMESTAMP NOT NULL DEFAULT CURRENT_TIMESTAMP ON UPDATE CURRENT_TIMESTAMP,
          CONSTRAINT film_rating CHECK (rating BETWEEN 1 AND 5)
        ) COMMENT 'films'""",
        "CREATE TABLE film_log (id INT AUTO_INCREMENT PRIMARY KEY, film_id INT)",
        "CREATE VIEW film_titles AS SELECT id, title FROM film",
        "CREATE TRIGGER film_logged AFTER INSERT ON film FOR EACH ROW"
            + " INSERT INTO film_log (film_id) VALUES (NEW.id)",
        "CREATE PROCEDURE add_film(IN t VARCHAR(50))"
            + " INSERT INTO film (id, title) SELECT COALESCE(MAX(id), 0) + 1, t FROM film",
        "CREATE EVENT purge_log ON SCHEDULE EVERY 1 DAY DISABLE DO DELETE FROM film_log",
        "CREATE SEQUENCE ticket_no START WITH 100",
        "CREATE TABLE sales (id INT, y INT, PRIMARY KEY (id, y)) PARTITION BY RANGE (y)"
            + " (PARTITION p2023 VALUES LESS THAN (2024), PARTITION pmax VALUES LESS THAN MAXVALUE)",
        "CREATE TABLE other (id INT PRIMARY KEY, n INT CHECK (n > 0))",
        "CREATE TRIGGER other_set BEFORE INSERT ON other FOR EACH ROW SET NEW.n = 1",
        "CREATE USER IF NOT EXISTS " + USER,
        "GRANT SELECT, UPDATE ON " + source.name() + ".film TO " + USER,
        "GRANT SELECT ON " + source.name() + ".* TO " + USER);
  }

  @AfterAll
  static void dropDatabases() throws Exception {
    source.close();
    try (TestDatabase admin = TestDatabase.mariadb("inv_maria_user")) {
      admin.execute("DROP USER IF EXISTS " + USER);
    }
  }

  @BeforeEach
  void createTarget() throws Exception {
    target = TestDatabase.mariadb("inv_maria_tgt");
  }

  @AfterEach
  void dropTarget() throws Exception {
    target.close();
  }

  @Test
  void listsEachObjectOfTheMigratedTablesAndTheDatabaseWithItsFix() throws Exception {
    PlanResult plan = plan(target);

    assertThat(plan.inventory())
        .extracting(InventoryItem::kind, InventoryItem::name, InventoryItem::table)
        .containsExactlyInAnyOrder(
            tuple(Kind.VIEW, "film_titles", null),
            tuple(Kind.TRIGGER, "film_logged", "film"),
            tuple(Kind.ROUTINE, "add_film", null),
            tuple(Kind.EVENT, "purge_log", null),
            tuple(Kind.SEQUENCE, "ticket_no", null),
            tuple(Kind.PARTITIONING, "sales", "sales"),
            tuple(Kind.CHECK, "film_rating", "film"),
            tuple(Kind.COMMENT, "film", "film"),
            tuple(Kind.COMMENT, "film.title", "film"),
            tuple(Kind.GRANT, USER, "film"),
            tuple(Kind.GRANT, USER, null),
            tuple(Kind.ON_UPDATE, "film.last_update", "film"));
    assertThat(plan.inventory())
        .filteredOn(i -> i.handling() == Handling.NOT_MIGRATED)
        .allSatisfy(
            i -> {
              assertThat(i.reason()).isNotBlank();
              assertThat(i.fix()).isNotBlank();
              assertThat(i.definition()).isNotBlank();
            });
    assertThat(plan.inventory())
        .filteredOn(i -> i.handling() == Handling.CARRIED)
        .extracting(InventoryItem::kind, InventoryItem::stage)
        .containsExactlyInAnyOrder(
            tuple(Kind.CHECK, "with the target table"),
            tuple(Kind.COMMENT, "with the target table"),
            tuple(Kind.COMMENT, "with the target table"),
            tuple(Kind.ON_UPDATE, "with the target table"),
            tuple(Kind.VIEW, "at table preparation"),
            tuple(Kind.ROUTINE, "at table preparation"),
            tuple(
                Kind.SEQUENCE,
                "at table preparation; its value follows the source's after the copy and again at"
                    + " cutover, after the freeze"),
            tuple(Kind.TRIGGER, "at cutover"),
            tuple(Kind.EVENT, "at cutover"),
            tuple(Kind.GRANT, "at cutover"));
    assertThat(plan.inventory())
        .filteredOn(i -> i.kind() == Kind.CHECK || i.kind() == Kind.COMMENT)
        .extracting(InventoryItem::kind, InventoryItem::definition)
        .containsExactlyInAnyOrder(
            tuple(Kind.CHECK, "CONSTRAINT film_rating CHECK (`rating` between 1 and 5)"),
            tuple(Kind.COMMENT, "COMMENT 'films'"),
            tuple(Kind.COMMENT, "COMMENT 'the title'"));
    assertThat(definition(plan, Kind.VIEW))
        .as("the view reads the target database's tables")
        .isEqualTo(
            "CREATE OR REPLACE SQL SECURITY DEFINER VIEW `film_titles` AS select `%1$s`.`film`.`id`"
                    .formatted(target.name())
                + " AS `id`,`%1$s`.`film`.`title` AS `title` from `%1$s`.`film`"
                    .formatted(target.name()));
    assertThat(definition(plan, Kind.PARTITIONING))
        .contains("RANGE (`y`)", "`pmax` VALUES LESS THAN MAXVALUE");
    assertThat(plan.hasBlockers()).isFalse();
    assertThat(PlanText.render(plan))
        .contains(
            "grant 'godwit_inv_app'@'%' on the schema: not migrated: privileges belong to the",
            "Not migrated: 2 objects",
            "event purge_log: carried at cutover: created when the cutover is done",
            "Carried: 10 objects",
            "on update film.last_update: carried with the target table: the target column is"
                + " created with ON UPDATE",
            "Result: ready");
    assertThat(Json.of(plan))
        .contains("\"inventory\":[{\"kind\":\"VIEW\",\"name\":\"film_titles\"");
  }

  /**
   * The plan's DDL makes the carried CHECK constraint, which then refuses a row; each other
   * definition, run on the target after it (a carried one's statements as Godwit runs them; one not
   * migrated with the source database's name replaced by the target's), makes the same object
   * there.
   */
  @Test
  void theDefinitionsRecreateTheObjectsOnAMariaDbTarget() throws Exception {
    PlanResult plan = plan(target);
    List<String> all = new ArrayList<>(plan.ddl());
    all.addAll(plan.deferredDdl());
    plan.inventory().stream()
        .filter(i -> !i.carried())
        .forEach(i -> all.add(i.definition().replace(source.name(), target.name())));
    plan.inventory().stream()
        .filter(i -> i.carried() && !i.stage().equals("with the target table"))
        .forEach(i -> all.addAll(List.of(i.definition().split(";\n"))));
    try (Connection c = target.connect();
        Statement st = c.createStatement()) {
      for (String sql : all) {
        st.execute(sql);
      }
      assertThatThrownBy(
              () -> st.execute("INSERT INTO film (id, title, rating) VALUES (1, 'x', 6)"))
          .hasMessageContaining("film_rating");
      assertThat(Dialect.of(Engine.MARIADB).sourceObjects().read(c, target.name()))
          .extracting(o -> tuple(o.kind(), o.name(), o.table()))
          .containsExactlyInAnyOrderElementsOf(
              plan.inventory().stream()
                  .filter(i -> i.kind() != Kind.ON_UPDATE)
                  .map(i -> tuple(i.kind(), i.name(), i.table()))
                  .toList());
    }
  }

  @Test
  void acrossEnginesCommentsAreCarriedAndChecksStayBehind() throws Exception {
    try (TestDatabase pg = TestDatabase.postgres("inv_maria_pg")) {
      PlanResult plan = plan(pg);
      assertThat(plan.inventory())
          .filteredOn(i -> i.kind() == Kind.CHECK)
          .singleElement()
          .satisfies(
              i -> {
                assertThat(i.handling()).isEqualTo(Handling.NOT_MIGRATED);
                assertThat(i.reason()).contains("one engine only");
                assertThat(i.fix()).contains("rewrite the expression", "NOT VALID");
              });
      assertThat(plan.inventory())
          .filteredOn(i -> i.kind() == Kind.COMMENT)
          .allMatch(InventoryItem::carried);
      pg.execute(plan.ddl().toArray(String[]::new));
      try (Connection c = pg.connect()) {
        assertThat(Dialect.of(Engine.POSTGRESQL).sourceObjects().read(c, "public"))
            .filteredOn(o -> o.kind() == Kind.COMMENT)
            .extracting(o -> o.name(), o -> o.carriable())
            .containsExactlyInAnyOrder(tuple("film", "films"), tuple("film.title", "the title"));
      }
    }
  }

  /** A target table taken over as it is keeps its own definition: nothing is carried into it. */
  @Test
  void anExistingTargetTableKeepsItsOwnDefinition() throws Exception {
    try (TestDatabase existing = TestDatabase.mariadb("inv_maria_pre")) {
      existing.execute(plan(existing).ddl().toArray(String[]::new));
      existing.execute(
          "ALTER TABLE film DROP CONSTRAINT film_rating",
          "ALTER TABLE film MODIFY last_update TIMESTAMP NOT NULL DEFAULT CURRENT_TIMESTAMP");
      PlanResult plan = plan(existing);
      assertThat(plan.tables())
          .filteredOn(t -> t.source().equals("film"))
          .singleElement()
          .satisfies(t -> assertThat(t.existsOnTarget()).isTrue());
      assertThat(plan.ddl()).noneMatch(s -> s.contains("`film`"));
      assertThat(plan.inventory())
          .filteredOn(i -> i.kind() == Kind.CHECK || i.kind() == Kind.ON_UPDATE)
          .hasSize(2)
          .allSatisfy(
              i -> {
                assertThat(i.handling()).isEqualTo(Handling.NOT_MIGRATED);
                assertThat(i.reason()).contains("taken over as it is");
                assertThat(i.fix()).contains("before godwit run");
              });
    }
  }

  /**
   * The catalog hides triggers and events from a user without TRIGGER and EVENT: plan warns that
   * the inventory may miss them, and once granted, lists them and warns no more.
   */
  @Test
  void aUserTheCatalogHidesObjectsFromIsWarned() throws Exception {
    String plain = "'godwit_inv_plain'@'127.0.0.1'";
    source.execute(
        "DROP USER IF EXISTS " + plain,
        "CREATE USER " + plain + " IDENTIFIED BY 'pw'",
        "GRANT SELECT ON `" + source.name() + "`.* TO " + plain);
    try {
      PlanResult hidden = planAs("godwit_inv_plain");
      assertThat(hidden.inventory())
          .extracting(InventoryItem::kind)
          .doesNotContain(Kind.TRIGGER, Kind.EVENT);
      assertThat(hidden.findings())
          .filteredOn(f -> f.subject().equals("inventory"))
          .singleElement()
          .satisfies(
              f -> {
                assertThat(f.severity()).isEqualTo(Finding.Severity.WARNING);
                assertThat(f.message()).contains("lacks TRIGGER, SHOW VIEW, EVENT on");
                assertThat(f.fix()).contains("GRANT TRIGGER, SHOW VIEW, EVENT ON `");
              });

      source.execute("GRANT TRIGGER, SHOW VIEW, EVENT ON `" + source.name() + "`.* TO " + plain);
      PlanResult seen = planAs("godwit_inv_plain");
      assertThat(seen.inventory())
          .extracting(InventoryItem::kind)
          .contains(Kind.TRIGGER, Kind.EVENT);
      assertThat(seen.findings()).noneMatch(f -> f.subject().equals("inventory"));
    } finally {
      source.execute("DROP USER " + plain);
    }
  }

  private PlanResult planAs(String user) throws Exception {
    String yaml =
        TestMigration.yaml(
            "inv",
            source.url(),
            user,
            "pw",
            target,
            "tables: { include: [film, film_log, sales] }");
    return new Godwit(new ConfigLoader().load(yaml, "inv.yaml"), new SimpleMeterRegistry()).plan();
  }

  private static String definition(PlanResult plan, Kind kind) {
    return plan.inventory().stream()
        .filter(i -> i.kind() == kind)
        .findFirst()
        .orElseThrow()
        .definition();
  }

  private static PlanResult plan(TestDatabase into) throws Exception {
    String yaml =
        TestMigration.yaml("inv", source, into, "tables: { include: [film, film_log, sales] }");
    return new Godwit(new ConfigLoader().load(yaml, "inv.yaml"), new SimpleMeterRegistry()).plan();
  }
}
