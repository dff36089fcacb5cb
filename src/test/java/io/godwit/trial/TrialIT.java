package io.godwit.trial;

import static io.godwit.testing.Waits.waitUntil;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.zaxxer.hikari.HikariDataSource;
import io.godwit.Godwit;
import io.godwit.capture.CaptureProperties;
import io.godwit.config.MigrationConfig;
import io.godwit.demo.ShopSchema;
import io.godwit.demo.Workload;
import io.godwit.engine.Engine;
import io.godwit.error.GodwitException;
import io.godwit.faults.IndependentComparison;
import io.godwit.snapshot.PausePoints;
import io.godwit.state.StateStore;
import io.godwit.state.StatusReader;
import io.godwit.state.TablePhase;
import io.godwit.testing.TestDataSources;
import io.godwit.testing.TestDatabase;
import io.godwit.testing.TestMigration;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.Statement;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

/**
 * {@code godwit trial} on the shop under its write workload, the first {@value #ROWS} rows by key
 * of each table: the key ranges are the ones the source engine itself puts at row {@value #ROWS}
 * (products, keyed by text, is copied whole), the staging target then holds exactly the rows of
 * those ranges, every column alike, its projections are positive and finite, and the trial's slot,
 * publication and topics are gone, after a normal exit and after the run failed.
 */
class TrialIT {

  private static final int ROWS = 100;
  private static final List<String> TABLES =
      List.of("customers", "products", "orders", "order_lines");

  @TempDir Path workDir;

  @ParameterizedTest
  @EnumSource(
      value = Engine.class,
      names = {"MARIADB", "POSTGRESQL"})
  void theStagingTargetHoldsTheAskedSampleAndNothingIsLeftBehind(Engine source) throws Exception {
    String suffix = source.name().toLowerCase(Locale.ROOT) + "_postgresql";
    String name = TestMigration.uniqueName("trial", source);
    try (TestDatabase src = TestDatabase.create(source, "trial_src_" + suffix);
        TestDatabase tgt = TestDatabase.create(Engine.POSTGRESQL, "trial_tgt_" + suffix);
        HikariDataSource sourcePool = TestDataSources.pool(src);
        HikariDataSource targetPool = TestDataSources.pool(tgt)) {
      try (Connection c = src.connect()) {
        ShopSchema.create(c, source, 300);
      }
      try (Workload orders = new Workload(sourcePool, 2, 200, 300).start()) {
        waitUntil(Duration.ofSeconds(30), () -> count(src, "orders", "1 = 1") >= 2 * ROWS);
      }
      Map<String, String> expected = new LinkedHashMap<>();
      expected.put("customers", "id <= " + nth(src, "customers", "id", "id"));
      expected.put("orders", "id <= " + nth(src, "orders", "id", "id"));
      expected.put(
          "order_lines", "order_id <= " + nth(src, "order_lines", "order_id", "order_id, line_no"));
      assertThat(count(src, "customers", expected.get("customers"))).isEqualTo(ROWS);
      assertThat(count(src, "orders", expected.get("orders"))).isEqualTo(ROWS);
      assertThat(count(src, "order_lines", expected.get("order_lines")))
          .isBetween((long) ROWS, ROWS + 2L);

      MigrationConfig config =
          TestMigration.config(
              name,
              src,
              tgt,
              "work-dir: \"%s\"\nsnapshot: { workers: 2 }".formatted(workDir.resolve("w")));
      String trialName = TrialConfig.name(name);
      TrialResult result;
      try {
        CompletableFuture<TrialResult> trial =
            CompletableFuture.supplyAsync(
                () -> {
                  try {
                    return new Godwit(config, new SimpleMeterRegistry())
                        .trial(SampleSize.rows(ROWS), Optional.empty(), Duration.ofSeconds(10));
                  } catch (Exception e) {
                    throw new IllegalStateException(e);
                  }
                });
        StatusReader status = new StatusReader(targetPool);
        // the workload starts once the trial chose its key ranges and created its tables
        waitUntil(
            Duration.ofMinutes(1), () -> trial.isDone() || !status.tables(trialName).isEmpty());
        try (Workload workload = new Workload(sourcePool, 2, 150, 300).start()) {
          waitUntil(
              Duration.ofMinutes(2),
              () ->
                  trial.isDone()
                      || status.tables(trialName).stream()
                          .allMatch(t -> t.phase() == TablePhase.STREAMING));
          // on past the trial's pause of its applier (from 5 s to 7.5 s of its 10 s window), so
          // the applier has a backlog to show its capacity on, and off before the trial's drain
          Thread.sleep(6000);
          workload.close();
          assertThat(workload.transactions()).isPositive();
        }
        result = trial.join();
      } finally {
        tgt.forgetMigration(trialName);
      }
      System.out.print(TrialText.render(result));

      Map<String, String> ranges = new LinkedHashMap<>();
      for (TrialResult.TableProjection t : result.tables()) {
        if (t.table().equals("products")) {
          assertThat(t.filter()).isEmpty();
          assertThat(t.note()).contains("sku");
        } else {
          ranges.put(t.table(), t.filter().replace("\"", ""));
        }
      }
      assertThat(ranges)
          .as("the key ranges the source engine puts at row %d", ROWS)
          .isEqualTo(expected);
      IndependentComparison.Result compared =
          IndependentComparison.compare(src, tgt, TABLES, ranges);
      assertThat(compared.differences()).as(compared.summary(20)).isEmpty();
      assertThat(count(tgt, "customers", "1 = 1")).isEqualTo(ROWS);
      assertThat(result.validation().clean()).as("%s", result.validation()).isTrue();

      assertThat(result.tables())
          .allSatisfy(t -> assertThat(t.projectedSeconds()).isPositive().isFinite());
      assertThat(result.snapshot().projectedSeconds()).isPositive().isFinite();
      // one chunk a table at this size: no spread to measure (ProjectionTest checks its arithmetic)
      assertThat(result.snapshot().spread()).isNaN();
      assertThat(result.streaming().changeRate()).isPositive().isFinite();
      assertThat(result.streaming().capacity()).isPositive().isFinite();
      assertThat(result.downtime().projectedSeconds()).isPositive().isFinite();
      assertThat(result.downtime().drainSeconds()).isPositive().isFinite();
      assertThat(result.dryRunChecks()).isNotEmpty();

      assertNothingLeft(sourcePool, source, trialName, workDir.resolve("w_trial"));
    }
  }

