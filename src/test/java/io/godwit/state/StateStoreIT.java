package io.godwit.state;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.zaxxer.hikari.HikariDataSource;
import io.godwit.config.ConfigLoader;
import io.godwit.db.Dialect;
import io.godwit.engine.Engine;
import io.godwit.error.ErrorCode;
import io.godwit.error.GodwitException;
import io.godwit.testing.Ports;
import io.godwit.testing.ScratchMariaDb;
import io.godwit.testing.TestDataSources;
import io.godwit.testing.TestDatabase;
import java.security.SecureRandom;
import java.sql.Connection;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

class StateStoreIT {
  /**
   * The MariaDB cases' server, of their own: a MariaDB state store is the server-wide database
   * {@code _godwit}, which these cases install afresh and drop, and dropping it on the shared
   * server would take the state of every other migration running there.
   */
  private static ScratchMariaDb mariadb;

  private static TestDatabase database(Engine engine, String suffix) throws Exception {
    if (engine == Engine.POSTGRESQL) {
      return TestDatabase.create(engine, suffix);
    }
    synchronized (StateStoreIT.class) {
      if (mariadb == null) {
        mariadb = ScratchMariaDb.start(Ports.free());
      }
    }
    return TestDatabase.on(mariadb, suffix);
  }

  @AfterAll
  static void stopMariaDb() throws Exception {
    if (mariadb != null) {
      mariadb.close();
    }
  }

  @ParameterizedTest
  @EnumSource(
      value = Engine.class,
      names = {"POSTGRESQL", "MARIADB"})
  void installsOnceAndAgainWithoutChange(Engine engine) throws Exception {
    try (TestDatabase db = database(engine, "state_install");
        HikariDataSource pool = TestDataSources.pool(db)) {
      StateStore store = new StateStore(pool, Dialect.of(engine));
      try {
        assertThat(store.installedVersion()).isZero();
        assertThat(store.install()).isEqualTo(StateStore.VERSION);
        assertThat(store.install()).isEqualTo(StateStore.VERSION);
        assertThat(store.installedVersion()).isEqualTo(StateStore.VERSION);
      } finally {
        dropStateSchema(db);
      }
    }
  }

  /**
   * An attempt's steps read back in the order they started, however fast they follow each other: on
   * MariaDB a plain {@code CURRENT_TIMESTAMP} is whole seconds, which ordered steps started within
   * one second by chance.
   */
  @ParameterizedTest
  @EnumSource(
      value = Engine.class,
      names = {"POSTGRESQL", "MARIADB"})
  void readsAnAttemptsStepsInTheOrderTheyStarted(Engine engine) throws Exception {
    List<String> steps =
        List.of("preconditions", "freeze", "drain", "validate", "sequences", "done");
    takenOver(
        engine,
        "state_step_order",
        (migration, first, current, pool) -> {
          CutoverRecords records = new CutoverRecords(pool, migration, first.epoch());
          int attempt = records.begin(AttemptState.RUNNING, "preconditions", "read-only");
          for (String step : steps) {
            records.stepStarted(attempt, step);
            records.stepFinished(attempt, step, "ok", "");
          }
          assertThat(records.latest().orElseThrow().steps())
              .extracting(CutoverRecords.StepRecord::step)
              .containsExactlyElementsOf(steps);
        },
        (migration, first, second, pool) -> {});
  }

  @ParameterizedTest
  @EnumSource(
      value = Engine.class,
      names = {"POSTGRESQL", "MARIADB"})
  void refusesAStoreWrittenByANewerGodwit(Engine engine) throws Exception {
    try (TestDatabase db = database(engine, "state_newer");
        HikariDataSource pool = TestDataSources.pool(db)) {
      StateStore store = new StateStore(pool, Dialect.of(engine));
      try {
        store.install();
        db.execute("INSERT INTO _godwit.schema_version (version) VALUES (99)");
        assertThatThrownBy(store::install)
            .isInstanceOf(StateStoreException.class)
            .hasMessageContaining("version 99")
            .hasMessageContaining("fix:");
      } finally {
        dropStateSchema(db);
      }
    }
  }

  @ParameterizedTest
  @EnumSource(
      value = Engine.class,
      names = {"POSTGRESQL", "MARIADB"})
  void letsOnlyOneRunnerHoldAMigration(Engine engine) throws Exception {
    try (TestDatabase db = database(engine, "state_lock");
        HikariDataSource pool = TestDataSources.pool(db)) {
      StateStore store = new StateStore(pool, Dialect.of(engine));
      try {
        store.install();
        store.register("shop", "source", "target");
        try (RunnerLock first = store.acquire("shop", "host-a pid 1")) {
          assertThatThrownBy(() -> store.acquire("shop", "host-b pid 2"))
              .isInstanceOf(StateStoreException.class)
              .hasMessageContaining("already being run by host-a pid 1");
          store.acquire("other", "host-b pid 2").close();
        }
        store.acquire("shop", "host-b pid 2").close();
      } finally {
        dropStateSchema(db);
      }
    }
  }

