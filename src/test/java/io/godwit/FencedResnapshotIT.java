package io.godwit;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.zaxxer.hikari.HikariDataSource;
import io.godwit.config.MigrationConfig;
import io.godwit.db.Dialect;
import io.godwit.engine.Engine;
import io.godwit.plan.Planner;
import io.godwit.schema.TargetTable;
import io.godwit.state.RunnerEpoch;
import io.godwit.state.RunnerFencedException;
import io.godwit.state.RunnerLock;
import io.godwit.state.StateStore;
import io.godwit.state.TablePhase;
import io.godwit.state.TableStates;
import io.godwit.testing.JdbcHooks;
import io.godwit.testing.TestDataSources;
import io.godwit.testing.TestDatabase;
import io.godwit.testing.TestMigration;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Callable;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.atomic.AtomicReference;
import javax.sql.DataSource;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

/**
 * A re-copy begun by a runner taken over (its lock session killed, a second runner holding the
 * migration): it neither drops nor creates the target table and leaves the re-copy asked for, on
 * PostgreSQL (DDL in the replacement's transaction) and MariaDB (DDL that commits by itself). The
 * runner that took over replaces the table.
 */
class FencedResnapshotIT {

  @ParameterizedTest
  @EnumSource(
      value = Engine.class,
      names = {"POSTGRESQL", "MARIADB"})
  void aRunnerTakenOverDropsAndCreatesNoTargetTable(Engine engine) throws Exception {
    String migration = TestMigration.uniqueName("fenced_resnap", engine);
    Dialect dialect = Dialect.of(engine);
    try (TestDatabase src = TestDatabase.create(engine, "fres_src");
        TestDatabase tgt = TestDatabase.create(engine, "fres_tgt");
        HikariDataSource source = TestDataSources.pool(src);
        HikariDataSource target = TestDataSources.pool(tgt)) {
      src.execute("CREATE TABLE items (id INT NOT NULL PRIMARY KEY, code VARCHAR(20) NOT NULL)");
      MigrationConfig config = TestMigration.config(migration, src, tgt, "");
      TargetTable items = new Planner(config, source, target).translate().get(0);
      String table = items.source().name();
      try (Connection c = target.getConnection();
          Statement st = c.createStatement()) {
        for (String sql : dialect.ddl().createTable(items)) {
          st.execute(sql);
        }
      }
      tgt.execute("INSERT INTO items (id, code) VALUES (1, 'a'), (2, 'b'), (3, 'c')");
      StateStore store = new StateStore(target, dialect);
      store.install();
      store.register(migration, "source", "target");
      try (RunnerLock first = store.acquire(migration, "host-a pid 1")) {
        TableStates firstStates = new TableStates(migration, first.epoch());
        try (Connection c = target.getConnection()) {
          firstStates.add(c, table, items.name(), items.definition());
          firstStates.move(c, table, TablePhase.PENDING, TablePhase.COPYING, 0);
          firstStates.requestResnapshot(c, List.of(table));
        }
        tgt.killOtherSessions();
        try (RunnerLock second = store.acquire(migration, "host-b pid 2")) {
          TableStates current = new TableStates(migration, second.epoch());
          TargetTableReplacer stale =
              new TargetTableReplacer(migration, target, dialect, firstStates);

          assertThatThrownBy(() -> stale.replace(table, items, items))
              .isInstanceOf(RunnerFencedException.class)
              .hasMessageContaining(
                  "another runner took over migration %s (epoch %d > mine %d)"
                      .formatted(migration, second.epoch().epoch(), first.epoch().epoch()));
          assertThat(rows(target))
              .as("the old copy is neither dropped nor created again")
              .isEqualTo(3);
          try (Connection c = target.getConnection()) {
            TableStates.Known known = current.known(c).get(table);
            assertThat(known.phase()).isEqualTo(TablePhase.COPYING);
            assertThat(known.resnapshotRequested()).as("the re-copy stays asked for").isTrue();
          }

          assertThat(
                  new TargetTableReplacer(migration, target, dialect, current)
                      .replace(table, items, items))
              .isEqualTo(TargetTableReplacer.Outcome.REPLACED);
          assertThat(rows(target)).isZero();
          try (Connection c = target.getConnection()) {
            TableStates.Known known = current.known(c).get(table);
            assertThat(known.phase()).isEqualTo(TablePhase.PENDING);
            assertThat(known.resnapshotRequested()).isFalse();
          }
        }
      } finally {
        tgt.forgetMigration(migration);
      }
    }
  }