  @Test
  void aTrialWhoseRunFailsStillRemovesItsSlotPublicationAndTopics() throws Exception {
    String name = TestMigration.uniqueName("trialfail", Engine.POSTGRESQL);
    try (TestDatabase src = TestDatabase.create(Engine.POSTGRESQL, "trialfail_src");
        TestDatabase tgt = TestDatabase.create(Engine.POSTGRESQL, "trialfail_tgt");
        HikariDataSource sourcePool = TestDataSources.pool(src)) {
      try (Connection c = src.connect()) {
        ShopSchema.create(c, Engine.POSTGRESQL, 50);
      }
      MigrationConfig config =
          TestMigration.config(name, src, tgt, "work-dir: \"%s\"".formatted(workDir.resolve("w")));
      PausePoints broken =
          new PausePoints() {
            @Override
            public void afterChunk(String table, int chunk) {}

            @Override
            public void beforeSnapshot() {
              assertThat(Files.exists(workDir.resolve("w_trial").resolve("kafka")))
                  .as("the broker's topics exist while the trial runs")
                  .isTrue();
              throw new IllegalStateException("planted failure before the snapshot");
            }
          };
      assertThatThrownBy(
              () ->
                  new Godwit(config, new SimpleMeterRegistry(), broken)
                      .trial(SampleSize.percent(50), Optional.empty(), Duration.ofSeconds(4)))
          .hasMessageContaining("planted failure before the snapshot");
      assertNothingLeft(
          sourcePool, Engine.POSTGRESQL, TrialConfig.name(name), workDir.resolve("w_trial"));
    }
  }