  @ParameterizedTest
  @EnumSource(
      value = Engine.class,
      names = {"POSTGRESQL", "MARIADB"})
  void takesALockLostWithItsSessionAgainUnlessAnotherRunnerHasIt(Engine engine) throws Exception {
    try (TestDatabase db = database(engine, "state_lock_lost");
        HikariDataSource pool = TestDataSources.pool(db)) {
      StateStore store = new StateStore(pool, Dialect.of(engine));
      try {
        store.install();
        store.register("shop", "source", "target");
        try (RunnerLock lock = store.acquire("shop", "host-a pid 1")) {
          db.killOtherSessions();
          lock.keep();
          assertThatThrownBy(() -> store.acquire("shop", "host-b pid 2"))
              .as("the lock was taken again")
              .hasMessageContaining("already being run by host-a pid 1");

          db.killOtherSessions();
          try (RunnerLock other = store.acquire("shop", "host-b pid 2")) {
            assertThatThrownBy(lock::keep)
                .isInstanceOf(StateStoreException.class)
                .hasMessageContaining(
                    "host-b pid 2 took over migration shop while this runner's lock session was"
                        + " lost; this runner stops")
                .hasMessageContaining(
                    "fix: let host-b pid 2 go on, or stop it and start this one again")
                .hasMessageNotContaining("stop that process");
          }
        }
      } finally {
        dropStateSchema(db);
      }
    }
  }

  /** A bound of the test's chunk plan. */
  private record Bounds(int number, List<Object> lower, List<Object> upper)
      implements Checkpoints.Bounds {}

  @Test
  void aRunnerTakenOverCannotMarkAChunkDone() throws Exception {
    String migration = "fence_chunk";
    try (TestDatabase db = TestDatabase.create(Engine.POSTGRESQL, "fence_chunk");
        HikariDataSource pool = TestDataSources.pool(db)) {
      StateStore store = new StateStore(pool, Dialect.of(Engine.POSTGRESQL));
      store.install();
      store.register(migration, "source", "target");
      try (RunnerLock first = store.acquire(migration, "host-a pid 1")) {
        long mine = first.epoch().epoch();
        db.killOtherSessions();
        first.keep();
        assertThat(first.epoch().epoch()).as("taken again, the epoch stays").isEqualTo(mine);

        db.killOtherSessions();
        try (RunnerLock second = store.acquire(migration, "host-b pid 2");
            Connection c = pool.getConnection()) {
          assertThat(second.epoch().epoch()).isEqualTo(mine + 1);
          Checkpoints stale = new Checkpoints(migration, first.epoch());
          Checkpoints current = new Checkpoints(migration, second.epoch());
          current.savePlan(
              c, "orders", List.of(new Bounds(0, null, List.of("10")), new Bounds(1, null, null)));
          c.setAutoCommit(false);
          assertThatThrownBy(() -> stale.markDone(c, "orders", 0, 10, 100))
              .isInstanceOf(RunnerFencedException.class)
              .hasMessageContaining(
                  "another runner took over migration fence_chunk (epoch %d > mine %d)"
                      .formatted(mine + 1, mine));
          c.rollback();
          current.markDone(c, "orders", 1, 5, 50);
          c.commit();
          assertThat(current.load(c, "orders"))
              .extracting(Checkpoints.SavedChunk::done)
              .containsExactly(false, true);
        }
        assertThatThrownBy(first::keep)
            .as("the lock is free again, but another runner held it meanwhile")
            .isInstanceOf(StateStoreException.class)
            .hasMessageContaining("another runner took over migration fence_chunk");
      } finally {
        dropStateSchema(db);
      }
    }
  }

