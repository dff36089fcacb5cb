package io.godwit.plan;

import static org.assertj.core.api.Assertions.assertThat;

import io.godwit.Godwit;
import io.godwit.config.ConfigLoader;
import io.godwit.db.Finding;
import io.godwit.testing.TestDatabase;
import io.godwit.testing.TestMigration;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/** {@code godwit plan} from a PostgreSQL source, on the real server. */
class PostgresPlanIT {

  private static TestDatabase source;
  private static TestDatabase target;

  @BeforeAll
  static void createDatabases() throws Exception {
    source = TestDatabase.postgres("pgplan_src");
    target = TestDatabase.postgres("pgplan_tgt");
    source.execute(
        "CREATE TABLE items (id bigint PRIMARY KEY, name text NOT NULL, tags text[])",
        "CREATE TABLE events (at timestamptz NOT NULL, kind text)",
        "CREATE TABLE keyed (code text NOT NULL, v int, CONSTRAINT keyed_code UNIQUE (code))",
        "DROP ROLE IF EXISTS godwit_plain",
        "CREATE ROLE godwit_plain LOGIN",
        "GRANT SELECT ON ALL TABLES IN SCHEMA public TO godwit_plain");
  }

  @AfterAll
  static void dropDatabases() throws Exception {
    source.close();
    target.execute("DROP ROLE IF EXISTS godwit_plain");
    target.close();
  }

  private static PlanResult plan(String user, String tables) throws Exception {
    String yaml = TestMigration.yaml("pgshop", source.url(), user, "", target, tables);
    return new Godwit(new ConfigLoader().load(yaml, "pgshop.yaml"), new SimpleMeterRegistry())
        .plan();
  }

  @Test
  void aSuperuserWithPrimaryKeysHasNoBlockers() throws Exception {
    PlanResult plan = plan("postgres", "tables: { include: [items] }");
    assertThat(plan.findings()).noneMatch(Finding::isBlocker);
    assertThat(plan.mappings()).isEmpty();
  }

  @Test
  void aTableWithoutPrimaryKeyNeedsAReplicaIdentity() throws Exception {
    PlanResult plan = plan("postgres", "tables: { include: [events, keyed] }");
    assertThat(plan.findings())
        .filteredOn(Finding::isBlocker)
        .extracting(Finding::fix)
        .contains("ALTER TABLE \"public\".\"events\" REPLICA IDENTITY FULL")
        .contains("ALTER TABLE \"public\".\"keyed\" REPLICA IDENTITY USING INDEX \"keyed_code\"");
  }

  /**
   * Found by the fidelity harness: the connector leaves such a column out of every change, or
   * (name) sends it as NULL.
   */
  @Test
  void typesTheCaptureDoesNotStreamAreBlockersWithTheirFix() throws Exception {
    source.execute(
        "CREATE TABLE shapes (id int PRIMARY KEY, p point, q tsquery, l pg_lsn, m int4multirange,"
            + " j jsonpath, n name, ok int4range)");
    try {
      PlanResult plan = plan("postgres", "tables: { include: [shapes] }");
      assertThat(plan.findings())
          .filteredOn(Finding::isBlocker)
          .extracting(Finding::subject)
          .containsExactlyInAnyOrder(
              "column shapes.p",
              "column shapes.q",
              "column shapes.l",
              "column shapes.m",
              "column shapes.j",
              "column shapes.n");
      assertThat(plan.findings())
          .filteredOn(f -> f.subject().equals("column shapes.p"))
          .singleElement()
          .satisfies(f -> assertThat(f.fix()).contains("change the column to text"));
    } finally {
      source.execute("DROP TABLE shapes");
    }
  }

  @Test
  void aRoleWithoutReplicationOrOwnershipIsBlocked() throws Exception {
    PlanResult plan = plan("godwit_plain", "tables: { include: [items] }");
    assertThat(plan.findings())
        .filteredOn(Finding::isBlocker)
        .extracting(Finding::message)
        .anySatisfy(m -> assertThat(m).contains("must have the REPLICATION attribute"))
        .anySatisfy(
            m -> assertThat(m).contains("must own items to create publication godwit_pgshop"));
  }

  /**
   * PostgreSQL 15 grants PUBLIC only USAGE on schema public, so a plain role can read but not
   * create there: a target user with USAGE alone must be blocked (given a list,
   * has_schema_privilege asks whether any of it is held, which once let this user pass).
   */
  @Test
  void aTargetUserWithUsageButNoCreateOnTheSchemaIsBlocked() throws Exception {
    String yaml =
        TestMigration.yaml(
            "pgshop",
            source.url(),
            "postgres",
            "",
            target.url(),
            "godwit_plain",
            "tables: { include: [items] }");
    PlanResult plan =
        new Godwit(new ConfigLoader().load(yaml, "pgshop.yaml"), new SimpleMeterRegistry()).plan();
    assertThat(plan.findings())
        .filteredOn(Finding::isBlocker)
        .extracting(Finding::fix)
        .contains("GRANT USAGE, CREATE ON SCHEMA \"public\" TO \"godwit_plain\"");
  }
}
