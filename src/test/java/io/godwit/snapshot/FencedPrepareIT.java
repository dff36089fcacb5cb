package io.godwit.snapshot;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.zaxxer.hikari.HikariDataSource;
import io.godwit.config.MigrationConfig;
import io.godwit.db.Dialect;
import io.godwit.engine.Engine;
import io.godwit.plan.Planner;
import io.godwit.schema.Table;
import io.godwit.schema.TargetTable;
import io.godwit.state.RunnerFencedException;
import io.godwit.state.RunnerLock;
import io.godwit.state.StateStore;
import io.godwit.state.TableStates;
import io.godwit.testing.TestDataSources;
import io.godwit.testing.TestDatabase;
import io.godwit.testing.TestMigration;
import java.sql.Connection;
import java.util.List;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

/**
 * A runner taken over (its lock session killed, a second runner holding the migration) that goes on
 * to prepare the target tables: it creates no table, registers none and forgets none, on PostgreSQL
 * (DDL in the prepare's transaction) and MariaDB (DDL that commits by itself).
 */
class FencedPrepareIT {

  @ParameterizedTest
  @EnumSource(
      value = Engine.class,
      names = {"POSTGRESQL", "MARIADB"})
  void aRunnerTakenOverCreatesRegistersAndForgetsNoTable(Engine engine) throws Exception {
    String migration = TestMigration.uniqueName("fenced_prepare", engine);
    Dialect dialect = Dialect.of(engine);
    try (TestDatabase src = TestDatabase.create(engine, "fprep_src");
        TestDatabase tgt = TestDatabase.create(engine, "fprep_tgt");
        HikariDataSource source = TestDataSources.pool(src);
        HikariDataSource target = TestDataSources.pool(tgt)) {
      src.execute(
          "CREATE TABLE items (id INT NOT NULL PRIMARY KEY, code VARCHAR(20) NOT NULL)",
          "CREATE TABLE other (id INT NOT NULL PRIMARY KEY, v VARCHAR(5))");
      MigrationConfig config = TestMigration.config(migration, src, tgt, "");
      List<TargetTable> tables = new Planner(config, source, target).translate();
      assertThat(tables).hasSize(2);
      Snapshot.Sides sides = new Snapshot.Sides(source, dialect, target, dialect);
      StateStore store = new StateStore(target, dialect);
      store.install();
      store.register(migration, "source", "target");
      try (RunnerLock first = store.acquire(migration, "host-a pid 1")) {
        tgt.killOtherSessions();
        try (RunnerLock second = store.acquire(migration, "host-b pid 2")) {
          TableStates staleStates = new TableStates(migration, first.epoch());
          TableStates current = new TableStates(migration, second.epoch());
          TargetPreparer stale = new TargetPreparer(sides, staleStates);
          String tookOver =
              "another runner took over migration %s (epoch %d > mine %d)"
                  .formatted(migration, second.epoch().epoch(), first.epoch().epoch());

          assertThatThrownBy(() -> stale.prepare(tables))
              .isInstanceOf(RunnerFencedException.class)
              .hasMessageContaining(tookOver);
          assertThat(targetTables(target, dialect, tgt)).as("no table created").isEmpty();
          try (Connection c = target.getConnection()) {
            assertThat(current.known(c)).as("no table registered").isEmpty();
          }

          new TargetPreparer(sides, current).prepare(tables);
          tgt.execute("DROP TABLE items");
          assertThatThrownBy(() -> stale.prepare(tables))
              .as("a table gone from the target: neither forgotten nor created again")
              .isInstanceOf(RunnerFencedException.class)
              .hasMessageContaining(tookOver);
          assertThat(targetTables(target, dialect, tgt)).containsExactly("other");
          try (Connection c = target.getConnection()) {
            assertThat(current.known(c)).hasSize(2);
          }

          new TargetPreparer(sides, current).prepare(tables);
          assertThat(targetTables(target, dialect, tgt))
              .containsExactlyInAnyOrder("items", "other");
        }
      } finally {
        tgt.forgetMigration(migration);
      }
    }
  }

  private static List<String> targetTables(
      HikariDataSource target, Dialect dialect, TestDatabase tgt) throws Exception {
    try (Connection c = target.getConnection()) {
      return dialect.catalog().tables(c, tgt.schema()).stream().map(Table::name).toList();
    }
  }
}