  /**
   * A runner whose lock was lost and taken by another cannot save a table's chunk plan: its
   * transaction is refused before it commits, and the plan the current runner saves is the only
   * one.
   */
  @ParameterizedTest
  @EnumSource(
      value = Engine.class,
      names = {"POSTGRESQL", "MARIADB"})
  void aRunnerTakenOverCannotSaveAChunkPlan(Engine engine) throws Exception {
    String migration = "fence_plan_" + engine.name().toLowerCase(java.util.Locale.ROOT);
    try (TestDatabase db = database(engine, "fence_plan");
        HikariDataSource pool = TestDataSources.pool(db)) {
      StateStore store = new StateStore(pool, Dialect.of(engine));
      store.install();
      store.register(migration, "source", "target");
      try (RunnerLock first = store.acquire(migration, "host-a pid 1")) {
        long mine = first.epoch().epoch();
        db.killOtherSessions();
        try (RunnerLock second = store.acquire(migration, "host-b pid 2");
            Connection c = pool.getConnection()) {
          assertThat(second.epoch().epoch()).isEqualTo(mine + 1);
          Checkpoints stale = new Checkpoints(migration, first.epoch());
          Checkpoints current = new Checkpoints(migration, second.epoch());
          c.setAutoCommit(false);
          assertThatThrownBy(
                  () ->
                      stale.savePlan(
                          c,
                          "orders",
                          List.of(new Bounds(0, null, List.of("7")), new Bounds(1, null, null))))
              .isInstanceOf(RunnerFencedException.class)
              .hasMessageContaining(
                  "another runner took over migration %s (epoch %d > mine %d)"
                      .formatted(migration, mine + 1, mine));
          c.rollback();
          current.savePlan(
              c, "orders", List.of(new Bounds(0, null, List.of("10")), new Bounds(1, null, null)));
          c.commit();
          assertThat(current.load(c, "orders"))
              .extracting(Checkpoints.SavedChunk::upper)
              .containsExactly(List.of("10"), null);
        }
      } finally {
        dropStateSchema(db);
      }
    }
  }

  @Test
  void aRunnerTakenOverCannotMoveACutoverOn() throws Exception {
    String migration = "fence_cutover";
    try (TestDatabase db = TestDatabase.create(Engine.POSTGRESQL, "fence_cutover");
        HikariDataSource pool = TestDataSources.pool(db)) {
      StateStore store = new StateStore(pool, Dialect.of(Engine.POSTGRESQL));
      store.install();
      store.register(migration, "source", "target");
      try (RunnerLock first = store.acquire(migration, "host-a pid 1")) {
        CutoverRecords stale = new CutoverRecords(pool, migration, first.epoch());
        int attempt = stale.begin(AttemptState.RUNNING, "preconditions", "read-only");
        db.killOtherSessions();
        try (RunnerLock second = store.acquire(migration, "host-b pid 2")) {
          assertThatThrownBy(() -> stale.stepStarted(attempt, "freeze"))
              .isInstanceOf(RunnerFencedException.class)
              .hasMessageContaining("another runner took over migration fence_cutover");
          assertThatThrownBy(() -> stale.finish(attempt, AttemptState.DONE, 10L, null))
              .isInstanceOf(RunnerFencedException.class);
          CutoverRecords current = new CutoverRecords(pool, migration, second.epoch());
          current.finish(attempt, AttemptState.ABORTED, null, "taken over");
          assertThat(current.latest())
              .get()
              .satisfies(
                  a -> {
                    assertThat(a.state()).isEqualTo(AttemptState.ABORTED);
                    assertThat(a.step()).isEqualTo("preconditions");
                  });
        }
      } finally {
        dropStateSchema(db);
      }
    }
  }

  /** What a fenced test sets up: two runners, the first taken over by the second. */
  @FunctionalInterface
  private interface TakenOver {
    void run(String migration, RunnerLock stale, RunnerLock current, HikariDataSource pool)
        throws Exception;
  }

  /**
   * Registers the migration, lets {@code before} write as the first runner, kills the first
   * runner's lock session and lets a second runner take the migration over, then runs {@code after}
   * with both. Forgets only this migration afterwards: MariaDB's {@code _godwit} database is shared
   * by every test running on the server.
   */
  private static void takenOver(Engine engine, String name, TakenOver before, TakenOver after)
      throws Exception {
    String migration = name + "_" + engine.name().toLowerCase(java.util.Locale.ROOT);
    try (TestDatabase db = database(engine, name);
        HikariDataSource pool = TestDataSources.pool(db)) {
      StateStore store = new StateStore(pool, Dialect.of(engine));
      try {
        store.install();
        store.register(migration, "source", "target");
        try (RunnerLock first = store.acquire(migration, "host-a pid 1")) {
          before.run(migration, first, null, pool);
          db.killOtherSessions();
          try (RunnerLock second = store.acquire(migration, "host-b pid 2")) {
            assertThat(second.epoch().epoch()).isEqualTo(first.epoch().epoch() + 1);
            after.run(migration, first, second, pool);
          }
        }
      } finally {
        db.forgetMigration(migration);
      }
    }
  }

  private static String tookOver(String migration, RunnerLock stale) {
    return "another runner took over migration %s (epoch %d > mine %d)"
        .formatted(migration, stale.epoch().epoch() + 1, stale.epoch().epoch());
  }

