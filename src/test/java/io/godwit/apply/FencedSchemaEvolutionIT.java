package io.godwit.apply;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.zaxxer.hikari.HikariDataSource;
import io.godwit.config.MigrationConfig;
import io.godwit.db.Dialect;
import io.godwit.engine.Engine;
import io.godwit.plan.Planner;
import io.godwit.schema.Column;
import io.godwit.schema.TargetTable;
import io.godwit.state.AppliedOffsets;
import io.godwit.state.RunnerEpoch;
import io.godwit.state.RunnerFencedException;
import io.godwit.state.RunnerLock;
import io.godwit.state.StateStore;
import io.godwit.state.TableStates;
import io.godwit.state.ValidationRecords;
import io.godwit.state.ValidationResult;
import io.godwit.testing.TestDataSources;
import io.godwit.testing.TestDatabase;
import io.godwit.testing.TestMigration;
import java.sql.Connection;
import java.sql.Statement;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicReference;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

/**
 * A column added to a source table while the applier of a runner taken over sees it first: taken
 * over before (its lock session killed, a second runner holding the migration), that applier
 * neither resets the table's validation baseline, nor alters the target table, nor records the
 * column; taken over while it reads the source's new definition, it neither alters nor records. The
 * runner that took over follows the change. On PostgreSQL and MariaDB (whose ALTER TABLE cannot be
 * rolled back).
 */
class FencedSchemaEvolutionIT {

  @ParameterizedTest
  @EnumSource(
      value = Engine.class,
      names = {"POSTGRESQL", "MARIADB"})
  void aRunnerTakenOverDoesNotFollowAnAddedColumn(Engine engine) throws Exception {
    String migration = TestMigration.uniqueName("fenced_evolve", engine);
    Dialect dialect = Dialect.of(engine);
    try (TestDatabase src = TestDatabase.create(engine, "fevo_src");
        TestDatabase tgt = TestDatabase.create(engine, "fevo_tgt");
        HikariDataSource source = TestDataSources.pool(src);
        HikariDataSource target = TestDataSources.pool(tgt)) {
      src.execute("CREATE TABLE items (id INT NOT NULL PRIMARY KEY, code VARCHAR(20) NOT NULL)");
      MigrationConfig config = TestMigration.config(migration, src, tgt, "");
      Planner planner = new Planner(config, source, target);
      TargetTable before = planner.translate().get(0);
      String table = before.source().name();
      try (Connection c = target.getConnection();
          Statement st = c.createStatement()) {
        for (String sql : dialect.ddl().createTable(before)) {
          st.execute(sql);
        }
      }
      StateStore store = new StateStore(target, dialect);
      store.install();
      store.register(migration, "source", "target");
      try (RunnerLock first = store.acquire(migration, "host-a pid 1")) {
        tgt.killOtherSessions();
        try (RunnerLock second = store.acquire(migration, "host-b pid 2")) {
          TableStates current = new TableStates(migration, second.epoch());
          ValidationRecords validations = new ValidationRecords(target, migration, second.epoch());
          Map<AppliedOffsets.Partition, Long> offsets =
              Map.of(new AppliedOffsets.Partition(table, 0), 42L);
          try (Connection c = target.getConnection()) {
            current.add(c, table, before.name(), before.definition());
          }
          validations.record(
              new ValidationResult.TableResult(table, 3, 3, 0, 0, 0, 0, 0, 0, 0.1, List.of(), null),
              offsets);
          src.execute("ALTER TABLE items ADD COLUMN note VARCHAR(10) NULL");

          assertThatThrownBy(
                  () ->
                      evolution(migration, planner, target, dialect, store, first.epoch())
                          .addColumns(before, List.of("note")))
              .isInstanceOf(RunnerFencedException.class)
              .hasMessageContaining(
                  "another runner took over migration %s (epoch %d > mine %d)"
                      .formatted(migration, second.epoch().epoch(), first.epoch().epoch()));
          assertThat(targetColumns(target, dialect, tgt)).containsExactly("id", "code");
          try (Connection c = target.getConnection()) {
            assertThat(current.addedColumns(c)).isEmpty();
          }
          assertThat(validations.baseline(table)).as("the baseline stays").contains(offsets);

          AtomicReference<RunnerLock> third = new AtomicReference<>();
          try {
            SchemaEvolution.Fresh handsOver =
                () -> {
                  second.close();
                  third.set(store.acquire(migration, "host-c pid 3"));
                  return planner.translate();
                };
            assertThatThrownBy(
                    () ->
                        new SchemaEvolution(
                                migration,
                                handsOver,
                                target,
                                dialect,
                                store,
                                current,
                                second.epoch())
                            .addColumns(before, List.of("note")))
                .as("taken over while it read the source's new definition, before its ALTER")
                .isInstanceOf(RunnerFencedException.class)
                .hasMessageContaining(
                    "another runner took over migration %s (epoch %d > mine %d)"
                        .formatted(migration, second.epoch().epoch() + 1, second.epoch().epoch()));
            assertThat(targetColumns(target, dialect, tgt)).containsExactly("id", "code");
            try (Connection c = target.getConnection()) {
              assertThat(current.addedColumns(c)).isEmpty();
            }

            TargetTable after =
                evolution(migration, planner, target, dialect, store, third.get().epoch())
                    .addColumns(before, List.of("note"));
            assertThat(after.columns()).hasSize(3);
            assertThat(targetColumns(target, dialect, tgt)).containsExactly("id", "code", "note");
            try (Connection c = target.getConnection()) {
              assertThat(current.addedColumns(c)).containsEntry(table, java.util.Set.of("note"));
            }
            assertThat(validations.baseline(table)).isEmpty();
          } finally {
            if (third.get() != null) {
              third.get().close();
            }
          }
        }
      } finally {
        tgt.forgetMigration(migration);
      }
    }
  }

  private static SchemaEvolution evolution(
      String migration,
      Planner planner,
      HikariDataSource target,
      Dialect dialect,
      StateStore store,
      RunnerEpoch epoch) {
    return new SchemaEvolution(
        migration,
        planner::translate,
        target,
        dialect,
        store,
        new TableStates(migration, epoch),
        epoch);
  }

  private static List<String> targetColumns(
      HikariDataSource target, Dialect dialect, TestDatabase tgt) throws Exception {
    try (Connection c = target.getConnection()) {
      return dialect.catalog().tables(c, tgt.schema()).stream()
          .filter(t -> t.name().equals("items"))
          .findFirst()
          .orElseThrow()
          .columns()
          .stream()
          .map(Column::name)
          .toList();
    }
  }
}
