package io.godwit.live;

import static io.godwit.testing.Waits.waitUntil;
import static org.assertj.core.api.Assertions.assertThat;

import com.zaxxer.hikari.HikariDataSource;
import io.godwit.Godwit;
import io.godwit.LiveMigration;
import io.godwit.config.MigrationConfig;
import io.godwit.control.CutoverDocument;
import io.godwit.demo.ShopSchema;
import io.godwit.demo.Workload;
import io.godwit.engine.Engine;
import io.godwit.faults.IndependentComparison;
import io.godwit.plan.Planner;
import io.godwit.schema.TargetTable;
import io.godwit.snapshot.PausePoints;
import io.godwit.state.AttemptState;
import io.godwit.state.StatusReader;
import io.godwit.state.ValidationResult;
import io.godwit.testing.SharedKafka;
import io.godwit.testing.TestDataSources;
import io.godwit.testing.TestDatabase;
import io.godwit.testing.TestMigration;
import io.godwit.validate.Fence;
import io.godwit.validate.Validator;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.Statement;
import java.time.Duration;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.atomic.AtomicReference;
import java.util.function.Predicate;
import java.util.function.Supplier;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

/**
 * A row filter on the shop's orders under the demo workload, whose status updates move orders into
 * the filter ({@code new} to {@code paid}, {@code shipped} to {@code paid}) and out of it ({@code
 * paid} to {@code shipped}, a total growing past 500): after the drain the target's orders are
 * exactly the source's orders that the filter's text, run as SQL by the source engine itself,
 * selects, every column alike; the other tables are whole. Validation finds the two sides equal,
 * and finds a target row planted afterwards under a key the source does not have. From PostgreSQL
 * the filter is then widened in the migration file and orders copied again by {@code godwit
 * resnapshot} while the workload runs: the target then holds exactly the rows the new filter
 * selects, and the plan, {@code godwit validate} and the cutover's final validation all go by it.
 *
 * <p>Alongside, column rules ({@code tables.columns}) on a {@code people} table of generated values
 * that its own writer changes while the migration runs ({@link MaskedPeople}): after the drain its
 * target rows equal what the source engine computes for them (masks by the engine's own SHA-256),
 * plan names the dropped, renamed and masked columns, validation reports a value planted in a
 * renamed and in a masked column, and repair puts both right.
 */
class RowFilterLiveIT {

  private static final String FILTER = "status = 'paid' OR status = 'new' AND total < 500";

  /** Selects every row {@link #FILTER} selects, and also every other order under 500 (shipped). */
  private static final String WIDER = "status = 'paid' OR total < 500";

  @TempDir Path workDir;

