package io.godwit.snapshot;

import static org.assertj.core.api.Assertions.assertThat;

import com.zaxxer.hikari.HikariDataSource;
import io.godwit.Godwit;
import io.godwit.db.Dialect;
import io.godwit.db.Finding;
import io.godwit.engine.Engine;
import io.godwit.plan.PlanResult;
import io.godwit.plan.Planner;
import io.godwit.schema.TargetTable;
import io.godwit.testing.TestDataSources;
import io.godwit.testing.TestDatabase;
import io.godwit.testing.TestMigration;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import java.sql.Connection;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * A PostgreSQL key fed by {@code DEFAULT nextval('seq')} with a sequence it does not own (older
 * dumps, hand-written schemas) keeps generating values on the target, and its counter is set past
 * the source's own at cutover; a sequence shared by several columns still cannot be translated and
 * plan says so.
 */
class SequenceKeysIT {

  private TestDatabase src;
  private TestDatabase tgt;

  @AfterEach
  void dropDatabases() throws Exception {
    src.close();
    tgt.close();
  }

  @ParameterizedTest
  @ValueSource(strings = {"mariadb", "postgresql"})
  void aKeyFedByAnUnownedSequenceStaysAnAutoIncrementKey(String target) throws Exception {
    src = TestDatabase.postgres("seqkeys_src");
    tgt =
        target.equals("mariadb")
            ? TestDatabase.mariadb("seqkeys_tgt")
            : TestDatabase.postgres("seqkeys_tgt");
    src.execute(
        "CREATE SEQUENCE actor_actor_id_seq",
        "CREATE TABLE actor (actor_id integer DEFAULT nextval('actor_actor_id_seq') NOT NULL"
            + " PRIMARY KEY, name text)",
        "INSERT INTO actor (name) SELECT 'n' || g FROM generate_series(1, 50) g",
        "SELECT setval('actor_actor_id_seq', 500)",
        "CREATE SEQUENCE shared_seq",
        "CREATE TABLE a1 (id integer DEFAULT nextval('shared_seq') NOT NULL PRIMARY KEY)",
        "CREATE TABLE a2 (id integer DEFAULT nextval('shared_seq') NOT NULL PRIMARY KEY)");
    Godwit godwit =
        new Godwit(TestMigration.config("seqkeys", src, tgt, ""), new SimpleMeterRegistry());

    PlanResult plan = godwit.plan();
    assertThat(plan.findings())
        .filteredOn(f -> f.severity() == Finding.Severity.WARNING)
        .extracting(Finding::message)
        .noneMatch(m -> m.startsWith("actor."))
        .anyMatch(m -> m.startsWith("a1.id: default nextval('shared_seq'"))
        .anyMatch(m -> m.startsWith("a2.id: default nextval('shared_seq'"));

    godwit.snapshot();
    tgt.execute("INSERT INTO actor (name) VALUES ('after the copy')");
    assertThat(SnapshotScenarioIT.count(tgt, "actor")).isEqualTo(51);

    try (HikariDataSource source = TestDataSources.pool(src);
        HikariDataSource targetPool = TestDataSources.pool(tgt);
        Connection c = source.getConnection()) {
      Dialect sourceDialect = Dialect.of(Engine.POSTGRESQL);
      assertThat(sourceDialect.nextIdentityValue(c, "public", "actor", "actor_id"))
          .as("the source's own counter")
          .isEqualTo(501);
      List<TargetTable> tables =
          new Planner(TestMigration.config("seqkeys", src, tgt, ""), source, targetPool)
              .prepare(false)
              .tables();
      Dialect targetDialect = Dialect.of(tgt.engine());
      new AfterCopy(targetPool, targetDialect)
          .sequences(
              tables,
              (table, column) ->
                  sourceDialect.nextIdentityValue(
                      c, table.source().schema(), table.source().name(), column));
    }
    tgt.execute("INSERT INTO actor (name) VALUES ('after cutover')");
    try (Connection c = tgt.connect();
        var st = c.createStatement();
        var rs = st.executeQuery("SELECT max(actor_id) FROM actor")) {
      rs.next();
      assertThat(rs.getLong(1)).as("the id given after cutover").isEqualTo(501);
    }
  }
}