  @Test
  void aTargetHoldingTheMigrationsOwnStateOrAnEarlierTrialIsRefusedBeforeAnythingStarts()
      throws Exception {
    String name = TestMigration.uniqueName("trialref", Engine.POSTGRESQL);
    try (TestDatabase src = TestDatabase.create(Engine.POSTGRESQL, "trialref_src");
        TestDatabase tgt = TestDatabase.create(Engine.POSTGRESQL, "trialref_tgt");
        HikariDataSource sourcePool = TestDataSources.pool(src);
        HikariDataSource targetPool = TestDataSources.pool(tgt)) {
      try (Connection c = src.connect()) {
        ShopSchema.create(c, Engine.POSTGRESQL, 20);
      }
      MigrationConfig config =
          TestMigration.config(name, src, tgt, "work-dir: \"%s\"".formatted(workDir.resolve("w")));
      Godwit godwit = new Godwit(config, new SimpleMeterRegistry());
      StateStore.prepare(config, targetPool);
      assertThatThrownBy(
              () -> godwit.trial(SampleSize.percent(50), Optional.empty(), Duration.ofSeconds(4)))
          .isInstanceOf(GodwitException.class)
          .hasMessageContaining("holds migration " + name + "'s state")
          .hasMessageContaining("fix: pass --target");

      String trialName = TrialConfig.name(name);
      StateStore.prepare(TrialConfig.staging(config, Optional.empty()), targetPool);
      try (Connection c = tgt.connect();
          Statement st = c.createStatement()) {
        st.execute("DELETE FROM _godwit.migration WHERE name = '" + name + "'");
      }
      assertThatThrownBy(
              () -> godwit.trial(SampleSize.percent(50), Optional.empty(), Duration.ofSeconds(4)))
          .isInstanceOf(GodwitException.class)
          .hasMessageContaining("holds an earlier trial (" + trialName + ")");
      assertThat(new StatusReader(targetPool).tables(trialName)).as("no table created").isEmpty();
      assertNothingLeft(sourcePool, Engine.POSTGRESQL, trialName, workDir.resolve("w_trial"));
    }
  }

  private static void assertNothingLeft(
      HikariDataSource source, Engine engine, String trialName, Path trialDir) throws Exception {
    assertThat(trialDir).as("the trial's work directory with its broker's topics").doesNotExist();
    if (engine != Engine.POSTGRESQL) {
      return;
    }
    String slot = CaptureProperties.slotName(trialName);
    try (Connection c = source.getConnection();
        Statement st = c.createStatement()) {
      assertThat(
              one(st, "SELECT COUNT(*) FROM pg_replication_slots WHERE slot_name = '" + slot + "'"))
          .as("replication slot %s", slot)
          .isZero();
      assertThat(one(st, "SELECT COUNT(*) FROM pg_publication WHERE pubname = '" + slot + "'"))
          .as("publication %s", slot)
          .isZero();
    }
  }

  /** The key of the {@value #ROWS}-th row in {@code order} as the source engine reads it. */
  private static String nth(TestDatabase db, String table, String key, String order)
      throws Exception {
    try (Connection c = db.connect();
        Statement st = c.createStatement();
        ResultSet rs =
            st.executeQuery(
                "SELECT %s FROM %s ORDER BY %s LIMIT 1 OFFSET %d"
                    .formatted(key, table, order, ROWS - 1))) {
      assertThat(rs.next()).as("%s has %d rows", table, ROWS).isTrue();
      return rs.getString(1);
    }
  }

  private static long count(TestDatabase db, String table, String where) throws Exception {
    try (Connection c = db.connect();
        Statement st = c.createStatement()) {
      return one(st, "SELECT COUNT(*) FROM " + table + " WHERE " + where);
    }
  }

  private static long one(Statement st, String sql) throws Exception {
    try (ResultSet rs = st.executeQuery(sql)) {
      rs.next();
      return rs.getLong(1);
    }
  }
}