  /**
   * A runner taken over cannot move a table to COPIED after its last chunk, nor on to STREAMING
   * (which lets the applier write the table's events), on its own connection or inside a
   * transaction of the caller; the phases stay where the current runner sees them.
   */
  @ParameterizedTest
  @EnumSource(
      value = Engine.class,
      names = {"POSTGRESQL", "MARIADB"})
  void aRunnerTakenOverCannotMoveATableOn(Engine engine) throws Exception {
    takenOver(
        engine,
        "fence_phase",
        (migration, first, none, pool) -> {
          TableStates states = new TableStates(migration, first.epoch());
          try (Connection c = pool.getConnection()) {
            states.add(c, "shop.orders", "orders", "{}");
            states.add(c, "shop.items", "items", "{}");
            states.move(c, "shop.orders", TablePhase.PENDING, TablePhase.COPYING, 0);
            states.move(c, "shop.items", TablePhase.PENDING, TablePhase.COPYING, 0);
            states.move(c, "shop.items", TablePhase.COPYING, TablePhase.COPIED, 3);
          }
        },
        (migration, first, second, pool) -> {
          TableStates stale = new TableStates(migration, first.epoch());
          TableStates current = new TableStates(migration, second.epoch());
          try (Connection c = pool.getConnection()) {
            assertThatThrownBy(
                    () -> stale.move(c, "shop.orders", TablePhase.COPYING, TablePhase.COPIED, 5))
                .isInstanceOf(RunnerFencedException.class)
                .hasMessageContaining(tookOver(migration, first));
            assertThat(c.getAutoCommit()).as("the connection is given back as it came").isTrue();
            c.setAutoCommit(false);
            assertThatThrownBy(
                    () -> stale.move(c, "shop.items", TablePhase.COPIED, TablePhase.STREAMING, 3))
                .isInstanceOf(RunnerFencedException.class)
                .hasMessageContaining(tookOver(migration, first));
            c.rollback();
            c.setAutoCommit(true);
            assertThat(current.all(c))
                .containsEntry("shop.orders", TablePhase.COPYING)
                .containsEntry("shop.items", TablePhase.COPIED);
            current.move(c, "shop.orders", TablePhase.COPYING, TablePhase.COPIED, 5);
            assertThat(current.all(c)).containsEntry("shop.orders", TablePhase.COPIED);
          }
        });
  }

  /**
   * A runner taken over cannot record a table's error, nor clear the errors: status shows the
   * current runner's.
   */
  @ParameterizedTest
  @EnumSource(
      value = Engine.class,
      names = {"POSTGRESQL", "MARIADB"})
  void aRunnerTakenOverCannotRecordATableError(Engine engine) throws Exception {
    takenOver(
        engine,
        "fence_error",
        (migration, first, none, pool) -> {
          try (Connection c = pool.getConnection()) {
            new TableStates(migration, first.epoch()).add(c, "shop.orders", "orders", "{}");
          }
        },
        (migration, first, second, pool) -> {
          TableStates stale = new TableStates(migration, first.epoch());
          TableStates current = new TableStates(migration, second.epoch());
          StatusReader status = new StatusReader(pool);
          try (Connection c = pool.getConnection()) {
            assertThatThrownBy(() -> stale.fail(c, "shop.orders", "stale: chunk 3 failed"))
                .isInstanceOf(RunnerFencedException.class)
                .hasMessageContaining(tookOver(migration, first));
            assertThat(status.tables(migration))
                .singleElement()
                .extracting(StatusReader.TableStatus::error)
                .isNull();
            current.fail(c, "shop.orders", "current: chunk 4 failed");
            assertThatThrownBy(() -> stale.clearErrors(c))
                .as("nor clear the current runner's errors, as a run starting does")
                .isInstanceOf(RunnerFencedException.class)
                .hasMessageContaining(tookOver(migration, first));
            assertThat(status.tables(migration))
                .singleElement()
                .extracting(StatusReader.TableStatus::error)
                .isEqualTo("current: chunk 4 failed");
          }
        });
  }

  /**
   * A runner taken over (its control API still answering until it notices) cannot pause or resume
   * the applier of the runner that took over.
   */
  @ParameterizedTest
  @EnumSource(
      value = Engine.class,
      names = {"POSTGRESQL", "MARIADB"})
  void aRunnerTakenOverCannotPauseTheApplier(Engine engine) throws Exception {
    takenOver(
        engine,
        "fence_pause",
        (migration, first, none, pool) -> {
          try (Connection c = pool.getConnection()) {
            TableStates states = new TableStates(migration, first.epoch());
            states.add(c, "shop.orders", "orders", "{}");
            states.add(c, "shop.items", "items", "{}");
            states.setApplyPaused(c, List.of("shop.items"), true);
          }
        },
        (migration, first, second, pool) -> {
          TableStates stale = new TableStates(migration, first.epoch());
          TableStates current = new TableStates(migration, second.epoch());
          try (Connection c = pool.getConnection()) {
            assertThatThrownBy(() -> stale.setApplyPaused(c, List.of(), true))
                .isInstanceOf(RunnerFencedException.class)
                .hasMessageContaining(tookOver(migration, first));
            assertThatThrownBy(() -> stale.setApplyPaused(c, List.of("shop.items"), false))
                .isInstanceOf(RunnerFencedException.class);
            assertThat(current.applyPaused(c)).containsOnlyKeys("shop.items");
            assertThat(current.setApplyPaused(c, List.of("shop.orders"), true))
                .containsOnlyKeys("shop.items", "shop.orders");
          }
        });
  }

