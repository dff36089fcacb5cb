package io.godwit.plan;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.godwit.Godwit;
import io.godwit.config.ConfigLoader;
import io.godwit.config.Endpoint;
import io.godwit.config.RollbackSettings.Reverse;
import io.godwit.db.Dialect;
import io.godwit.db.Finding;
import io.godwit.db.OldSource;
import io.godwit.engine.Engine;
import io.godwit.testing.Ports;
import io.godwit.testing.ScratchMariaDb;
import io.godwit.testing.ScratchPostgres;
import io.godwit.testing.TestDatabase;
import io.godwit.testing.TestMigration;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.Statement;
import java.util.List;
import java.util.Properties;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * {@code plan}'s check that the target can be captured for the reverse stream ({@code
 * rollback.reverse}), planted on throwaway targets that cannot be: PostgreSQL with {@code wal_level
 * = replica}, MariaDB without a binlog. The shared servers, which can, are the clean case.
 */
class ReverseCaptureIT {

  private static TestDatabase source;
  private static ScratchPostgres replicaLevel;
  private static ScratchMariaDb noBinlog;
  private static TestDatabase pgTarget;
  private static TestDatabase mariaTarget;
  private static TestDatabase capturable;

  @BeforeAll
  static void start() throws Exception {
    source = TestDatabase.postgres("revplan_src");
    source.execute("CREATE TABLE items (id bigint PRIMARY KEY, name text NOT NULL)");
    replicaLevel = ScratchPostgres.init(Ports.free());
    replicaLevel.configure("wal_level = replica").start();
    pgTarget = TestDatabase.on(replicaLevel, "revplan_tgt");
    noBinlog = ScratchMariaDb.start(Ports.free());
    mariaTarget = TestDatabase.on(noBinlog, "revplan_tgt");
    capturable = TestDatabase.postgres("revplan_tgt");
  }

  @AfterAll
  static void stop() throws Exception {
    for (AutoCloseable c :
        new AutoCloseable[] {source, capturable, pgTarget, mariaTarget, replicaLevel, noBinlog}) {
      if (c != null) {
        c.close();
      }
    }
  }

  @Test
  void aPostgresTargetWithoutLogicalDecodingBlocksWhenTheReverseStreamIsAskedFor()
      throws Exception {
    List<Finding> found = reverse(plan(pgTarget, "rollback: { reverse: on }"));

    assertThat(found)
        .singleElement()
        .satisfies(
            f -> {
              assertThat(f.isBlocker()).isTrue();
              assertThat(f.message())
                  .contains("the target cannot be captured for the reverse stream")
                  .contains("wal_level must be logical, found replica");
              assertThat(f.fix())
                  .contains("ALTER SYSTEM SET wal_level = logical")
                  .contains("rollback.reverse: off");
            });
  }

  @Test
  void autoMakesTheSameTargetAWarningThatTheCutoverWillBeOneWay() throws Exception {
    List<Finding> found = reverse(plan(pgTarget, "rollback: { reverse: auto }"));

    assertThat(found)
        .singleElement()
        .satisfies(
            f -> {
              assertThat(f.severity()).isEqualTo(Finding.Severity.WARNING);
              assertThat(f.message())
                  .contains("wal_level must be logical, found replica")
                  .contains("the cutover will be one-way");
            });
    try (Connection c = pgTarget.connect()) {
      assertThat(
              ReverseCapture.enabled(
                  Reverse.AUTO, Dialect.of(Engine.POSTGRESQL), c, "revplan_pgshop"))
          .isFalse();
      assertThat(
              ReverseCapture.enabled(
                  Reverse.ON, Dialect.of(Engine.POSTGRESQL), c, "revplan_pgshop"))
          .isTrue();
    }
  }

  @Test
  void offChecksNothingAndIsTheDefaultUntilAReverseStreamReadsTheSlot() throws Exception {
    assertThat(reverse(plan(pgTarget, "rollback: { reverse: off }"))).isEmpty();
    assertThat(reverse(plan(pgTarget, ""))).isEmpty();
  }

