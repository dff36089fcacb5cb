package io.godwit.live;

import static io.godwit.live.LiveMigrationIT.TABLES;
import static io.godwit.live.LiveMigrationIT.rows;
import static io.godwit.testing.Waits.waitUntil;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.JsonNode;
import com.zaxxer.hikari.HikariDataSource;
import io.godwit.Godwit;
import io.godwit.ResnapshotResult;
import io.godwit.capture.PostgresSlots;
import io.godwit.config.MigrationConfig;
import io.godwit.demo.ShopSchema;
import io.godwit.demo.Workload;
import io.godwit.engine.Engine;
import io.godwit.error.GodwitException;
import io.godwit.state.StatusReader;
import io.godwit.state.TablePhase;
import io.godwit.testing.Ports;
import io.godwit.testing.TestDataSources;
import io.godwit.testing.TestDatabase;
import io.godwit.testing.TestMigration;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Locale;
import java.util.Random;
import java.util.function.Supplier;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

/**
 * {@code godwit resnapshot} end to end under a write workload: a table damaged on the target (rows
 * deleted, values changed) is copied again through the control API while the workload runs and the
 * other tables stream (from MariaDB by HTTP, from PostgreSQL as {@code godwit resnapshot} asks,
 * through the same API); after the workload stops and the run drains, every table on the target
 * equals the source row by row, every column, as each engine reads its own rows. From MariaDB the
 * table is also paused by the operator first, and the migration file edited to give a column a
 * wider type: the re-copy takes the new type, leaves the pause in place, and the table catches up
 * once resumed. From PostgreSQL the request is also made while no run holds the migration: the next
 * run re-copies the table before it streams again.
 */
class ResnapshotLiveIT {

  private static final String TOKEN = "t0ken-for-the-resnapshot-test";

  @TempDir Path workDir;

  @ParameterizedTest
  @EnumSource(
      value = Engine.class,
      names = {"POSTGRESQL", "MARIADB"})
  void aDamagedTableCopiedAgainWhileTheWorkloadRunsEqualsTheSource(Engine source) throws Exception {
    long seed = new Random().nextLong();
    System.out.println("ResnapshotLiveIT " + source + " seed " + seed);
    Random random = new Random(seed);
    String suffix = source.name().toLowerCase(Locale.ROOT);
    String name = "resnap_" + suffix;
    int port = Ports.free();
    LiveRun.Api api = new LiveRun.Api(port, TOKEN);
    try (TestDatabase src = TestDatabase.create(source, "resnap_src_" + suffix);
        TestDatabase tgt = TestDatabase.create(Engine.POSTGRESQL, "resnap_tgt_" + suffix);
        HikariDataSource sourcePool = TestDataSources.pool(src);
        HikariDataSource targetPool = TestDataSources.pool(tgt)) {
      try (Connection c = src.connect()) {
        ShopSchema.create(c, source, 300);
      }
      String settings =
          ("work-dir: \"%s\"\nsnapshot: { workers: 2, chunk-rows: 1000 }\n"
                  + "control: { listen: \"127.0.0.1:%d\", token: \"%s\" }")
              .formatted(workDir, port, TOKEN);
      MigrationConfig config = TestMigration.config(name, src, tgt, settings);
      boolean paused = source == Engine.MARIADB;
      // from MariaDB the file is edited while the run runs: the re-copy of orders takes the new
      // column type; customers, edited too but not copied again, streams on as it was planned
      Supplier<MigrationConfig> fileNow =
          paused
              ? () ->
                  TestMigration.config(
                      name,
                      src,
                      tgt,
                      settings
                          + "\ntables: { column-types: { \"orders.status\": varchar(40),"
                          + " \"customers.name\": varchar(200) } }")
              : () -> config;
      try {
        String orders;
        try (Workload workload = new Workload(sourcePool, 2, 150, 300).start();
            LiveRun run = LiveRun.start(config, fileNow)) {
          orders = LiveRun.sourceName(targetPool, name, "orders");
          String customers = LiveRun.sourceName(targetPool, name, "customers");
          if (paused) {
            api.post("/api/apply/pause", "{\"tables\":[\"" + orders + "\"]}", 200);
          }
          damage(tgt, random);
          assertThat(rows(tgt, "orders")).isNotEqualTo(rows(src, "orders"));

          JsonNode unknown = api.post("/api/tables/nope/resnapshot", "", 400);
          assertThat(unknown.get("error").asText()).contains("no table nope", "godwit status");

          Instant firstCopy = table(targetPool, name, orders).copyStartedAt();
          List<String> customersBefore = rows(tgt, "customers");
          if (paused) {
            JsonNode asked = api.post("/api/tables/" + orders + "/resnapshot", "", 202);
            assertThat(asked.get("requested").toString()).contains(orders);
          } else {
            // as `godwit resnapshot` asks: through the control API, since the run holds the lock
            Godwit godwit = new Godwit(config, new SimpleMeterRegistry());
            assertThatThrownBy(() -> godwit.resnapshot(List.of(orders, "nope")))
                .isInstanceOf(GodwitException.class)
                .hasMessageContaining("no table nope")
                .hasMessageContaining("nothing was re-copied");
            ResnapshotResult asked = godwit.resnapshot(List.of(orders));
            assertThat(asked.throughRun()).isTrue();
          }
          awaitRecopied(targetPool, name, orders, firstCopy);
          assertThat(rows(tgt, "customers"))
              .as("customers kept streaming while orders was copied again")
              .isNotEqualTo(customersBefore);
          assertThat(api.get("/api/status").toString()).contains(orders, "\"phase\":\"streaming\"");
          assertThat(api.getText("/metrics"))
              .contains("godwit_snapshot_chunks_done{table=\"" + orders + "\"}");

          assertThat(statusLength(tgt))
              .as("orders.status on the target, as the file read at the re-copy plans it")
              .isEqualTo(paused ? 40 : 16);
          if (paused) {
            assertThat(table(targetPool, name, orders).applyPausedAt())
                .as("the operator's pause outlives the re-copy")
                .isNotNull();
            List<String> recopied = rows(tgt, "orders");
            LiveRun.changeOrders(src, random);
            // longer than the applier's 5 s schema check, which must not stop the re-planned table
            Thread.sleep(6000);
            assertThat(rows(tgt, "orders"))
                .as("still paused after the re-copy")
                .isEqualTo(recopied);
            assertThat(table(targetPool, name, orders).error())
                .as("the schema check plans the re-copied table by the file the re-copy read")
                .isNull();
            assertThat(table(targetPool, name, customers).error())
                .as("and each other table by the file it was copied by")
                .isNull();
            api.post("/api/apply/resume", "{\"all\":true}", 200);
          }
          workload.close();
          assertThat(workload.transactions()).isPositive();
          LiveRun.changeOrders(src, random);
          run.live().drain(Duration.ofMinutes(2));
          for (String t : TABLES) {
            assertThat(rows(tgt, t)).as("rows of %s", t).isEqualTo(rows(src, t));
          }
          assertThat(table(targetPool, name, orders).error()).isNull();
        }

        if (source == Engine.POSTGRESQL) {
          reCopiedByTheNextRun(config, src, tgt, targetPool, orders, random);
        }
      } finally {
        if (source == Engine.POSTGRESQL) {
          PostgresSlots.drop(sourcePool, name);
        }
        tgt.forgetMigration(name);
      }
    }
  }