  @ParameterizedTest
  @EnumSource(
      value = Engine.class,
      names = {"MARIADB", "POSTGRESQL"})
  void theTargetHoldsExactlyTheFilteredSourceRowsAsRowsMoveInAndOut(Engine source)
      throws Exception {
    String suffix = source.name().toLowerCase(Locale.ROOT) + "_postgresql";
    String name = "filter_" + suffix;
    try (TestDatabase src = TestDatabase.create(source, "filter_src_" + suffix);
        TestDatabase tgt = TestDatabase.create(Engine.POSTGRESQL, "filter_tgt_" + suffix);
        HikariDataSource sourcePool = TestDataSources.pool(src);
        HikariDataSource targetPool = TestDataSources.pool(tgt)) {
      try (Connection c = src.connect()) {
        ShopSchema.create(c, source, 300);
      }
      MaskedPeople people = MaskedPeople.create(src);
      AtomicReference<String> fileFilter = new AtomicReference<>(FILTER);
      String kafka = SharedKafka.yaml(name);
      Supplier<MigrationConfig> file =
          () ->
              TestMigration.config(
                  name,
                  src,
                  tgt,
                  ("work-dir: \"%s\"\nsnapshot: { workers: 2, chunk-rows: 1000 }\n"
                          + "tables: { filter: { orders: \"%s\" }, columns: { %s } }\n"
                          + "cutover: { freeze: manual }\n%s")
                      .formatted(workDir.toString(), fileFilter.get(), MaskedPeople.RULES, kafka));
      MigrationConfig config = file.get();
      LiveMigration live =
          new LiveMigration(config, new SimpleMeterRegistry(), PausePoints.NONE, file);
      try (Workload workload = new Workload(sourcePool, 2, 150, 300).start();
          MaskedPeople writer = people.start()) {
        CompletableFuture<Void> running = LiveMigrationIT.start(live);
        try {
          waitUntil(
              Duration.ofMinutes(3),
              "the snapshot to finish or the run to end",
              () -> live.snapshotResult() != null || running.isDone());
          assertThat(running).isNotCompletedExceptionally();
          Thread.sleep(3000);
          workload.close();
          writer.close();
          assertThat(workload.transactions()).isPositive();
          assertThat(writer.changes()).isPositive();
          long leaving = anyOrder(src, "status = 'paid' OR status = 'new' AND total < 500");
          long entering = anyOrder(src, "status = 'shipped'");
          src.execute(
              "UPDATE orders SET status = 'shipped' WHERE id = " + leaving,
              "UPDATE orders SET status = 'paid' WHERE id = " + entering);
          live.drain(Duration.ofMinutes(2));
          assertThat(running).isNotCompletedExceptionally();

          IndependentComparison.Result compared =
              IndependentComparison.compare(
                  src, tgt, LiveMigrationIT.TABLES, Map.of("orders", FILTER));
          assertThat(compared.differences()).as(compared.summary(20)).isEmpty();
          assertThat(ids(tgt, "id = " + leaving)).as("the order that left").isZero();
          assertThat(ids(tgt, "id = " + entering)).as("the order that entered").isOne();
          long all = ids(src, "1 = 1");
          long selected = ids(src, FILTER);
          assertThat(selected).as("the filter leaves rows out").isLessThan(all).isPositive();
          assertThat(ids(tgt, "1 = 1")).isEqualTo(selected);
          MaskedPeople.assertMigrated(src, tgt);

          Planner.Prepared prepared = new Planner(config, sourcePool, targetPool).prepare(false);
          assertThat(prepared.plan().findings())
              .as("plan shows what the column rules do")
              .anySatisfy(
                  f ->
                      assertThat(f.message())
                          .isEqualTo(
                              "table people -> people: columns dropped: ssn; renamed: fname ->"
                                  + " first_name; masked: email (sha256, char(64)), bio (sha256,"
                                  + " char(64))"));
          List<TargetTable> tables = prepared.tables();
          Validator validator =
              Validator.of(config, sourcePool, targetPool, Fence.NONE, new SimpleMeterRegistry());
          ValidationResult clean = validator.validate(tables, false);
          assertThat(clean.clean()).as("%s", clean).isTrue();
          assertThat(result(clean, "orders").sourceRows()).isEqualTo(selected);

          tgt.execute("UPDATE orders SET id = 999999 WHERE id = " + entering);
          long renamed = anyPerson(tgt, 0);
          long masked = anyPerson(tgt, 1);
          tgt.execute(
              "UPDATE people SET first_name = 'planted' WHERE id = " + renamed,
              "UPDATE people SET email = repeat('0', 64) WHERE id = " + masked);
          ValidationResult planted = validator.validate(tables, false);
          assertThat(result(planted, "orders").extra()).as("%s", planted).isOne();
          assertThat(result(planted, "orders").missing()).as("%s", planted).isOne();
          assertThat(result(planted, "people").different())
              .as("a planted renamed and masked value: %s", planted)
              .isEqualTo(2);

          List<TargetTable> peopleTable =
              tables.stream().filter(t -> t.name().equals("people")).toList();
          validator.validate(peopleTable, true);
          assertThat(validator.validate(peopleTable, false).clean()).as("repaired").isTrue();
          MaskedPeople.assertMigrated(src, tgt);

          if (source == Engine.POSTGRESQL) {
            fileFilter.set(WIDER);
            widenedThroughResnapshot(live, file.get(), src, tgt, sourcePool, targetPool, selected);
          }
        } finally {
          live.stop(Duration.ofSeconds(60));
          running.exceptionally(e -> null).join();
          if (source == Engine.POSTGRESQL) {
            LiveMigrationIT.dropSlotOnceReleased(sourcePool, name);
          }
          tgt.forgetMigration(name);
        }
      }
    }
  }