  @Test
  void aMariaDbTargetWithoutBinlogBlocksWhenTheReverseStreamIsAskedFor() throws Exception {
    List<Finding> found = reverse(plan(mariaTarget, "rollback: { reverse: on }"));

    assertThat(found)
        .filteredOn(Finding::isBlocker)
        .extracting(Finding::message)
        .anySatisfy(m -> assertThat(m).contains("log_bin must be ON, found OFF"));
  }

  @Test
  void aTargetThatCanBeCapturedIsNotedWithItsReverseSlot() throws Exception {
    List<Finding> found = reverse(plan(capturable, "rollback: { reverse: on }"));

    assertThat(found)
        .singleElement()
        .satisfies(
            f -> {
              assertThat(f.severity()).isEqualTo(Finding.Severity.INFO);
              assertThat(f.message())
                  .contains("slot and publication godwit_revplan_pgshop_reverse");
            });
    try (Connection c = capturable.connect()) {
      assertThat(
              ReverseCapture.enabled(
                  Reverse.AUTO, Dialect.of(Engine.POSTGRESQL), c, "revplan_pgshop"))
          .isTrue();
    }
  }

  /**
   * The old source's user, checked against what PostgreSQL itself does: a user the plan blocks is
   * refused the reverse applier's session, and once granted what the fix names, the plan is clean
   * and the session writes the table past the read-only freeze.
   */
  @Test
  void aPostgresOldSourceUserWithoutWriteRightsBlocksAndTheEngineAgrees() throws Exception {
    String role = "revplan_app";
    source.execute(
        ("DO $$ BEGIN IF EXISTS (SELECT FROM pg_roles WHERE rolname = '%s') THEN"
                + " DROP OWNED BY %s CASCADE; DROP ROLE %s; END IF; END $$")
            .formatted(role, role, role),
        "CREATE ROLE " + role + " LOGIN REPLICATION",
        "GRANT SELECT ON items TO " + role);
    try {
      List<Finding> blocked =
          oldSource(plan(source.url(), role, capturable, "rollback: { reverse: on }"));
      assertThat(blocked).allSatisfy(f -> assertThat(f.isBlocker()).isTrue());
      assertThat(blocked)
          .extracting(Finding::message)
          .anySatisfy(m -> assertThat(m).contains("INSERT, UPDATE, DELETE").contains(": items"))
          .anySatisfy(m -> assertThat(m).contains("session_replication_role"));
      assertThatThrownBy(() -> writePastTheFreeze(role, 1))
          .hasMessageContaining("permission denied to set parameter");

      source.execute(
          "GRANT INSERT, UPDATE, DELETE ON items TO " + role,
          "GRANT SET ON PARAMETER session_replication_role TO " + role,
          "GRANT CREATE ON DATABASE " + source.name() + " TO " + role,
          "ALTER DATABASE " + source.name() + " SET default_transaction_read_only = on");
      assertThat(oldSource(plan(source.url(), role, capturable, "rollback: { reverse: on }")))
          .isEmpty();
      writePastTheFreeze(role, 2);
    } finally {
      source.execute(
          "SET SESSION CHARACTERISTICS AS TRANSACTION READ WRITE",
          "ALTER DATABASE " + source.name() + " RESET default_transaction_read_only",
          "DROP OWNED BY " + role + " CASCADE",
          "DROP ROLE " + role);
    }
  }

