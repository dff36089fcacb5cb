package io.godwit.plan;

import static org.assertj.core.api.Assertions.assertThat;

import io.godwit.Godwit;
import io.godwit.config.ConfigLoader;
import io.godwit.config.MigrationConfig;
import io.godwit.db.Finding;
import io.godwit.testing.ScratchMariaDb;
import io.godwit.testing.TestDatabase;
import io.godwit.testing.TestMigration;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.Statement;
import java.util.List;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/** {@code godwit plan} from a MariaDB source into PostgreSQL, on the real servers. */
class MariaDbPlanIT {

  private static TestDatabase source;
  private static TestDatabase target;

  @BeforeAll
  static void createDatabases() throws Exception {
    source = TestDatabase.mariadb("plan_src");
    target = TestDatabase.postgres("plan_tgt");
    source.execute(
        """
        CREATE TABLE orders (
          id BIGINT UNSIGNED NOT NULL AUTO_INCREMENT PRIMARY KEY,
          paid TINYINT(1) NOT NULL DEFAULT 0,
          total DECIMAL(12,2) NOT NULL,
          placed DATETIME(6) NOT NULL,
          doc JSON,
          KEY ix_placed (placed)
        )""",
        "CREATE TABLE order_lines (order_id BIGINT UNSIGNED NOT NULL, n INT NOT NULL,"
            + " PRIMARY KEY (order_id, n),"
            + " CONSTRAINT fk_order FOREIGN KEY (order_id) REFERENCES orders (id))",
        "CREATE TABLE nokey (a INT, b INT)",
        "CREATE TABLE clash (id INT PRIMARY KEY, name VARCHAR(10))");
    target.execute("CREATE TABLE clash (id int PRIMARY KEY, other text)");
  }

  @AfterAll
  static void dropDatabases() throws Exception {
    source.close();
    target.close();
  }

  /** Found by the fidelity harness: such a table stopped the whole capture at its start. */
  @Test
  void inetColumnsBlockTheCaptureWithTheirFix() throws Exception {
    source.execute("CREATE TABLE addresses (id INT PRIMARY KEY, v4 INET4, v6 INET6)");
    try {
      PlanResult plan = plan("tables: { include: [addresses] }");
      assertThat(plan.findings())
          .filteredOn(Finding::isBlocker)
          .extracting(Finding::subject)
          .containsExactlyInAnyOrder("column addresses.v4", "column addresses.v6");
      assertThat(plan.findings())
          .filteredOn(f -> f.subject().equals("column addresses.v6"))
          .singleElement()
          .satisfies(f -> assertThat(f.fix()).contains("varchar(39)"));
    } finally {
      source.execute("DROP TABLE addresses");
    }
  }

  private static PlanResult plan(String extra) throws Exception {
    return planFile(TestMigration.yaml("shop", source, target, extra));
  }

  private static PlanResult planFile(String yaml) throws Exception {
    MigrationConfig config = new ConfigLoader().load(yaml, "shop.yaml");
    return new Godwit(config, new SimpleMeterRegistry()).plan();
  }

  private static final String READY_TABLES = "tables: { include: [orders, order_lines] }";

  @Test
  void reportsTablesDdlAndNonExactMappingsWithoutBlockers() throws Exception {
    PlanResult plan = plan(READY_TABLES);
    assertThat(plan.findings()).noneMatch(Finding::isBlocker);
    assertThat(plan.tables())
        .extracting(PlanResult.PlannedTable::source)
        .containsExactlyInAnyOrder("order_lines", "orders");
    assertThat(String.join("\n", plan.ddl())).contains("CREATE TABLE").contains("\"orders\"");
    assertThat(String.join("\n", plan.deferredDdl())).contains("ix_placed").contains("fk_order");
    assertThat(plan.mappings())
        .anySatisfy(m -> assertThat(m.column()).isEqualTo("paid"))
        .anySatisfy(m -> assertThat(m.column()).isEqualTo("id"));
    assertThat(PlanText.render(plan)).contains("Result: ready");
    assertThat(plan.source().url()).doesNotContain("password");
  }