  /**
   * A runner taken over cannot ask for a re-copy, begin one (which drops the table's chunk plan and
   * lets it be copied again) nor withdraw one, for the runner that took over.
   */
  @ParameterizedTest
  @EnumSource(
      value = Engine.class,
      names = {"POSTGRESQL", "MARIADB"})
  void aRunnerTakenOverCannotAskForNorBeginAReCopy(Engine engine) throws Exception {
    takenOver(
        engine,
        "fence_resnap",
        (migration, first, none, pool) -> {
          try (Connection c = pool.getConnection()) {
            TableStates states = new TableStates(migration, first.epoch());
            states.add(c, "shop.orders", "orders", "{}");
            states.add(c, "shop.items", "items", "{}");
            states.requestResnapshot(c, List.of("shop.items"));
          }
        },
        (migration, first, second, pool) -> {
          TableStates stale = new TableStates(migration, first.epoch());
          TableStates current = new TableStates(migration, second.epoch());
          try (Connection c = pool.getConnection()) {
            assertThatThrownBy(() -> stale.requestResnapshot(c, List.of("shop.orders")))
                .isInstanceOf(RunnerFencedException.class)
                .hasMessageContaining(tookOver(migration, first));
            assertThatThrownBy(() -> stale.restartCopy(c, "shop.items", "items", "{\"v\":2}"))
                .isInstanceOf(RunnerFencedException.class);
            assertThatThrownBy(() -> stale.refuseResnapshot(c, "shop.items", "stale"))
                .isInstanceOf(RunnerFencedException.class);
            assertThat(current.resnapshotRequested(c)).containsExactly("shop.items");
            assertThat(current.known(c).get("shop.items").definition()).isEqualTo("{}");
            current.restartCopy(c, "shop.items", "items", "{\"v\":2}");
            assertThat(current.resnapshotRequested(c)).isEmpty();
          }
        });
  }

  /**
   * A re-copy names tables the migration follows (not unknown, not dropped from it) or asks for
   * nothing; it shows in what the plan reads; beginning it moves the table back to PENDING with its
   * new definition and no chunk plan, keeping the operator's applier pause; beginning it twice, or
   * one not asked for, is refused.
   */
  @ParameterizedTest
  @EnumSource(
      value = Engine.class,
      names = {"POSTGRESQL", "MARIADB"})
  void aReCopyIsAskedForKnownTablesOnlyAndBeginsOnce(Engine engine) throws Exception {
    try (TestDatabase db = database(engine, "state_resnap");
        HikariDataSource pool = TestDataSources.pool(db)) {
      StateStore store = new StateStore(pool, Dialect.of(engine));
      try {
        store.install();
        store.register("shop", "src", "tgt");
        TableStates states = new TableStates("shop");
        try (Connection c = pool.getConnection()) {
          states.add(c, "shop.items", "items", "{\"v\":1}");
          states.add(c, "shop.orders", "orders", "{}");
          assertThatThrownBy(() -> states.requestResnapshot(c, List.of("shop.items", "nope")))
              .hasMessageContaining("migration shop has no table nope")
              .hasMessageContaining("nothing was re-copied")
              .hasMessageContaining("fix: name tables as `godwit status -c FILE`");
          assertThat(states.resnapshotRequested(c)).as("nothing half-asked").isEmpty();

          states.move(c, "shop.items", TablePhase.PENDING, TablePhase.COPYING, 0);
          db.execute(
              "INSERT INTO _godwit.chunk (migration, source_table, chunk_no, done_at)"
                  + " VALUES ('shop', 'shop.items', 0, CURRENT_TIMESTAMP)");
          assertThat(states.known(c).get("shop.items").chunksDone()).isEqualTo(1);
          assertThat(states.requestResnapshot(c, List.of("shop.items")))
              .containsExactly("shop.items");
          states.setApplyPaused(c, List.of("shop.items"), true);
          assertThat(states.known(c).get("shop.items").resnapshotRequested()).isTrue();
          assertThat(states.known(c).get("shop.orders").resnapshotRequested()).isFalse();

          states.restartCopy(c, "shop.items", "items2", "{\"v\":2}");
          TableStates.Known items = states.known(c).get("shop.items");
          assertThat(items.phase()).isEqualTo(TablePhase.PENDING);
          assertThat(items.targetTable()).isEqualTo("items2");
          assertThat(items.definition()).isEqualTo("{\"v\":2}");
          assertThat(items.resnapshotRequested()).isFalse();
          assertThat(items.chunksDone()).isZero();
          assertThat(states.applyPaused(c))
              .as("the operator's pause stays")
              .containsOnlyKeys("shop.items");
          assertThatThrownBy(() -> states.restartCopy(c, "shop.items", "items2", "{}"))
              .hasMessageContaining("no re-copy of table shop.items is asked for");

          states.requestResnapshot(c, List.of("shop.orders"));
          states.refuseResnapshot(c, "shop.orders", "the plan failed");
          assertThat(states.resnapshotRequested(c)).isEmpty();
          assertThat(new StatusReader(pool).tables("shop"))
              .filteredOn(t -> t.source().equals("shop.orders"))
              .singleElement()
              .satisfies(t -> assertThat(t.error()).isEqualTo("the plan failed"));

          states.requestResnapshot(c, List.of("shop.orders"));
          assertThat(states.drop(c, "shop.orders")).contains(TablePhase.PENDING);
          assertThat(states.resnapshotRequested(c))
              .as("a request made before its table was dropped is no longer followed")
              .isEmpty();
          assertThatThrownBy(
                  () -> states.requestResnapshot(c, List.of("shop.items", "shop.orders")))
              .isInstanceOf(GodwitException.class)
              .satisfies(
                  e -> assertThat(((GodwitException) e).code()).isEqualTo(ErrorCode.BAD_ARGUMENT))
              .hasMessageContaining(
                  "table shop.orders of migration shop was dropped from the migration")
              .hasMessageContaining("nothing was re-copied")
              .hasMessageContaining("fix: to follow it again, select it in the migration file");
          assertThat(states.resnapshotRequested(c)).as("nothing half-asked").isEmpty();
        }
      } finally {
        dropStateSchema(db);
      }
    }
  }

