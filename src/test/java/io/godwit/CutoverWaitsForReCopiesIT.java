package io.godwit;

import static org.assertj.core.api.Assertions.assertThat;

import com.zaxxer.hikari.HikariDataSource;
import io.godwit.db.Dialect;
import io.godwit.engine.Engine;
import io.godwit.snapshot.Throttle;
import io.godwit.state.RunnerLock;
import io.godwit.state.StateStore;
import io.godwit.state.TablePhase;
import io.godwit.state.TableStates;
import io.godwit.testing.TestDataSources;
import io.godwit.testing.TestDatabase;
import io.godwit.testing.TestMigration;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import java.sql.Connection;
import java.util.List;
import org.assertj.core.api.InstanceOfAssertFactories;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

/**
 * The cutover's "every table streaming" precondition as the run answers it from the state store
 * (the refusal itself: {@code CutoverTest}): a re-copy asked for and not yet begun holds the
 * cutover back, naming the table and the command; a withdrawn re-copy (its new plan failed) holds
 * it back with the reason it was not begun, until it is asked again or a new run starts; a request
 * stored before its table was dropped from the migration holds nothing back.
 */
class CutoverWaitsForReCopiesIT {

  @ParameterizedTest
  @EnumSource(
      value = Engine.class,
      names = {"POSTGRESQL", "MARIADB"})
  void aPendingOrWithdrawnReCopyHoldsTheCutoverBack(Engine engine) throws Exception {
    String migration = TestMigration.uniqueName("cut_recopy", engine);
    Dialect dialect = Dialect.of(engine);
    try (TestDatabase src = TestDatabase.create(engine, "cutrc_src");
        TestDatabase tgt = TestDatabase.create(engine, "cutrc_tgt");
        HikariDataSource target = TestDataSources.pool(tgt)) {
      StateStore store = new StateStore(target, dialect);
      store.install();
      store.register(migration, "source", "target");
      try (RunnerLock lock = store.acquire(migration, "host-a pid 1")) {
        TableStates states = new TableStates(migration, lock.epoch());
        try (Connection c = target.getConnection()) {
          for (String table : List.of("shop.items", "shop.orders")) {
            states.add(c, table, table.substring(5), "{}");
            states.move(c, table, TablePhase.PENDING, TablePhase.COPYING, 0);
            states.move(c, table, TablePhase.COPYING, TablePhase.COPIED, 3);
            states.move(c, table, TablePhase.COPIED, TablePhase.STREAMING, 3);
          }
        }
        RunControl run =
            new RunControl(
                new RunState(
                    TestMigration.config(migration, src, tgt, ""), new SimpleMeterRegistry()),
                new Throttle(0));
        run.attach(target, null, states);
        assertThat(run.notStreaming()).isEmpty();

        try (Connection c = target.getConnection()) {
          states.requestResnapshot(c, List.of("shop.items"));
        }
        assertThat(run.notStreaming())
            .containsExactly("shop.items is to be copied again (`godwit resnapshot`)");

        new TargetTableReplacer(migration, target, dialect, states)
            .withdraw("shop.items", "planning it again failed: no mapping for type geometry");
        assertThat(run.notStreaming())
            .singleElement(InstanceOfAssertFactories.STRING)
            .startsWith("shop.items: the re-copy of shop.items was not begun: planning it again")
            .contains("the table streams on from its old copy")
            .contains("fix: correct the cause");
        try (Connection c = target.getConnection()) {
          assertThat(states.resnapshotRequested(c)).isEmpty();
          states.clearErrors(c);
        }
        assertThat(run.notStreaming())
            .as("a new run clears the withdrawn re-copy's error")
            .isEmpty();

        try (Connection c = target.getConnection()) {
          states.requestResnapshot(c, List.of("shop.orders"));
          states.drop(c, "shop.orders");
        }
        assertThat(run.notStreaming())
            .as("a table dropped from the migration with a re-copy asked for")
            .isEmpty();
      } finally {
        tgt.forgetMigration(migration);
      }
    }
  }
}