  /**
   * The file's filter on orders widened while the workload runs, and orders copied again by {@code
   * godwit resnapshot}: once drained, the target's orders are exactly the source's rows under the
   * new filter, the plan has nothing against the file, and validation by the file finds the two
   * sides equal, counting the rows the new filter selects.
   */
  private static void widenedThroughResnapshot(
      LiveMigration live,
      MigrationConfig widened,
      TestDatabase src,
      TestDatabase tgt,
      HikariDataSource sourcePool,
      HikariDataSource targetPool,
      long selectedBefore)
      throws Exception {
    String name = widened.name();
    StatusReader.TableStatus before =
        new StatusReader(targetPool)
            .tables(name).stream()
                .filter(t -> t.target().endsWith("orders"))
                .findFirst()
                .orElseThrow();
    try (Workload workload = new Workload(sourcePool, 2, 150, 300).start()) {
      live.control().resnapshot(List.of(before.source()));
      ResnapshotLiveIT.awaitRecopied(targetPool, name, before.source(), before.copyStartedAt());
      Thread.sleep(1000);
      workload.close();
      assertThat(workload.transactions()).isPositive();
    }
    live.drain(Duration.ofMinutes(2));

    IndependentComparison.Result compared =
        IndependentComparison.compare(src, tgt, LiveMigrationIT.TABLES, Map.of("orders", WIDER));
    assertThat(compared.differences()).as(compared.summary(20)).isEmpty();
    long selected = ids(src, WIDER);
    assertThat(selected)
        .as("the wider filter selects more rows, and still not all")
        .isGreaterThan(selectedBefore)
        .isLessThan(ids(src, "1 = 1"));
    assertThat(ids(tgt, "1 = 1")).isEqualTo(selected);

    Planner planner = new Planner(widened, sourcePool, targetPool);
    Planner.Prepared prepared = planner.prepare(false);
    assertThat(prepared.plan().blockers()).as("%s", prepared.plan().findings()).isZero();
    assertThat(planner.plan().findings())
        .as("godwit plan counts the rows of the file's filter")
        .anySatisfy(
            f -> assertThat(f.message()).contains(WIDER, "selects %,d of".formatted(selected)));
    ValidationResult clean =
        new Godwit(widened, new SimpleMeterRegistry()).validate(List.of(), false);
    assertThat(clean.clean()).as("%s", clean).isTrue();
    assertThat(result(clean, "orders").sourceRows()).isEqualTo(selected);

    // the cutover's final validation compares orders under the filter its re-copy was planned by:
    // under the old one the target's rows the wider filter added would be extra and abort it
    LiveMigrationIT.awaitLagProven(live);
    CutoverDocument view = live.control().cutover(false);
    view = until(live, view, v -> v.state() == AttemptState.WAITING_FOR_OPERATOR);
    view =
        until(
            live,
            live.control().confirmFreeze(),
            v ->
                v.state() != AttemptState.RUNNING
                    && v.state() != AttemptState.WAITING_FOR_OPERATOR);
    assertThat(view.state()).as("%s", view).isEqualTo(AttemptState.DONE);
    assertThat(ids(tgt, "1 = 1")).isEqualTo(selected);
  }

  private static CutoverDocument until(
      LiveMigration live, CutoverDocument view, Predicate<CutoverDocument> condition)
      throws Exception {
    long deadline = System.nanoTime() + Duration.ofMinutes(2).toNanos();
    while (!condition.test(view) && System.nanoTime() < deadline) {
      Thread.sleep(200);
      view = live.control().cutoverView();
    }
    return view;
  }

  private static ValidationResult.TableResult result(ValidationResult r, String table) {
    return r.tables().stream().filter(t -> t.table().equals(table)).findFirst().orElseThrow();
  }

  private static long anyOrder(TestDatabase db, String where) throws Exception {
    try (Connection c = db.connect();
        Statement st = c.createStatement();
        ResultSet rs = st.executeQuery("SELECT MIN(id) FROM orders WHERE " + where)) {
      rs.next();
      long id = rs.getLong(1);
      assertThat(rs.wasNull()).as("an order where %s", where).isFalse();
      return id;
    }
  }

  /** The id of the {@code skip}th person on the target (a row the writer left in place). */
  private static long anyPerson(TestDatabase db, int skip) throws Exception {
    try (Connection c = db.connect();
        Statement st = c.createStatement();
        ResultSet rs =
            st.executeQuery("SELECT id FROM people ORDER BY id LIMIT 1 OFFSET " + skip)) {
      assertThat(rs.next()).isTrue();
      return rs.getLong(1);
    }
  }

  private static long ids(TestDatabase db, String where) throws Exception {
    try (Connection c = db.connect();
        Statement st = c.createStatement();
        ResultSet rs = st.executeQuery("SELECT COUNT(*) FROM orders WHERE " + where)) {
      rs.next();
      return rs.getLong(1);
    }
  }
}