  /**
   * A runner taken over cannot record a validation result (the cutover's final validation): a clean
   * result with its applied offsets would become the changed-mode baseline of the runner that took
   * over.
   */
  @ParameterizedTest
  @EnumSource(
      value = Engine.class,
      names = {"POSTGRESQL", "MARIADB"})
  void aRunnerTakenOverCannotRecordAValidation(Engine engine) throws Exception {
    takenOver(
        engine,
        "fence_validation",
        (migration, first, none, pool) -> {},
        (migration, first, second, pool) -> {
          ValidationRecords stale = new ValidationRecords(pool, migration, first.epoch());
          ValidationRecords current = new ValidationRecords(pool, migration, second.epoch());
          Map<AppliedOffsets.Partition, Long> offsets =
              Map.of(new AppliedOffsets.Partition("shop.orders", 0), 42L);
          assertThatThrownBy(() -> stale.record(clean("shop.orders", 10), offsets))
              .isInstanceOf(RunnerFencedException.class)
              .hasMessageContaining(tookOver(migration, first));
          assertThat(current.latest()).isEmpty();
          assertThat(current.baseline("shop.orders")).isEmpty();
          current.record(clean("shop.orders", 11), offsets);
          assertThat(current.latest())
              .singleElement()
              .extracting(ValidationRecords.Stored::sourceRows)
              .isEqualTo(11L);
          assertThat(current.baseline("shop.orders")).contains(offsets);
        });
  }

  /**
   * A runner taken over cannot register a table (as the snapshot does when it prepares the target),
   * nor forget one with its chunks (as it does before copying a table afresh), on its own
   * connection or inside a transaction of the caller.
   */
  @ParameterizedTest
  @EnumSource(
      value = Engine.class,
      names = {"POSTGRESQL", "MARIADB"})
  void aRunnerTakenOverCannotRegisterOrForgetATable(Engine engine) throws Exception {
    takenOver(
        engine,
        "fence_register",
        (migration, first, none, pool) -> {},
        (migration, first, second, pool) -> {
          TableStates stale = new TableStates(migration, first.epoch());
          TableStates current = new TableStates(migration, second.epoch());
          Checkpoints checkpoints = new Checkpoints(migration, second.epoch());
          try (Connection c = pool.getConnection()) {
            current.add(c, "shop.orders", "orders", "{}");
            c.setAutoCommit(false);
            checkpoints.savePlan(c, "shop.orders", List.of(new Bounds(0, null, null)));
            c.commit();
            c.setAutoCommit(true);

            assertThatThrownBy(() -> stale.add(c, "shop.items", "items", "{}"))
                .isInstanceOf(RunnerFencedException.class)
                .hasMessageContaining(tookOver(migration, first));
            assertThat(c.getAutoCommit()).as("the connection is given back as it came").isTrue();
            assertThatThrownBy(() -> stale.forget(c, "shop.orders"))
                .isInstanceOf(RunnerFencedException.class)
                .hasMessageContaining(tookOver(migration, first));
            c.setAutoCommit(false);
            assertThatThrownBy(() -> stale.forget(c, "shop.orders"))
                .as("inside the caller's transaction")
                .isInstanceOf(RunnerFencedException.class);
            c.rollback();
            c.setAutoCommit(true);
            assertThatThrownBy(
                    () ->
                        stale.ddl(
                            c,
                            () -> {
                              throw new AssertionError("a runner taken over ran DDL");
                            }))
                .as("DDL")
                .isInstanceOf(RunnerFencedException.class)
                .hasMessageContaining(tookOver(migration, first));

            assertThat(current.known(c)).containsOnlyKeys("shop.orders");
            assertThat(checkpoints.load(c, "shop.orders")).hasSize(1);
            current.ddl(c, () -> {});
            current.forget(c, "shop.orders");
            assertThat(current.known(c)).isEmpty();
          }
        });
  }

