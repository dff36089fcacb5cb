package io.godwit;

import static org.assertj.core.api.Assertions.assertThat;

import com.zaxxer.hikari.HikariDataSource;
import io.godwit.config.ControlSettings;
import io.godwit.config.HostPort;
import io.godwit.config.Secret;
import io.godwit.control.ControlServer;
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
import io.micrometer.prometheusmetrics.PrometheusConfig;
import io.micrometer.prometheusmetrics.PrometheusMeterRegistry;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.sql.Connection;
import java.util.List;
import org.assertj.core.api.InstanceOfAssertFactories;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

/**
 * Re-copy requests as a running migration answers them from the state store. The cutover's "every
 * table streaming" precondition as the run answers it from the state store (the refusal itself:
 * {@code CutoverTest}): a re-copy asked for and not yet begun holds the cutover back, naming the
 * table and the command; a withdrawn re-copy (its new plan failed) holds it back with the reason it
 * was not begun, until it is asked again or a new run starts; a request stored before its table was
 * dropped from the migration holds nothing back.
 */
class RunReCopyRequestsIT {

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

  /**
   * {@code POST /api/tables/{t}/resnapshot} of a table dropped from the migration, answered by the
   * run: a 400 naming the table and the fix, and nothing asked, also for a table named beside it.
   */
  @ParameterizedTest
  @EnumSource(
      value = Engine.class,
      names = {"POSTGRESQL", "MARIADB"})
  void aReCopyOfADroppedTableIsRefusedByNameOverTheControlApi(Engine engine) throws Exception {
    String migration = TestMigration.uniqueName("recopy_dropped", engine);
    Dialect dialect = Dialect.of(engine);
    String token = "recopy-token-0123456789";
    try (TestDatabase src = TestDatabase.create(engine, "rcdr_src");
        TestDatabase tgt = TestDatabase.create(engine, "rcdr_tgt");
        HikariDataSource target = TestDataSources.pool(tgt)) {
      StateStore store = new StateStore(target, dialect);
      store.install();
      store.register(migration, "source", "target");
      try (RunnerLock lock = store.acquire(migration, "host-a pid 1")) {
        TableStates states = new TableStates(migration, lock.epoch());
        try (Connection c = target.getConnection()) {
          states.add(c, "shop.items", "items", "{}");
          states.add(c, "shop.orders", "orders", "{}");
          states.drop(c, "shop.orders");
        }
        RunControl run =
            new RunControl(
                new RunState(
                    TestMigration.config(migration, src, tgt, ""), new SimpleMeterRegistry()),
                new Throttle(0));
        run.attach(target, null, states);
        try (ControlServer server =
            ControlServer.start(
                new ControlSettings(
                    new HostPort("127.0.0.1", 0),
                    Secret.of(token),
                    Secret.empty(),
                    List.of(),
                    ControlSettings.Tls.NONE),
                run,
                new PrometheusMeterRegistry(PrometheusConfig.DEFAULT))) {
          HttpResponse<String> refused =
              HttpClient.newHttpClient()
                  .send(
                      HttpRequest.newBuilder(
                              URI.create(
                                  "http://127.0.0.1:%d/api/tables/shop.orders/resnapshot"
                                      .formatted(server.port())))
                          .header("Authorization", "Bearer " + token)
                          .POST(HttpRequest.BodyPublishers.noBody())
                          .build(),
                      HttpResponse.BodyHandlers.ofString());
          assertThat(refused.statusCode()).as(refused.body()).isEqualTo(400);
          assertThat(refused.body())
              .contains("table shop.orders of migration " + migration + " was dropped")
              .contains("fix: to follow it again");
        }
        try (Connection c = target.getConnection()) {
          assertThat(states.resnapshotRequested(c)).as("nothing asked").isEmpty();
          assertThat(states.known(c).get("shop.orders").resnapshotRequested()).isFalse();
        }
      } finally {
        tgt.forgetMigration(migration);
      }
    }
  }
}