  /**
   * MariaDB 10.11's {@code read_only}, checked on the throwaway server: a {@code SUPER} user is
   * refused (the plan blocks it), a {@code READ_ONLY ADMIN} user writes (the plan is clean), and
   * with the hook freeze neither privilege is needed.
   */
  @Test
  void aMariaDbOldSourceUserNeedsReadOnlyAdminToWritePastTheFreeze() throws Exception {
    TestDatabase shop = TestDatabase.on(noBinlog, "revplan_maria");
    try (shop) {
      shop.execute("CREATE TABLE items (id bigint PRIMARY KEY, name text NOT NULL)");
      for (String user : List.of("revplan_super", "revplan_roadmin")) {
        shop.execute(
            "DROP USER IF EXISTS " + user,
            "CREATE USER " + user + " IDENTIFIED BY 'pw'",
            "GRANT SELECT, INSERT, UPDATE, DELETE ON " + shop.name() + ".* TO " + user,
            "GRANT SELECT, INSERT, UPDATE, DELETE, CREATE, ALTER ON _godwit.* TO " + user);
      }
      shop.execute(
          "GRANT SUPER ON *.* TO revplan_super", "GRANT READ_ONLY ADMIN ON *.* TO revplan_roadmin");

      assertThat(
              oldSource(
                  plan(shop.url(), "revplan_super", "pw", capturable, "rollback: { reverse: on }")))
          .singleElement()
          .satisfies(
              f -> {
                assertThat(f.isBlocker()).isTrue();
                assertThat(f.message()).contains("must have READ_ONLY ADMIN");
                assertThat(f.fix()).contains("GRANT READ_ONLY ADMIN ON *.* TO 'revplan_super'");
              });
      assertThat(
              oldSource(
                  plan(
                      shop.url(),
                      "revplan_super",
                      "pw",
                      capturable,
                      "rollback: { reverse: on }\ncutover: { freeze: hook, freeze-hook: 'true',"
                          + " unfreeze-hook: 'true' }")))
          .isEmpty();
      assertThat(
              oldSource(
                  plan(
                      shop.url(),
                      "revplan_roadmin",
                      "pw",
                      capturable,
                      "rollback: { reverse: on }")))
          .isEmpty();

      shop.execute("SET GLOBAL read_only = ON");
      try {
        assertThatThrownBy(() -> insert(shop.url(), "revplan_super", 1))
            .hasMessageContaining("read-only");
        insert(shop.url(), "revplan_roadmin", 2);
      } finally {
        shop.execute("SET GLOBAL read_only = OFF");
      }
    }
  }

  private static void writePastTheFreeze(String role, long id) throws Exception {
    Endpoint endpoint =
        OldSource.pastTheFreeze(
            new ConfigLoader()
                .load(
                    TestMigration.yaml("revplan_w", source.url(), role, "", capturable, ""),
                    "w.yaml")
                .source());
    Properties props = new Properties();
    props.putAll(endpoint.properties());
    props.put("user", role);
    try (Connection c = DriverManager.getConnection(endpoint.url(), props);
        Statement st = c.createStatement()) {
      st.executeUpdate("INSERT INTO items VALUES (" + id + ", 'past the freeze')");
    }
  }

  private static void insert(String url, String user, long id) throws Exception {
    try (Connection c = DriverManager.getConnection(url, user, "pw");
        Statement st = c.createStatement()) {
      st.executeUpdate("INSERT INTO items VALUES (" + id + ", 'past the freeze')");
    }
  }

  private static PlanResult plan(String sourceUrl, String user, TestDatabase target, String extra)
      throws Exception {
    return plan(sourceUrl, user, "", target, extra);
  }

  private static PlanResult plan(
      String sourceUrl, String user, String password, TestDatabase target, String extra)
      throws Exception {
    String yaml =
        TestMigration.yaml(
            "revplan_old",
            sourceUrl,
            user,
            password,
            target,
            "tables: { include: [items] }\n" + extra);
    return new Godwit(new ConfigLoader().load(yaml, "revplan.yaml"), new SimpleMeterRegistry())
        .plan();
  }

  private static List<Finding> oldSource(PlanResult plan) {
    return reverse(plan).stream()
        .filter(f -> f.message().contains("the old source cannot take"))
        .toList();
  }

  private static PlanResult plan(TestDatabase target, String extra) throws Exception {
    String yaml =
        TestMigration.yaml(
            "revplan_pgshop",
            source.url(),
            "postgres",
            "",
            target,
            "tables: { include: [items] }\n" + extra);
    return new Godwit(new ConfigLoader().load(yaml, "revplan.yaml"), new SimpleMeterRegistry())
        .plan();
  }

  private static List<Finding> reverse(PlanResult plan) {
    return plan.findings().stream()
        .filter(f -> f.subject().equals(ReverseCapture.SUBJECT))
        .toList();
  }
}