  /**
   * A runner taken over cannot record the columns a schema change added, nor its progress figures
   * (events applied, lag, the lag samples of the report): status and the report show the current
   * runner's.
   */
  @ParameterizedTest
  @EnumSource(
      value = Engine.class,
      names = {"POSTGRESQL", "MARIADB"})
  void aRunnerTakenOverCannotRecordAddedColumnsOrProgress(Engine engine) throws Exception {
    takenOver(
        engine,
        "fence_progress",
        (migration, first, none, pool) -> {
          try (Connection c = pool.getConnection()) {
            TableStates states = new TableStates(migration, first.epoch());
            states.add(c, "shop.orders", "orders", "{}");
            states.addColumns(c, "shop.orders", List.of("note"));
          }
        },
        (migration, first, second, pool) -> {
          TableStates stale = new TableStates(migration, first.epoch());
          TableStates current = new TableStates(migration, second.epoch());
          StatusReader status = new StatusReader(pool);
          try (Connection c = pool.getConnection()) {
            current.streamed(c, "shop.orders", 7, 1_500L);

            assertThatThrownBy(() -> stale.addColumns(c, "shop.orders", List.of("stale_col")))
                .isInstanceOf(RunnerFencedException.class)
                .hasMessageContaining(tookOver(migration, first));
            assertThatThrownBy(() -> stale.streamed(c, "shop.orders", 1_000, 99_000L))
                .isInstanceOf(RunnerFencedException.class)
                .hasMessageContaining(tookOver(migration, first));
            assertThatThrownBy(() -> stale.sampleLag(c, 99_000))
                .isInstanceOf(RunnerFencedException.class)
                .hasMessageContaining(tookOver(migration, first));

            assertThat(current.addedColumns(c))
                .containsExactly(Map.entry("shop.orders", java.util.Set.of("note")));
            assertThat(status.tables(migration))
                .singleElement()
                .satisfies(
                    t -> {
                      assertThat(t.eventsApplied()).isEqualTo(7);
                      assertThat(t.lagMs()).isEqualTo(1_500L);
                    });
            assertThat(lagSamples(c, migration)).isZero();
            current.sampleLag(c, 1_500);
            current.addColumns(c, "shop.orders", List.of("extra"));
            assertThat(lagSamples(c, migration)).isEqualTo(1);
            assertThat(current.addedColumns(c).get("shop.orders")).containsExactly("note", "extra");
          }
        });
  }

  /**
   * A runner taken over cannot reset a table's changed-mode validation baseline (as its applier
   * does after a schema change): the current runner's next changed-mode validation keeps it.
   */
  @ParameterizedTest
  @EnumSource(
      value = Engine.class,
      names = {"POSTGRESQL", "MARIADB"})
  void aRunnerTakenOverCannotResetAValidationBaseline(Engine engine) throws Exception {
    takenOver(
        engine,
        "fence_baseline",
        (migration, first, none, pool) -> {},
        (migration, first, second, pool) -> {
          ValidationRecords stale = new ValidationRecords(pool, migration, first.epoch());
          ValidationRecords current = new ValidationRecords(pool, migration, second.epoch());
          Map<AppliedOffsets.Partition, Long> offsets =
              Map.of(new AppliedOffsets.Partition("shop.orders", 0), 42L);
          current.record(clean("shop.orders", 11), offsets);
          try (Connection c = pool.getConnection()) {
            assertThatThrownBy(() -> stale.resetBaseline(c, "shop.orders"))
                .isInstanceOf(RunnerFencedException.class)
                .hasMessageContaining(tookOver(migration, first));
            assertThat(c.getAutoCommit()).isTrue();
            assertThat(current.baseline("shop.orders")).contains(offsets);
            current.resetBaseline(c, "shop.orders");
          }
          assertThat(current.baseline("shop.orders")).isEmpty();
        });
  }

  private static long lagSamples(Connection c, String migration) throws Exception {
    try (var ps =
        c.prepareStatement("SELECT COUNT(*) FROM _godwit.lag_sample WHERE migration = ?")) {
      ps.setString(1, migration);
      try (var rs = ps.executeQuery()) {
        rs.next();
        return rs.getLong(1);
      }
    }
  }