  @Test
  void notesPerTableTheColumnsWhoseTargetValuesCouldNotGoBack() throws Exception {
    PlanResult plan = plan(READY_TABLES);
    List<Finding> notes =
        plan.findings().stream().filter(f -> f.subject().equals("rollback readiness")).toList();
    assertThat(notes).hasSize(2).allMatch(f -> f.severity() == Finding.Severity.INFO);
    assertThat(notes)
        .filteredOn(f -> f.message().startsWith("table orders:"))
        .singleElement()
        .satisfies(
            f ->
                assertThat(f.message())
                    .contains(
                        "the first such value the old source rejects, or would round (a decimal"
                            + " with more places than its column keeps), stops the table's")
                    .contains("id bigint(20) unsigned -> bigint: negative values")
                    .contains("total decimal(12,2) -> numeric(12,2): NaN")
                    .contains("placed datetime(6) -> timestamp(6): BC dates")
                    .doesNotContain(" paid "));
    assertThat(notes)
        .filteredOn(f -> f.message().startsWith("table order_lines:"))
        .singleElement()
        .satisfies(
            f ->
                assertThat(f.message())
                    .contains("order_id bigint(20) unsigned -> bigint: negative values")
                    .doesNotContain(" n int"));
    assertThat(PlanText.render(plan)).contains("INFO    rollback readiness: table orders: ");
  }

  @Test
  void aTableWithoutAnyKeyIsABlocker() throws Exception {
    PlanResult plan = plan("tables: { include: [nokey] }");
    assertThat(plan.findings())
        .filteredOn(Finding::isBlocker)
        .singleElement()
        .satisfies(f -> assertThat(f.message()).contains("nokey must have a primary key"));
  }

  @Test
  void aTargetTableWithOtherColumnsIsABlocker() throws Exception {
    PlanResult plan = plan("tables: { include: [clash] }");
    assertThat(plan.findings())
        .filteredOn(Finding::isBlocker)
        .singleElement()
        .satisfies(
            f -> {
              assertThat(f.message()).contains("missing name").contains("extra other");
              assertThat(f.fix()).contains("tables.rename");
            });
  }

  @Test
  void aSelectionMatchingNoTableIsABlocker() throws Exception {
    PlanResult plan = plan("tables: { include: [\"nothing_*\"] }");
    assertThat(plan.findings())
        .filteredOn(Finding::isBlocker)
        .singleElement()
        .satisfies(f -> assertThat(f.subject()).isEqualTo("tables.include"));
  }

  @Test
  void statementBinlogFormatAndMinimalRowImageAreBlockers() throws Exception {
    try (Connection c = source.connect();
        Statement st = c.createStatement()) {
      st.execute("SET GLOBAL binlog_format = 'STATEMENT'");
      st.execute("SET GLOBAL binlog_row_image = 'MINIMAL'");
      try {
        PlanResult plan = plan(READY_TABLES);
        assertThat(plan.findings())
            .filteredOn(Finding::isBlocker)
            .extracting(Finding::message)
            .containsExactlyInAnyOrder(
                "binlog_format must be ROW, found STATEMENT",
                "binlog_row_image must be FULL, found MINIMAL");
      } finally {
        st.execute("SET GLOBAL binlog_format = 'ROW'");
        st.execute("SET GLOBAL binlog_row_image = 'FULL'");
      }
    }
  }

  @Test
  void aUserWithoutReplicationPrivilegesIsBlocked() throws Exception {
    try (Connection c = source.connect();
        Statement st = c.createStatement()) {
      st.execute("DROP USER IF EXISTS 'godwit_plain'@'127.0.0.1'");
      st.execute("CREATE USER 'godwit_plain'@'127.0.0.1' IDENTIFIED BY 'secret-pw'");
      st.execute("GRANT SELECT ON `" + source.name() + "`.* TO 'godwit_plain'@'127.0.0.1'");
      try {
        PlanResult plan =
            planFile(
                TestMigration.yaml(
                    "shop", source.url(), "godwit_plain", "secret-pw", target, READY_TABLES));
        assertThat(plan.findings())
            .filteredOn(Finding::isBlocker)
            .singleElement()
            .satisfies(
                f -> {
                  assertThat(f.message()).contains("must have REPLICATION SLAVE, BINLOG MONITOR");
                  assertThat(f.fix()).startsWith("GRANT REPLICATION SLAVE, BINLOG MONITOR ON *.*");
                });
        assertThat(Json.of(plan)).doesNotContain("secret-pw");
      } finally {
        st.execute("DROP USER 'godwit_plain'@'127.0.0.1'");
      }
    }
  }

  @Test
  void aServerWithoutBinlogIsBlocked() throws Exception {
    try (ScratchMariaDb scratch = ScratchMariaDb.start(3399, "--skip-log-bin")) {
      try (Connection c = DriverManager.getConnection(scratch.url(), "root", "");
          Statement st = c.createStatement()) {
        st.execute("CREATE DATABASE shop");
        st.execute("CREATE TABLE shop.t (id INT PRIMARY KEY)");
      }
      PlanResult plan =
          planFile(TestMigration.yaml("shop", scratch.url("shop"), "root", "", target, ""));
      assertThat(plan.findings())
          .filteredOn(Finding::isBlocker)
          .extracting(Finding::message)
          .contains("log_bin must be ON, found OFF");
    }
  }
}