  /**
   * With no run: an unknown table is refused whole; a known one is stored, and the next run copies
   * it again before it streams, replaying the changes made meanwhile.
   */
  private static void reCopiedByTheNextRun(
      MigrationConfig config,
      TestDatabase src,
      TestDatabase tgt,
      HikariDataSource targetPool,
      String orders,
      Random random)
      throws Exception {
    Godwit godwit = new Godwit(config, new SimpleMeterRegistry());
    assertThatThrownBy(() -> godwit.resnapshot(List.of(orders, "nope")))
        .isInstanceOf(GodwitException.class)
        .hasMessageContaining("no table nope")
        .hasMessageContaining("nothing was re-copied");
    damage(tgt, random);
    LiveRun.changeOrders(src, random);
    Instant before = table(targetPool, config.name(), orders).copyStartedAt();
    ResnapshotResult stored = godwit.resnapshot(List.of(orders));
    assertThat(stored.throughRun()).isFalse();
    assertThat(stored.requested()).containsExactly(orders);
    LiveRun.changeOrders(src, random);
    try (LiveRun run = LiveRun.start(config)) {
      awaitRecopied(targetPool, config.name(), orders, before);
      LiveRun.changeOrders(src, random);
      run.live().drain(Duration.ofMinutes(2));
      for (String t : TABLES) {
        assertThat(rows(tgt, t)).as("rows of %s after the next run", t).isEqualTo(rows(src, t));
      }
    }
  }

  /** The declared length of orders.status on the target. */
  private static int statusLength(TestDatabase tgt) throws Exception {
    try (Connection c = tgt.connect();
        PreparedStatement ps =
            c.prepareStatement(
                "SELECT character_maximum_length FROM information_schema.columns"
                    + " WHERE table_schema = current_schema() AND table_name = 'orders'"
                    + " AND column_name = 'status'");
        ResultSet rs = ps.executeQuery()) {
      assertThat(rs.next()).isTrue();
      return rs.getInt(1);
    }
  }

  /**
   * Deletes and changes rows of orders on the target only, picked by a seeded modulo; tried again
   * when it deadlocks with the applier's batch on the same rows.
   */
  private static void damage(TestDatabase tgt, Random random) throws Exception {
    int modulo = 3 + random.nextInt(5);
    for (int attempt = 1; ; attempt++) {
      try {
        tgt.execute(
            "DELETE FROM orders WHERE id %% %d = 0".formatted(modulo),
            "UPDATE orders SET status = 'damaged', total = total + 1 WHERE id %% %d = 1"
                .formatted(modulo));
        return;
      } catch (SQLException e) {
        if (!"40P01".equals(e.getSQLState()) || attempt == 5) {
          throw e;
        }
      }
    }
  }

  /** Waits until {@code table} was copied again after {@code before} and streams. */
  static void awaitRecopied(HikariDataSource target, String migration, String table, Instant before)
      throws Exception {
    waitUntil(
        Duration.ofSeconds(60),
        "the table to be copied again and stream",
        () -> {
          StatusReader.TableStatus t = table(target, migration, table);
          return t.phase() == TablePhase.STREAMING
              && t.copyStartedAt() != null
              && t.copyStartedAt().isAfter(before);
        });
    StatusReader.TableStatus t = table(target, migration, table);
    assertThat(t.phase()).isEqualTo(TablePhase.STREAMING);
    assertThat(t.copyStartedAt()).as("copied again").isAfter(before);
    assertThat(t.error()).isNull();
    assertThat(t.chunksDone()).isEqualTo(t.chunksTotal()).isPositive();
  }

  private static StatusReader.TableStatus table(
      HikariDataSource target, String migration, String table) throws Exception {
    return new StatusReader(target)
        .tables(migration).stream().filter(t -> t.source().equals(table)).findFirst().orElseThrow();
  }
}