  private static ValidationResult.TableResult clean(String table, long rows) {
    return new ValidationResult.TableResult(
        table, rows, rows, 0, 0, 0, 0, 0, 0, 0.1, List.of(), null);
  }

  /**
   * A table's error, as a driver words it, may repeat a value from a reference (a host here): the
   * state store keeps it masked, so status, {@code /api/status}, the status page and the report,
   * which read it there, never show it.
   */
  @Test
  void aTableErrorIsStoredWithTheMigrationFilesReferenceValuesMasked() throws Exception {
    String marker = "m4rker" + Long.toHexString(new SecureRandom().nextLong());
    new ConfigLoader(Map.of("DB_HOST", marker + ".internal")::get)
        .load(
            """
            name: state_error_sec
            source: { url: "jdbc:mariadb://${env:DB_HOST}:3306/shop", user: root }
            target: { url: "jdbc:postgresql://127.0.0.1:5432/shop", user: postgres }
            """,
            "state_error_sec.yaml");
    try (TestDatabase db = TestDatabase.create(Engine.POSTGRESQL, "state_error_sec");
        HikariDataSource pool = TestDataSources.pool(db)) {
      StateStore store = new StateStore(pool, Dialect.of(Engine.POSTGRESQL));
      try {
        store.install();
        store.register("state_error_sec", "src", "tgt");
        TableStates states = new TableStates("state_error_sec");
        try (Connection c = pool.getConnection()) {
          states.add(c, "shop.items", "items", "{}");
          states.fail(
              c,
              "shop.items",
              "chunk 3 failed: Socket fail to connect to " + marker + ".internal:3306");
        }
        assertThat(new StatusReader(pool).tables("state_error_sec"))
            .singleElement()
            .extracting(StatusReader.TableStatus::error)
            .isEqualTo("chunk 3 failed: Socket fail to connect to ******:3306");
      } finally {
        dropStateSchema(db);
      }
    }
  }

  /**
   * A pause names tables of the migration or changes nothing; it keeps the time of the first pause,
   * shows in status and survives the process (it is in the store); resume and {@code all} clear it.
   */
  @ParameterizedTest
  @EnumSource(
      value = Engine.class,
      names = {"POSTGRESQL", "MARIADB"})
  void pausesTheApplierForKnownTablesOnlyAndKeepsTheFirstPauseTime(Engine engine) throws Exception {
    try (TestDatabase db = database(engine, "state_pause");
        HikariDataSource pool = TestDataSources.pool(db)) {
      StateStore store = new StateStore(pool, Dialect.of(engine));
      try {
        store.install();
        store.register("shop", "src", "tgt");
        store.register("other", "src", "tgt");
        TableStates states = new TableStates("shop");
        try (Connection c = pool.getConnection()) {
          states.add(c, "shop.items", "items", "{}");
          states.add(c, "shop.orders", "orders", "{}");
          new TableStates("other").add(c, "shop.users", "users", "{}");
          assertThat(states.applyPaused(c)).isEmpty();

          assertThatThrownBy(
                  () -> states.setApplyPaused(c, List.of("shop.items", "shop.users"), true))
              .hasMessageContaining("migration shop has no table shop.users")
              .hasMessageContaining("nothing was paused")
              .hasMessageContaining("fix: name tables as `godwit status -c FILE`");
          assertThat(states.applyPaused(c)).as("nothing half-applied").isEmpty();

          Map<String, Instant> first = states.setApplyPaused(c, List.of("shop.items"), true);
          assertThat(first).containsOnlyKeys("shop.items");
          Thread.sleep(20);
          assertThat(states.setApplyPaused(c, List.of(), true))
              .as("all; the first pause keeps its time")
              .containsOnlyKeys("shop.items", "shop.orders")
              .containsEntry("shop.items", first.get("shop.items"));
          assertThat(new TableStates("other").applyPaused(c)).isEmpty();
          assertThat(new StatusReader(pool).tables("shop"))
              .extracting(StatusReader.TableStatus::applyPausedAt)
              .doesNotContainNull();

          assertThat(states.setApplyPaused(c, List.of("shop.orders"), false))
              .containsOnlyKeys("shop.items");
          assertThat(states.setApplyPaused(c, List.of(), false)).isEmpty();
          assertThat(new StatusReader(pool).tables("shop"))
              .extracting(StatusReader.TableStatus::applyPausedAt)
              .containsOnlyNulls();
        }
      } finally {
        dropStateSchema(db);
      }
    }
  }

  private static void dropStateSchema(TestDatabase db) throws Exception {
    db.execute(
        db.engine() == Engine.POSTGRESQL
            ? "DROP SCHEMA IF EXISTS _godwit CASCADE"
            : "DROP DATABASE IF EXISTS _godwit");
  }
}
