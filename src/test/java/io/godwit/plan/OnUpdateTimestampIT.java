package io.godwit.plan;

import static org.assertj.core.api.Assertions.assertThat;

import com.zaxxer.hikari.HikariDataSource;
import io.godwit.db.Dialect;
import io.godwit.engine.Engine;
import io.godwit.plan.InventoryItem.Handling;
import io.godwit.schema.SourceObject.Kind;
import io.godwit.schema.TargetTable;
import io.godwit.snapshot.AfterCopy;
import io.godwit.testing.TestDataSources;
import io.godwit.testing.TestDatabase;
import io.godwit.testing.TestMigration;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * A MariaDB column with {@code ON UPDATE CURRENT_TIMESTAMP} keeps the behaviour on the target: the
 * applier's writes keep the source's value, and after cutover an application's update of another
 * column sets it, as on the source.
 */
class OnUpdateTimestampIT {

  private static final String OLD = "2020-01-01 00:00:00";

  private static TestDatabase source;

  @BeforeAll
  static void createSource() throws Exception {
    source = TestDatabase.mariadb("inv_onupd_src");
    source.execute(
        """
        CREATE TABLE film (
          id INT PRIMARY KEY,
          title VARCHAR(20) NOT NULL,
          last_update TIMESTAMP NOT NULL DEFAULT CURRENT_TIMESTAMP ON UPDATE CURRENT_TIMESTAMP,
          changed DATETIME(3) NULL ON UPDATE CURRENT_TIMESTAMP(3)
        )""");
  }

  @AfterAll
  static void dropSource() throws Exception {
    source.close();
  }

  @Test
  void mariaDbToMariaDbCreatesTheColumnWithOnUpdate() throws Exception {
    try (TestDatabase target = TestDatabase.mariadb("inv_onupd_tgt");
        HikariDataSource from = TestDataSources.pool(source);
        HikariDataSource into = TestDataSources.pool(target)) {
      Planner.Prepared prepared = prepare(target, from, into);
      assertThat(item(prepared.plan(), "film.last_update").handling()).isEqualTo(Handling.CARRIED);
      run(target, prepared.plan().ddl());

      applierWritesTwice(target, prepared.tables().get(0));
      assertThat(read(target)).isEqualTo("b|" + OLD + "|" + OLD + ".000");

      target.execute("UPDATE film SET title = 'c' WHERE id = 1");
      assertThat(read(target)).doesNotContain(OLD).startsWith("c|");
    }
  }

  @Test
  void mariaDbToPostgresCreatesATriggerOnlyAtCutover() throws Exception {
    try (TestDatabase target = TestDatabase.postgres("inv_onupd_tgt");
        HikariDataSource from = TestDataSources.pool(source);
        HikariDataSource into = TestDataSources.pool(target)) {
      Planner.Prepared prepared = prepare(target, from, into);
      InventoryItem item = item(prepared.plan(), "film.changed");
      assertThat(item.handling()).isEqualTo(Handling.CARRIED);
      assertThat(item.definition()).contains("CREATE TRIGGER");
      List<String> ddl = new ArrayList<>(prepared.plan().ddl());
      ddl.addAll(prepared.plan().deferredDdl());
      assertThat(ddl).noneMatch(s -> s.contains("TRIGGER"));
      run(target, ddl);

      applierWritesTwice(target, prepared.tables().get(0));
      assertThat(read(target)).isEqualTo("b|" + OLD + "+00|" + OLD);

      AfterCopy after = new AfterCopy(into, Dialect.of(Engine.POSTGRESQL));
      after.onUpdateTriggers(prepared.tables());
      after.onUpdateTriggers(prepared.tables());
      target.execute("UPDATE film SET title = 'c' WHERE id = 1");
      assertThat(read(target)).doesNotContain(OLD).startsWith("c|");

      target.execute(
          "UPDATE film SET title = 'd', last_update = '2021-01-01 00:00:00+00',"
              + " changed = '2021-01-01 00:00:00' WHERE id = 1");
      target.execute("UPDATE film SET title = 'd' WHERE id = 1");
      assertThat(read(target)).isEqualTo("d|2021-01-01 00:00:00+00|2021-01-01 00:00:00");
    }
  }

  /** The applier inserts a row, then replicates an update of its title that kept the times. */
  private static void applierWritesTwice(TestDatabase target, TargetTable film) throws Exception {
    Dialect dialect = Dialect.of(target.engine());
    try (Connection c = target.connect()) {
      try (Statement st = c.createStatement()) {
        st.execute(dialect.sessionInitSql());
      }
      c.setAutoCommit(false);
      dialect.changeWriter().upsert(c, film, List.of(List.of("1", "a", OLD, OLD)), Set.of());
      c.commit();
      dialect.changeWriter().upsert(c, film, List.of(List.of("1", "b", OLD, OLD)), Set.of());
      c.commit();
    }
  }

  private static String read(TestDatabase target) throws Exception {
    try (Connection c = target.connect();
        Statement st = c.createStatement()) {
      st.execute(Dialect.of(target.engine()).sessionInitSql());
      try (ResultSet rs = st.executeQuery("SELECT title, last_update, changed FROM film")) {
        rs.next();
        return rs.getString(1) + "|" + rs.getString(2) + "|" + rs.getString(3);
      }
    }
  }

  private static Planner.Prepared prepare(
      TestDatabase target, HikariDataSource from, HikariDataSource into) throws Exception {
    return new Planner(
            TestMigration.config("inv_onupd", source, target, "tables: { include: [film] }"),
            from,
            into)
        .prepare(false);
  }

  private static InventoryItem item(PlanResult plan, String name) {
    return plan.inventory().stream()
        .filter(i -> i.kind() == Kind.ON_UPDATE && i.name().equals(name))
        .findFirst()
        .orElseThrow();
  }

  private static void run(TestDatabase target, List<String> statements) throws Exception {
    try (Connection c = target.connect();
        Statement st = c.createStatement()) {
      for (String sql : statements) {
        st.execute(sql);
      }
    }
  }
}
