package io.godwit.plan;

import static org.assertj.core.api.Assertions.assertThat;

import io.godwit.Godwit;
import io.godwit.config.ConfigLoader;
import io.godwit.db.Finding;
import io.godwit.engine.Engine;
import io.godwit.state.ValidationResult;
import io.godwit.testing.TestDatabase;
import io.godwit.testing.TestMigration;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import java.util.List;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * {@code godwit plan} with row filters, on the real servers: what a filter selects, counted by the
 * source; a foreign key into a filtered table left out; a filter that does not fit its table, or
 * names no migrated table, a blocker under its key. Column rules ({@code tables.columns}) likewise:
 * the target DDL they shape, what plan says, their blockers, and a rule edited after the copy.
 */
class FilterPlanIT {

  private static TestDatabase source;
  private static TestDatabase target;
  private static TestDatabase pgSource;

  @BeforeAll
  static void createDatabases() throws Exception {
    source = TestDatabase.mariadb("filterplan_src");
    target = TestDatabase.postgres("filterplan_tgt");
    source.execute(
        "CREATE TABLE accounts (id INT PRIMARY KEY, tenant INT, opened DATE, name VARCHAR(20),"
            + " score DOUBLE)",
        "CREATE TABLE entries (id INT PRIMARY KEY, account_id INT NOT NULL,"
            + " CONSTRAINT entries_account FOREIGN KEY (account_id) REFERENCES accounts (id))",
        "INSERT INTO accounts VALUES (1, 7, '2024-01-01', 'a', 0), (2, 9, '2023-12-31', 'b', 0),"
            + " (3, 8, '2024-02-01', 'c', 0), (4, NULL, '2024-03-01', 'd', 0),"
            + " (5, 7, NULL, 'e', 0)");
    pgSource = TestDatabase.postgres("filterplan_pgsrc");
    pgSource.execute("CREATE TABLE notes (id int PRIMARY KEY, body text, n int)");
  }

  @AfterAll
  static void dropDatabases() throws Exception {
    source.close();
    pgSource.close();
    target.close();
  }

  private static PlanResult plan(String tables) throws Exception {
    return plan(source, tables);
  }

  private static PlanResult plan(TestDatabase from, String tables) throws Exception {
    String yaml = TestMigration.yaml("filterplan", from, target, tables);
    return new Godwit(new ConfigLoader().load(yaml, "filterplan.yaml"), new SimpleMeterRegistry())
        .plan();
  }

  @Test
  void showsTheRowsAFilterSelectsAndLeavesForeignKeysIntoItOut() throws Exception {
    PlanResult plan =
        plan("tables: { filter: { accounts: \"tenant IN (7, 9) AND opened >= '2024-01-01'\" } }");
    assertThat(plan.findings()).noneMatch(Finding::isBlocker);
    assertThat(plan.findings())
        .filteredOn(f -> f.subject().equals("tables.filter.accounts"))
        .extracting(Finding::message)
        .anySatisfy(m -> assertThat(m).contains("selects 1 of its 5 rows (20.0 %)"))
        .anySatisfy(
            m ->
                assertThat(m)
                    .contains("foreign key entries_account of entries references accounts"));
    assertThat(String.join("\n", plan.deferredDdl())).doesNotContain("FOREIGN KEY");
    assertThat(String.join("\n", plan("").deferredDdl()))
        .as("without the filter the key is created")
        .contains("FOREIGN KEY");
  }

  @Test
  void aFilterThatDoesNotFitItsTableIsABlockerUnderItsKey() throws Exception {
    PlanResult plan =
        plan(
            "tables: { filter: { accounts: \"tenantid = 7 OR score > 1 OR name > 'a'\","
                + " ledger: \"id > 0\" } }");
    assertThat(plan.findings())
        .filteredOn(Finding::isBlocker)
        .extracting(f -> f.subject() + ": " + f.message())
        .anySatisfy(
            m ->
                assertThat(m)
                    .startsWith("tables.filter.accounts: ")
                    .contains("tenantid is not a column of table accounts")
                    .contains("column score is double")
                    .contains("text column name cannot be compared with >"))
        .anySatisfy(
            m ->
                assertThat(m)
                    .startsWith("tables.filter.ledger: ")
                    .contains("not among the migrated tables (accounts, entries)"));
  }

  @Test
  void aFilteredPostgresTableWithLargeValuesNeedsAFullReplicaIdentity() throws Exception {
    String filter = "tables: { filter: { notes: \"n > 0\" } }";
    assertThat(plan(pgSource, filter).findings())
        .filteredOn(f -> f.subject().equals("tables.filter.notes"))
        .extracting(Finding::fix)
        .contains("ALTER TABLE public.notes REPLICA IDENTITY FULL");
    pgSource.execute("ALTER TABLE notes REPLICA IDENTITY FULL");
    assertThat(plan(pgSource, filter).findings())
        .filteredOn(f -> f.subject().equals("tables.filter.notes"))
        .extracting(Finding::fix)
        .doesNotContain("ALTER TABLE public.notes REPLICA IDENTITY FULL");
  }