  /**
   * A runner taken over between its epoch check and its DROP (its lock lost meanwhile, a second
   * runner taking over, re-copying the table and copying rows into it): on MariaDB, whose DDL
   * commits by itself, the DROP would then drop the second runner's new copy. The first runner's
   * check and DDL hold the migration's DDL lock, so the takeover waits for the DROP; whichever way
   * the two then interleave, the second runner's copy is what the target holds.
   */
  @ParameterizedTest
  @EnumSource(
      value = Engine.class,
      names = {"POSTGRESQL", "MARIADB"})
  void aRunnerTakenOverBetweenItsCheckAndItsDropDropsNotTheNewRunnersCopy(Engine engine)
      throws Exception {
    String migration = TestMigration.uniqueName("fenced_ddl", engine);
    Dialect dialect = Dialect.of(engine);
    try (TestDatabase src = TestDatabase.create(engine, "fddl_src");
        TestDatabase tgt = TestDatabase.create(engine, "fddl_tgt");
        HikariDataSource source = TestDataSources.pool(src);
        HikariDataSource target = TestDataSources.pool(tgt);
        HikariDataSource staleTarget = TestDataSources.pool(tgt)) {
      src.execute("CREATE TABLE items (id INT NOT NULL PRIMARY KEY, code VARCHAR(20) NOT NULL)");
      MigrationConfig config = TestMigration.config(migration, src, tgt, "");
      TargetTable items = new Planner(config, source, target).translate().get(0);
      String table = items.source().name();
      try (Connection c = target.getConnection();
          Statement st = c.createStatement()) {
        for (String sql : dialect.ddl().createTable(items)) {
          st.execute(sql);
        }
      }
      tgt.execute("INSERT INTO items (id, code) VALUES (1, 'a'), (2, 'b'), (3, 'c')");
      StateStore store = new StateStore(target, dialect);
      store.install();
      store.register(migration, "source", "target");
      ExecutorService second = Executors.newSingleThreadExecutor();
      try (RunnerLock first = store.acquire(migration, "host-a pid 1")) {
        TableStates firstStates = new TableStates(migration, first.epoch());
        try (Connection c = target.getConnection()) {
          firstStates.add(c, table, items.name(), items.definition());
          firstStates.move(c, table, TablePhase.PENDING, TablePhase.COPYING, 0);
          firstStates.requestResnapshot(c, List.of(table));
        }
        Callable<RunnerEpoch> takeOver =
            () -> {
              first.close(); // as if its session were killed: the first runner goes on
              try (RunnerLock lock = store.acquire(migration, "host-b pid 2")) {
                TableStates states = new TableStates(migration, lock.epoch());
                try (Connection c = target.getConnection()) {
                  if (states.known(c).get(table).resnapshotRequested()) {
                    assertThat(
                            new TargetTableReplacer(migration, target, dialect, states)
                                .replace(table, items, items))
                        .isEqualTo(TargetTableReplacer.Outcome.REPLACED);
                  }
                  lock.epoch()
                      .write(
                          c,
                          () -> {
                            try (Statement st = c.createStatement()) {
                              st.executeUpdate(
                                  "INSERT INTO items (id, code) VALUES (10, 'x'), (11, 'y')");
                            }
                          });
                }
                return lock.epoch();
              }
            };
        AtomicReference<Future<RunnerEpoch>> tookOver = new AtomicReference<>();
        DataSource interrupted =
            JdbcHooks.beforeFirst(
                staleTarget,
                "DROP TABLE",
                () -> {
                  tookOver.set(second.submit(takeOver));
                  try {
                    tookOver.get().get(3, TimeUnit.SECONDS);
                  } catch (TimeoutException e) {
                    // the takeover waits for this DROP: it goes on once the DDL lock is free
                  }
                });
        TargetTableReplacer stale =
            new TargetTableReplacer(migration, interrupted, dialect, firstStates);

        try {
          stale.replace(table, items, items);
        } catch (RunnerFencedException e) {
          assertThat(e).hasMessageContaining("another runner took over migration " + migration);
        }
        RunnerEpoch secondEpoch = tookOver.get().get(60, TimeUnit.SECONDS);
        assertThat(secondEpoch.epoch()).isGreaterThan(first.epoch().epoch());
        assertThat(ids(target))
            .as("the second runner's copy survives the first runner's DROP")
            .containsExactly(10, 11);
      } finally {
        second.shutdownNow();
        tgt.forgetMigration(migration);
      }
    }
  }

  private static List<Integer> ids(HikariDataSource target) throws Exception {
    List<Integer> ids = new ArrayList<>();
    try (Connection c = target.getConnection();
        Statement st = c.createStatement();
        ResultSet rs = st.executeQuery("SELECT id FROM items ORDER BY id")) {
      while (rs.next()) {
        ids.add(rs.getInt(1));
      }
    }
    return ids;
  }

  private static long rows(HikariDataSource target) throws Exception {
    try (Connection c = target.getConnection();
        Statement st = c.createStatement();
        ResultSet rs = st.executeQuery("SELECT count(*) FROM items")) {
      rs.next();
      return rs.getLong(1);
    }
  }
}
