package io.godwit.plan;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.godwit.Godwit;
import io.godwit.config.ConfigLoader;
import io.godwit.db.Finding;
import io.godwit.testing.TestDatabase;
import io.godwit.testing.TestMigration;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import java.sql.Connection;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * A ready plan's DDL runs on the real target, and a blocker about the target's limits is true: the
 * DDL it refuses fails there, and its fix makes the plan ready and the DDL run. Each source table
 * is planned alone, its DDL (tables, then indexes and foreign keys) run on an empty target.
 */
class PlanDdlIT {

  private static TestDatabase pg;
  private static TestDatabase maria;
  private static TestDatabase target;

  @BeforeAll
  static void createDatabases() throws Exception {
    pg = TestDatabase.postgres("planddl_pg");
    maria = TestDatabase.mariadb("planddl_maria");
    pg.execute(
        "CREATE TABLE kint_text (id int, region text, PRIMARY KEY (id, region))",
        "CREATE TABLE kedge (id int, region varchar(767), PRIMARY KEY (id, region))",
        "CREATE TABLE kfour (a varchar(200), b varchar(200), c varchar(200), d varchar(200),"
            + " PRIMARY KEY (a, b, c, d))",
        "CREATE TABLE wide (id int PRIMARY KEY, a varchar(5000), b varchar(5000),"
            + " c varchar(5000), d varchar(5000))",
        "CREATE TABLE prefixed (id int PRIMARY KEY, body text, title varchar(2000))",
        "CREATE INDEX prefixed_body ON prefixed (body)",
        "CREATE INDEX prefixed_title ON prefixed (title)",
        "CREATE TABLE multi (id int PRIMARY KEY, a varchar(500), b varchar(500), c varchar(600),"
            + " n int)",
        "CREATE UNIQUE INDEX multi_u ON multi (a, b, c)",
        "CREATE INDEX multi_abc ON multi (n, a, b, c)",
        "CREATE TABLE exprs (id int PRIMARY KEY, a text, n int)",
        "CREATE INDEX exprs_lower ON exprs (lower(a))",
        "CREATE INDEX exprs_partial ON exprs (n) WHERE n > 0",
        "CREATE TABLE binidx (id int PRIMARY KEY, a bytea, b varchar(1000), c bytea)",
        "CREATE INDEX binidx_ab ON binidx (a, b)",
        "CREATE INDEX binidx_c ON binidx (c)");
    maria.execute(
        "CREATE TABLE kfour (a VARCHAR(191), b VARCHAR(191), c VARCHAR(191), d VARCHAR(191),"
            + " PRIMARY KEY (a, b, c, d)) CHARSET utf8mb4",
        "CREATE TABLE prefixed (id INT PRIMARY KEY, body TEXT, title VARCHAR(2000),"
            + " KEY (body(100)), KEY (title(500))) CHARSET utf8mb4",
        "CREATE TABLE multi (id INT PRIMARY KEY, a VARCHAR(300), b VARCHAR(300), n INT,"
            + " UNIQUE KEY (a, b), KEY (n, a)) CHARSET utf8mb4",
        "CREATE TABLE latin (id INT, name VARCHAR(3000), PRIMARY KEY (id, name)) CHARSET latin1");
  }

  @AfterAll
  static void dropDatabases() throws Exception {
    pg.close();
    maria.close();
  }

  @Test
  void postgresToMariaDbKeyOfIntAndText() throws Exception {
    blockedThenFixed(
        pg, "kint_text", "max key length is 3072 bytes", "\"kint_text.region\": varchar(767)");
  }

  @Test
  void postgresToMariaDbKeyOfFourUtf8mb4Columns() throws Exception {
    blockedThenFixed(
        pg,
        "kfour",
        "max key length is 3072 bytes",
        "\"kfour.a\": varchar(192), \"kfour.b\": varchar(192), \"kfour.c\": varchar(192),"
            + " \"kfour.d\": varchar(192)");
  }

  @Test
  void postgresToMariaDbRowOver65535Bytes() throws Exception {
    blockedThenFixed(pg, "wide", "Row size too large", "\"wide.a\": text");
  }

  @Test
  void postgresToMariaDbReadyTablesCreateWithEveryIndexKind() throws Exception {
    for (String table : List.of("kedge", "prefixed", "multi", "exprs", "binidx")) {
      readyAndRuns(pg, TestDatabase.mariadb("planddl_tgt"), table, "");
    }
  }

  @Test
  void mariaDbToPostgresReadyTablesCreateWithEveryIndexKind() throws Exception {
    for (String table : List.of("kfour", "prefixed", "multi", "latin")) {
      readyAndRuns(maria, TestDatabase.postgres("planddl_tgt"), table, "");
    }
  }

  @Test
  void mariaDbToMariaDbKeepsCharacterSetsInTheKeySize() throws Exception {
    for (String table : List.of("kfour", "prefixed", "multi", "latin")) {
      readyAndRuns(maria, TestDatabase.mariadb("planddl_tgt"), table, "");
    }
  }

  private static void blockedThenFixed(
      TestDatabase source, String table, String targetError, String fix) throws Exception {
    target = TestDatabase.mariadb("planddl_tgt");
    try {
      PlanResult plan = plan(source, table, "");
      assertThat(plan.findings())
          .filteredOn(Finding::isBlocker)
          .singleElement()
          .satisfies(
              f -> {
                assertThat(f.subject()).isEqualTo("table " + table);
                assertThat(f.fix()).contains(fix);
              });
      assertThatThrownBy(() -> run(plan))
          .as("the DDL plan refused, run anyway")
          .isInstanceOf(SQLException.class)
          .hasMessageContaining(targetError);
    } finally {
      target.close();
    }
    String overrides = fix.replaceAll("\"([^\"]+)\": ([a-z0-9()]+)", "\"$1\": \"$2\"");
    readyAndRuns(
        source,
        TestDatabase.mariadb("planddl_tgt"),
        table,
        "tables: { include: [%s], column-types: { %s } }".formatted(table, overrides));
  }

  private static void readyAndRuns(
      TestDatabase source, TestDatabase tgt, String table, String tables) throws Exception {
    target = tgt;
    try {
      PlanResult plan = plan(source, table, tables);
      assertThat(plan.findings()).as("blockers for %s", table).noneMatch(Finding::isBlocker);
      run(plan);
    } finally {
      target.close();
    }
  }

  private static PlanResult plan(TestDatabase source, String table, String tables)
      throws Exception {
    String yaml =
        TestMigration.yaml(
            "planddl",
            source,
            target,
            tables.isEmpty() ? "tables: { include: [%s] }".formatted(table) : tables);
    return new Godwit(new ConfigLoader().load(yaml, "planddl.yaml"), new SimpleMeterRegistry())
        .plan();
  }

  private static void run(PlanResult plan) throws SQLException {
    List<String> all = new ArrayList<>(plan.ddl());
    all.addAll(plan.deferredDdl());
    try (Connection c = target.connect();
        Statement st = c.createStatement()) {
      for (String sql : all) {
        st.execute(sql);
      }
    }
  }
}