  @Test
  void aFilterChangedAfterTheCopyStartedIsABlockerThatNamesTheReCopy() throws Exception {
    try (TestDatabase copiedTo = TestDatabase.postgres("filterplan_copied")) {
      String copied = "tables: { include: [accounts], filter: { accounts: \"tenant IN (7, 9)\" } }";
      godwit(copiedTo, copied).snapshot();
      assertThat(
              godwit(copiedTo, copied.replace("tenant IN (7, 9)", "tenant  in(7,9 )"))
                  .plan()
                  .findings())
          .as("the same filter written otherwise")
          .noneMatch(Finding::isBlocker);
      assertThat(godwit(copiedTo, copied.replace("(7, 9)", "(7, 8, 9)")).plan().findings())
          .filteredOn(Finding::isBlocker)
          .singleElement()
          .satisfies(
              f -> {
                assertThat(f.subject()).isEqualTo("table accounts");
                assertThat(f.message()).contains("row filter: ", "-> ", "8");
                assertThat(f.fix()).contains("godwit resnapshot -c FILE accounts");
              });
    }
  }

  @Test
  void columnRulesShapeTheTargetAndPlanSaysWhatTheyDo() throws Exception {
    PlanResult plan =
        plan(
            "tables: { columns: { accounts: { exclude: [score], rename: { id: account_no },"
                + " mask: { name: sha256 } } } }");
    assertThat(plan.findings()).noneMatch(Finding::isBlocker);
    assertThat(plan.findings())
        .filteredOn(f -> f.subject().equals("tables.columns.accounts"))
        .extracting(Finding::message)
        .contains(
            "table accounts -> accounts: columns dropped: score; renamed: id -> account_no;"
                + " masked: name (sha256, char(64))");
    String ddl = String.join("\n", plan.ddl());
    assertThat(ddl).contains("\"account_no\"", "\"name\" char(64)").doesNotContain("score");
    assertThat(String.join("\n", plan.deferredDdl()))
        .as("the foreign key into accounts follows the renamed key column")
        .contains("REFERENCES", "(\"account_no\")");
  }

  @Test
  void columnRulesThatDoNotFitAreBlockersNamingTableColumnAndFix() throws Exception {
    PlanResult plan =
        plan(
            "tables: { filter: { accounts: \"tenant = 7\" }, columns: { accounts: { exclude:"
                + " [id, nope, tenant], mask: { opened: sha256 }, rename: { name: score } },"
                + " ledger: { exclude: [x] } } }");
    assertThat(plan.findings())
        .filteredOn(Finding::isBlocker)
        .extracting(f -> f.subject() + ": " + f.message() + "; fix: " + f.fix())
        .anySatisfy(
            m ->
                assertThat(m)
                    .startsWith("tables.columns.accounts: ")
                    .contains("nope is not a column of table accounts")
                    .contains("column id is part of the row key (id)")
                    .contains("column tenant is read by the table's row filter")
                    .contains("column opened is date, which sha256 does not mask")
                    .contains("column name is renamed to score, but the table keeps a column score")
                    .contains("see docs/columns.md"))
        .anySatisfy(
            m ->
                assertThat(m)
                    .startsWith("tables.columns.ledger: ")
                    .contains("not among the migrated tables (accounts, entries)"));
  }

  @Test
  void columnRulesChangedAfterTheCopyStartedAreABlockerThatNamesTheReCopy() throws Exception {
    try (TestDatabase copiedTo = TestDatabase.postgres("filterplan_ruled")) {
      String copied =
          "tables: { include: [accounts], columns: { accounts: { mask: { name: sha256 },"
              + " rename: { id: account_no } } } }";
      godwit(copiedTo, copied).snapshot();
      assertThat(godwit(copiedTo, copied).plan().findings()).noneMatch(Finding::isBlocker);
      ValidationResult copy = godwit(copiedTo, copied).validate(List.of(), false);
      assertThat(copy.clean()).as("copied under a renamed key and a mask: %s", copy).isTrue();
      assertThat(copy.tables().get(0).sourceRows()).isEqualTo(5);
      assertThat(
              godwit(
                      copiedTo,
                      copied.replace(
                          "mask: { name: sha256 }, rename: { id: account_no }", "exclude: [name]"))
                  .plan()
                  .findings())
          .filteredOn(Finding::isBlocker)
          .singleElement()
          .satisfies(
              f -> {
                assertThat(f.subject()).isEqualTo("table accounts");
                assertThat(f.message())
                    .contains(
                        "column rules: {rename: id -> account_no; mask: name sha256} ->"
                            + " {exclude: name}");
                assertThat(f.fix()).contains("godwit resnapshot -c FILE accounts");
              });
    }
  }

  @Test
  void aMariaDbTargetHoldsMasksInCharColumnsAndValidationComparesThem() throws Exception {
    String name = TestMigration.uniqueName("ruled", Engine.MARIADB);
    try (TestDatabase to = TestDatabase.mariadb("filterplan_ruled_my")) {
      String yaml =
          TestMigration.yaml(
              name,
              source,
              to,
              "tables: { include: [accounts], columns: { accounts: { mask: { name: sha256 },"
                  + " rename: { opened: opened_on }, exclude: [score] } } }");
      Godwit godwit =
          new Godwit(new ConfigLoader().load(yaml, "ruled.yaml"), new SimpleMeterRegistry());
      try {
        godwit.snapshot();
        ValidationResult copy = godwit.validate(List.of(), false);
        assertThat(copy.clean()).as("%s", copy).isTrue();
        to.execute("UPDATE accounts SET name = SHA2('planted', 256) WHERE id = 3");
        ValidationResult planted = godwit.validate(List.of(), false);
        assertThat(planted.tables().get(0).different()).as("%s", planted).isOne();
      } finally {
        to.forgetMigration(name);
      }
    }
  }

  private static Godwit godwit(TestDatabase to, String tables) throws Exception {
    String yaml = TestMigration.yaml("filterplan_copied", source, to, tables);
    return new Godwit(new ConfigLoader().load(yaml, "filterplan.yaml"), new SimpleMeterRegistry());
  }
}
