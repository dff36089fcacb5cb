package io.godwit.live;

import static io.godwit.live.LiveMigrationIT.TABLES;
import static io.godwit.testing.Waits.waitUntil;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.zaxxer.hikari.HikariConfig;
import com.zaxxer.hikari.HikariDataSource;
import io.godwit.CutoverOperator;
import io.godwit.Godwit;
import io.godwit.StoredStatus;
import io.godwit.capture.PostgresSlots;
import io.godwit.config.MigrationConfig;
import io.godwit.control.ControlledRun;
import io.godwit.control.CutoverDocument;
import io.godwit.db.Jdbc;
import io.godwit.demo.ShopSchema;
import io.godwit.demo.Workload;
import io.godwit.engine.Engine;
import io.godwit.error.GodwitException;
import io.godwit.faults.IndependentComparison;
import io.godwit.state.AttemptState;
import io.godwit.state.Difference;
import io.godwit.state.ValidationResult;
import io.godwit.testing.Ports;
import io.godwit.testing.ScratchMariaDb;
import io.godwit.testing.TestDataSources;
import io.godwit.testing.TestDatabase;
import io.godwit.testing.TestMigration;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.Random;
import java.util.function.Supplier;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code godwit rollback} (issue #16) end to end, PostgreSQL to PostgreSQL and MariaDB to
 * PostgreSQL on the real servers and the embedded broker, through the control API as the CLI calls
 * it: a migration under the application's workload is cut over with {@code rollback.reverse: on};
 * the application then writes on the target (its workload, and a round of inserts, updates, deletes
 * and key changes with boundary and seeded random values). A row planted on the old source makes
 * the first rollback's final validation fail: the target is unfrozen and takes writes again, the
 * old source stays frozen, the attempt says why. Without it, the second rollback succeeds: an
 * independent comparison (plain SQL on both sides) shows the old source equal to the target, the
 * application writes on the old source (new rows take ids past the target's) while the target
 * refuses writes, the done hook ran and the run ended. Then the migration runs forward again (see
 * {@code runForwardAgain}), is cut over and rolled back a second time, and {@code godwit finish}
 * leaves nothing behind. CI makes the failed first rollback from the MariaDB old source only (in
 * changed mode, where only the comparison of the keys the reverse stream carried sees the planted
 * value) and runs forward again from the PostgreSQL one only; {@code -Drollback.all=true} makes
 * both from both ({@link #ALL}).
 */
class RollbackIT {

  /**
   * The system property that runs every slow case of the rollback's end-to-end tests, which CI
   * leaves out for time ({@code -Drollback.all=true}): here the rollback a planted row makes fail
   * from the PostgreSQL old source and the second round (forward again, a second cutover and
   * rollback) from the MariaDB one, and ReverseStreamIT's PostgreSQL to PostgreSQL reverse stream.
   */
  static final String ALL = "rollback.all";

  private static final String APP_ROLE = "godwit_app";
  private static final long PLANTED = 2_000_000_000L;

  /**
   * A customer the workload (customers 1 to 200) never writes: a name the test sets on it is not
   * overwritten before the reverse stream carries it back.
   */
  private static final long UNTOUCHED = 201;

  private static final String[] BINLOG = {
    "--log-bin=mysql-bin",
    "--binlog-format=ROW",
    "--binlog-row-image=FULL",
    "--server-id=1",
    "--character-set-server=utf8mb4",
    "--collation-server=utf8mb4_unicode_ci"
  };

  @TempDir Path workDir;

  /**
   * PostgreSQL to PostgreSQL, run forward again after the rollback; the failed first rollback only
   * with {@code -Drollback.all=true}: the MariaDB to PostgreSQL case makes it in CI.
   */
  @Test
  void postgresToPostgresRollsBackAndRunsForwardAgain() throws Exception {
    String name = TestMigration.uniqueName("rb", Engine.POSTGRESQL);
    try (TestDatabase src = TestDatabase.create(Engine.POSTGRESQL, "rb_pg_src");
        TestDatabase tgt = TestDatabase.create(Engine.POSTGRESQL, "rb_pg_tgt");
        HikariDataSource srcAdmin = TestDataSources.pool(src);
        HikariDataSource tgtAdmin = TestDataSources.pool(tgt)) {
      shopWithApplication(src);
      try {
        rollBack(
            src,
            tgt,
            name,
            "full",
            () -> appPool(src.url(), APP_ROLE, ""),
            Boolean.getBoolean(ALL),
            true);
      } finally {
        for (TestDatabase db : List.of(src, tgt)) {
          db.execute(
              "SET SESSION CHARACTERISTICS AS TRANSACTION READ WRITE",
              "ALTER DATABASE " + db.name() + " RESET default_transaction_read_only");
        }
        PostgresSlots.drop(srcAdmin, name);
        PostgresSlots.drop(tgtAdmin, name + "_reverse");
      }
    }
  }

  /**
   * MariaDB to PostgreSQL, on a MariaDB server of its own (the read-only freeze is global): the
   * rollback lifts {@code read_only}, which bound the application's user. Runs forward again only
   * with {@code -Drollback.all=true}: the PostgreSQL to PostgreSQL case runs forward again in CI.
   */
  @Test
  void mariaDbToPostgresRollsBackAfterAnAbortedAttempt() throws Exception {
    String name = TestMigration.uniqueName("rb", Engine.MARIADB);
    try (ScratchMariaDb server = ScratchMariaDb.start(Ports.free(), BINLOG);
        TestDatabase src = TestDatabase.on(server, "rb_maria_src");
        TestDatabase tgt = TestDatabase.create(Engine.POSTGRESQL, "rb_maria_tgt");
        HikariDataSource tgtAdmin = TestDataSources.pool(tgt)) {
      shopWithApplication(src);
      tgt.execute(
          "DO $$ BEGIN IF NOT EXISTS (SELECT FROM pg_roles WHERE rolname = '"
              + APP_ROLE
              + "') THEN CREATE ROLE "
              + APP_ROLE
              + " LOGIN; END IF; END $$");
      try {
        rollBack(
            src,
            tgt,
            name,
            "changed",
            () -> appPool(src.url(), APP_ROLE, "app"),
            true,
            Boolean.getBoolean(ALL));
      } finally {
        tgt.execute(
            "SET SESSION CHARACTERISTICS AS TRANSACTION READ WRITE",
            "ALTER DATABASE " + tgt.name() + " RESET default_transaction_read_only");
        PostgresSlots.drop(tgtAdmin, name + "_reverse");
      }
    }
  }

  /**
   * PostgreSQL to MariaDB, then MariaDB to MariaDB, into one MariaDB target server (the rollback's
   * read-only freeze of the target is global, so it is a server of its own, and so is the MariaDB
   * source's): the reverse stream starts at the binlog position and GTIDs the cutover recorded.
   */
  @Test
  void intoMariaDbRollsBackFromPostgresAndFromMariaDb() throws Exception {
    try (ScratchMariaDb targetServer = ScratchMariaDb.start(Ports.free(), BINLOG);
        ScratchMariaDb sourceServer = ScratchMariaDb.start(Ports.free(), BINLOG)) {
      String fromPostgres = TestMigration.uniqueName("rbm", Engine.POSTGRESQL);
      try (TestDatabase src = TestDatabase.create(Engine.POSTGRESQL, "rbm_pg_src");
          TestDatabase tgt = TestDatabase.on(targetServer, "rbm_pg_tgt");
          HikariDataSource srcAdmin = TestDataSources.pool(src)) {
        shopWithApplication(src);
        try {
          rollBackIntoMariaDb(
              src,
              tgt,
              fromPostgres,
              () -> appPool(src.url(), APP_ROLE, ""),
              ReverseStreamIT.COUNTING_ON_POSTGRES);
        } finally {
          src.execute(
              "SET SESSION CHARACTERISTICS AS TRANSACTION READ WRITE",
              "ALTER DATABASE " + src.name() + " RESET default_transaction_read_only");
          PostgresSlots.drop(srcAdmin, fromPostgres);
          tgt.execute("SET GLOBAL read_only = OFF");
          tgt.forgetMigration(fromPostgres);
        }
      }
      String fromMariaDb = TestMigration.uniqueName("rbm", Engine.MARIADB);
      try (TestDatabase src = TestDatabase.on(sourceServer, "rbm_maria_src");
          TestDatabase tgt = TestDatabase.on(targetServer, "rbm_maria_tgt")) {
        shopWithApplication(src);
        try {
          rollBackIntoMariaDb(
              src,
              tgt,
              fromMariaDb,
              () -> appPool(src.url(), APP_ROLE, "app"),
              ReverseStreamIT.COUNTING_ON_MARIADB);
        } finally {
          src.execute("SET GLOBAL read_only = OFF");
          src.forgetMigration(fromMariaDb + "_reverse");
          tgt.execute("SET GLOBAL read_only = OFF");
          tgt.forgetMigration(fromMariaDb);
        }
      }
    }
  }

  /**
   * Migrates the shop under the application's workload into a MariaDB target, cuts over with the
   * reverse stream and rolls back. The done hook writes on the target right at R0, before the
   * reverse capture starts, and the application then writes its rounds there: the old source counts
   * each customer write it takes (from {@code counting}, made once the cutover is done), so a
   * reverse capture that started before R0 (replaying the forward applier's writes) or after it
   * (missing the hook's) shows. An independent comparison then shows the old source equal to the
   * target, and the application writes on the old source.
   */
  private void rollBackIntoMariaDb(
      TestDatabase src,
      TestDatabase tgt,
      String name,
      Supplier<HikariDataSource> srcApp,
      String[] counting)
      throws Exception {
    String[] address = tgt.url().replaceFirst("^jdbc:mariadb://([^/]+)/.*$", "$1").split(":");
    String extra =
        ("work-dir: \"%s\"\nsnapshot: { workers: 2, chunk-rows: 1000 }\n"
                + "tables: { include: [%s] }\n"
                + "control: { listen: \"127.0.0.1:%d\", token: \"t0ken-for-the-rollback-test\" }\n"
                + "cutover: { freeze: read-only, timeout: 60s, lag-threshold: 10s,"
                + " app-roles: [%s], done-hook: \"mariadb -h %s -P %s -u root %s -e"
                + " \\\"INSERT INTO products (sku, name, price) VALUES ('HOOK', 'at R0', 1.23)\\\"\" }\n"
                + "rollback: { reverse: on }")
            .formatted(
                workDir.resolve(name),
                String.join(", ", TABLES),
                Ports.free(),
                APP_ROLE,
                address[0],
                address[1],
                tgt.name());
    MigrationConfig config = TestMigration.config(name, src, tgt, extra);
    long seed = System.nanoTime();
    System.out.println("RollbackIT " + name + " seed " + seed);
    Random random = new Random(seed);
    Godwit godwit = new Godwit(config, new SimpleMeterRegistry());
    int customerWrites;
    try (LiveRun run = LiveRun.start(config)) {
      cutOverUnderWorkload(run, godwit, srcApp);
      src.execute(counting);
      tgt.grantApplication(APP_ROLE);
      customerWrites = ReverseStreamIT.TargetWrites.apply(tgt, random, 1);
      awaitStreamingBack(run.live().control());
      customerWrites += ReverseStreamIT.TargetWrites.apply(tgt, random, 2);
      assertThat(godwit.validateReverse(List.of(), false).clean())
          .as("validated clean in reverse")
          .isTrue();
      awaitRollbackReady(run.live().control());
      CutoverDocument rolledBack = godwit.rollback(new Goes());
      assertThat(rolledBack.state()).as("%s", rolledBack).isEqualTo(AttemptState.ROLLED_BACK);
      waitUntil(Duration.ofSeconds(60), "the run to end", () -> run.running().isDone());
      assertThat(run.running()).as("the run ends after the rollback").isNotCompletedExceptionally();
    }
    IndependentComparison.Result result = IndependentComparison.compare(src, tgt, TABLES);
    assertThat(result.equal()).as("%s", result.summary(10)).isTrue();
    assertThat(rows(src, "SELECT count(*) FROM products WHERE sku = 'HOOK'"))
        .as("the target's write right at R0 reached the old source")
        .isEqualTo(1);
    assertThat(ReverseStreamIT.writes(src))
        .as("each customer write on the target applied once, none from before R0")
        .isEqualTo(customerWrites);
    assertThat(readOnly(tgt)).as("the target stays frozen").isTrue();
    assertThat(readOnly(src)).as("the old source is writable").isFalse();
    try (HikariDataSource app = srcApp.get();
        Connection c = app.getConnection()) {
      assertThat(
              Jdbc.update(
                  c,
                  "INSERT INTO products (sku, name, price) VALUES ('BACK', 'after the rollback',"
                      + " 1.00)"))
          .isOne();
    }
  }

  /**
   * @param finalValidation {@code cutover.final-validation}, which the rollback's final validation
   *     follows: {@code changed} compares the keys the reverse stream carried since the last clean
   *     {@code validate --reverse}, and the row counts
   * @param abortFirst whether a row planted on the old source first makes a rollback fail ({@code
   *     abortOnAPlantedRow})
   * @param forwardAgain whether the migration then runs forward again, is cut over and rolled back
   *     a second time ({@code runForwardAgain}) before {@code godwit finish}
   */
  private void rollBack(
      TestDatabase src,
      TestDatabase tgt,
      String name,
      String finalValidation,
      Supplier<HikariDataSource> srcApp,
      boolean abortFirst,
      boolean forwardAgain)
      throws Exception {
    Path hookRan = workDir.resolve("rollback-done-hook-ran");
    String extra =
        ("work-dir: \"%s\"\nsnapshot: { workers: 2, chunk-rows: 1000 }\n"
                + "tables: { include: [%s] }\n"
                + "control: { listen: \"127.0.0.1:%d\", token: \"t0ken-for-the-rollback-test\" }\n"
                + "cutover: { freeze: read-only, timeout: 60s, lag-threshold: 10s,"
                + " app-roles: [%s], final-validation: %s }\n"
                + "rollback: { reverse: on, done-hook: \"touch %s\" }")
            .formatted(
                workDir,
                String.join(", ", TABLES),
                Ports.free(),
                APP_ROLE,
                finalValidation,
                hookRan);
    MigrationConfig config = TestMigration.config(name, src, tgt, extra);
    long seed = System.nanoTime();
    System.out.println("RollbackIT " + name + " seed " + seed);
    Random random = new Random(seed);
    Godwit godwit = new Godwit(config, new SimpleMeterRegistry());
    try (LiveRun run = LiveRun.start(config)) {
      assertThatThrownBy(() -> godwit.validateReverse(List.of(), false))
          .isInstanceOf(GodwitException.class)
          .hasMessageContaining("--reverse: migration " + name + " is not cut over")
          .hasMessageContaining("fix:");
      cutOverUnderWorkload(run, godwit, srcApp);
      tgt.execute(
          "GRANT SELECT, INSERT, UPDATE, DELETE ON ALL TABLES IN SCHEMA public TO " + APP_ROLE,
          "GRANT USAGE ON ALL SEQUENCES IN SCHEMA public TO " + APP_ROLE);
      try (HikariDataSource app = appPool(tgt.url(), APP_ROLE, "");
          Workload workload = new Workload(app, 2, 50, 200).start()) {
        ReverseStreamIT.TargetWrites.apply(tgt, random, 1);
        awaitStreamingBack(run.live().control());
        assertThatThrownBy(() -> godwit.finish(true))
            .as("finish refuses while the run streams back")
            .isInstanceOf(GodwitException.class)
            .hasMessageContaining("migration " + name + " is already being run by");
        assertThat(check(run.live().control(), "last reverse validation clean"))
            .as("no reverse validation yet")
            .returns(false, CutoverDocument.Check::ok)
            .satisfies(c -> assertThat(c.detail()).contains("customers never validated"));
        assertThat(godwit.validateReverse(List.of(), false).clean())
            .as("validated clean in reverse, the application writing on the target")
            .isTrue();
        awaitRollbackReady(run.live().control());
        if (abortFirst) {
          abortOnAPlantedRow(src, tgt, godwit, run, workload);
          tgt.execute("UPDATE customers SET name = 'carried back again' WHERE id = " + UNTOUCHED);
        }
        ReverseStreamIT.TargetWrites.apply(tgt, random, 2);
        assertThat(godwit.validateReverse(List.of(), false).clean())
            .as("clean in reverse after a second round of writes on the target")
            .isTrue();
        awaitRollbackReady(run.live().control());
        CutoverDocument rolledBack = godwit.rollback(new Goes());
        assertThat(rolledBack.state()).as("%s", rolledBack).isEqualTo(AttemptState.ROLLED_BACK);
        assertThat(steps(rolledBack))
            .containsExactly(
                "preconditions:ok",
                "freeze:ok",
                "drain:ok",
                "validate:ok",
                "sequences:ok",
                "unfreeze:ok",
                "done:ok");
        assertThat(detail(rolledBack, "validate"))
            .as("the final validation follows final-validation: %s", finalValidation)
            .contains(
                finalValidation.equals("changed")
                    ? "; %d compared by their".formatted(TABLES.size())
                    : "rows equal on both sides");
        assertThat(rolledBack.recorded().downtimeSeconds()).isPositive().isLessThan(30.0);
        System.out.println(
            "RollbackIT downtime "
                + rolledBack.recorded().downtimeSeconds()
                + " s; "
                + steps(rolledBack));
        assertThat(workload.transactions()).as("the application wrote on the target").isPositive();
      }
      waitUntil(Duration.ofSeconds(60), "the run to end", () -> run.running().isDone());
      assertThat(run.running()).as("the run ends after the rollback").isNotCompletedExceptionally();
    }

    IndependentComparison.Result result = IndependentComparison.compare(src, tgt, TABLES);
    assertThat(result.equal()).as("%s", result.summary(10)).isTrue();
    assertThat(Files.exists(hookRan)).as("rollback.done-hook ran").isTrue();
    assertThat(readOnly(tgt)).as("the target stays frozen").isTrue();
    assertThat(readOnly(src)).as("the old source is writable").isFalse();
    long maxOrderOnTarget = rows(tgt, "SELECT max(id) FROM orders");
    try (HikariDataSource app = srcApp.get();
        Connection c = app.getConnection()) {
      c.setAutoCommit(false);
      long order;
      try (PreparedStatement ps =
          c.prepareStatement(
              "INSERT INTO orders (customer_id, status, total, placed_at) VALUES ((SELECT"
                  + " min(id) FROM customers), 'back', 1.00, now())",
              Statement.RETURN_GENERATED_KEYS)) {
        ps.executeUpdate();
        try (ResultSet rs = ps.getGeneratedKeys()) {
          rs.next();
          order = rs.getLong(1);
        }
      }
      Jdbc.update(c, "UPDATE customers SET name = 'written after the rollback' WHERE id = 1");
      c.commit();
      assertThat(order)
          .as("the old source's counter is past the target's largest id")
          .isGreaterThan(maxOrderOnTarget);
    }
    try (HikariDataSource app = appPool(tgt.url(), APP_ROLE, "");
        Connection c = app.getConnection()) {
      assertThatThrownBy(() -> Jdbc.update(c, "UPDATE customers SET name = 'refused' WHERE id = 1"))
          .isInstanceOf(SQLException.class)
          .hasMessageContaining("read-only transaction");
    }

    if (forwardAgain) {
      runForwardAgain(src, tgt, name, srcApp, godwit, config, random);
    }

    assertThat(godwit.finish(false))
        .as("finish after the rollback")
        .contains("slot and publication godwit_%s_reverse on the target dropped".formatted(name));
    try (Connection c = tgt.connect()) {
      assertThat(
              Jdbc.queryLong(
                  c,
                  "SELECT count(*) FROM pg_replication_slots"
                      + " WHERE slot_name LIKE 'godwit\\_"
                      + name
                      + "%'"))
          .as("no slot of the migration is left on the target")
          .isZero();
    }
    assertThat(workDir.resolve("kafka")).as("the embedded broker's topics").doesNotExist();
    assertThat(readOnly(tgt)).as("the target stays frozen after finish").isTrue();
  }

  /**
   * A rollback whose final validation finds a row planted on the old source fails: the target is
   * unfrozen and takes the application's writes again, the old source stays frozen, the attempt
   * says why, and {@code validate --reverse} reports the planted row; which is then removed.
   */
  private static void abortOnAPlantedRow(
      TestDatabase src, TestDatabase tgt, Godwit godwit, LiveRun run, Workload workload)
      throws Exception {
    // planted on the frozen old source as only Godwit could: a row the target lacks (the row
    // counts differ) and, in a row the reverse stream carried, a value the target lacks (only
    // the comparison of the changed keys sees it in changed mode)
    tgt.execute("UPDATE customers SET name = 'carried back' WHERE id = " + UNTOUCHED);
    awaitName(src, UNTOUCHED, "carried back");
    asGodwit(
        src,
        "INSERT INTO customers (id, email, name, vip, created_at) VALUES (%d,".formatted(PLANTED)
            + " 'planted@example.com', 'only on the old source', false, now())");
    asGodwit(src, "UPDATE customers SET name = 'planted' WHERE id = " + UNTOUCHED);
    CutoverDocument aborted = godwit.rollback(new Goes());
    assertThat(aborted.state()).as("%s", aborted).isEqualTo(AttemptState.ABORTED);
    assertThat(aborted.recorded().error())
        .contains("the final validation found differences: customers (")
        .contains("1 different")
        .contains("target: database " + tgt.name() + " accepts writes again");
    assertThat(steps(aborted))
        .containsExactly("preconditions:ok", "freeze:ok", "drain:ok", "validate:failed");
    assertThat(readOnly(src)).as("the old source stays frozen").isTrue();
    assertThat(readOnly(tgt)).as("the target is writable again").isFalse();
    long before = workload.transactions();
    waitUntil(
        Duration.ofSeconds(30),
        "the application to write on the target again",
        () -> workload.transactions() > before + 10);
    assertThat(run.running()).as("the reverse stream goes on").isNotDone();

    assertThat(check(run.live().control(), "last reverse validation clean").ok())
        .as("the failed final validation counts as the last reverse validation")
        .isFalse();
    ValidationResult.TableResult planted =
        godwit.validateReverse(List.of("customers"), false).tables().get(0);
    assertThat(planted.extra()).as("%s", planted).isEqualTo(1);
    assertThat(planted.differences())
        .extracting(Difference::key)
        .anySatisfy(key -> assertThat(key).contains(String.valueOf(PLANTED)));

    asGodwit(src, "DELETE FROM customers WHERE id = " + PLANTED);
  }

  /**
   * After the rollback, a new run streams forward again: the application's writes on the old source
   * reach the frozen target, which the application still may not write; an independent comparison
   * shows them equal; a second cutover lifts the target's freeze, starts a reverse stream with
   * nothing of the first one (no reverse validation yet), which streams the target's new writes
   * back; and a second rollback succeeds.
   */
  private void runForwardAgain(
      TestDatabase src,
      TestDatabase tgt,
      String name,
      Supplier<HikariDataSource> srcApp,
      Godwit godwit,
      MigrationConfig config,
      Random random)
      throws Exception {
    try (LiveRun run = LiveRun.start(config)) {
      try (HikariDataSource app = srcApp.get();
          Workload workload = new Workload(app, 2, 50, 200).start()) {
        if (src.engine() == Engine.POSTGRESQL) {
          ReverseStreamIT.TargetWrites.apply(src, random, 3);
        }
        waitUntil(
            Duration.ofSeconds(30),
            "the application to write on the old source",
            () -> workload.transactions() > 20);
      }
      LiveMigrationIT.awaitLagProven(run.live());
      run.live().drain(Duration.ofSeconds(30));
      assertThat(run.running()).as("the run streams forward again").isNotDone();
      IndependentComparison.Result forward = IndependentComparison.compare(src, tgt, TABLES);
      assertThat(forward.equal()).as("%s", forward.summary(10)).isTrue();
      assertThat(readOnly(tgt)).as("the target stays frozen for the application").isTrue();
      StoredStatus status = godwit.status(Optional.empty(), shown -> {});
      assertThat(status.cutover().state())
          .as("godwit status shows the rollback as the latest cutover attempt")
          .isEqualTo(AttemptState.ROLLED_BACK);
      assertThat(status.reverse()).as("no reverse stream while streaming forward").isNull();
      assertThat(godwit.validate(List.of(), false).clean())
          .as("validated clean while the target is frozen")
          .isTrue();

      CutoverDocument second = PostgresToPostgresCutoverIT.cutOver(run.live().control());
      assertThat(second.state()).as("%s", second).isEqualTo(AttemptState.DONE);
      assertThat(second.recorded().attempt())
          .as("after the first cutover and the rollback")
          .isGreaterThan(2);
      assertThat(readOnly(tgt)).as("the target takes writes again").isFalse();
      assertThat(readOnly(src)).as("the old source is frozen again").isTrue();
      awaitStreamingBack(run.live().control());
      assertThat(check(run.live().control(), "last reverse validation clean").detail())
          .as("nothing of the first reverse stream is left")
          .contains("customers never validated");
      ReverseStreamIT.TargetWrites.apply(tgt, random, 4);
      assertThat(godwit.validateReverse(List.of(), false).clean())
          .as("the new reverse stream streams the target's writes back")
          .isTrue();
      awaitRollbackReady(run.live().control());
      CutoverDocument rolledBack = godwit.rollback(new Goes());
      assertThat(rolledBack.state()).as("%s", rolledBack).isEqualTo(AttemptState.ROLLED_BACK);
      waitUntil(Duration.ofSeconds(60), "the run to end", () -> run.running().isDone());
      assertThat(run.running()).isNotCompletedExceptionally();
    }
    IndependentComparison.Result back = IndependentComparison.compare(src, tgt, TABLES);
    assertThat(back.equal()).as("%s", back.summary(10)).isTrue();
  }

  /**
   * Creates the shop on {@code src} and the application's login there: customers 1 to 200, which
   * the application's workload writes, and {@link #UNTOUCHED}, which it does not.
   */
  private static void shopWithApplication(TestDatabase src) throws Exception {
    try (Connection c = src.connect()) {
      ShopSchema.create(c, src.engine(), (int) UNTOUCHED);
    }
    src.grantApplication(APP_ROLE);
  }

  /** Lets the application write on the source, validates clean and cuts over, under its writes. */
  private static void cutOverUnderWorkload(
      LiveRun run, Godwit godwit, Supplier<HikariDataSource> srcApp) throws Exception {
    try (HikariDataSource app = srcApp.get();
        Workload workload = new Workload(app, 2, 100, 200).start()) {
      waitUntil(
          Duration.ofSeconds(30), "the application to write", () -> workload.transactions() > 20);
      assertThat(godwit.validate(List.of(), false).clean())
          .as("validated clean before the cutover")
          .isTrue();
      CutoverDocument done = PostgresToPostgresCutoverIT.cutOver(run.live().control());
      assertThat(done.state()).as("%s", done).isEqualTo(AttemptState.DONE);
    }
  }

  /** Waits until the run streams back: its rollback answers a dry run. */
  static void awaitStreamingBack(ControlledRun control) throws Exception {
    waitUntil(
        Duration.ofSeconds(60),
        "the reverse stream to stream",
        () -> {
          try {
            control.rollback(true);
            return true;
          } catch (GodwitException notStreamingYet) {
            return false;
          }
        });
  }

  /** The rollback's precondition {@code name}, as a dry run checks it now. */
  private static CutoverDocument.Check check(ControlledRun control, String name) throws Exception {
    return control.rollback(true).checked().checks().stream()
        .filter(c -> c.name().equals(name))
        .findFirst()
        .orElseThrow();
  }

  /** Waits until a dry run says the rollback's preconditions hold: the reverse lag is proven. */
  static void awaitRollbackReady(ControlledRun control) throws Exception {
    waitUntil(
        Duration.ofSeconds(60),
        "the rollback's preconditions to hold",
        () -> {
          try {
            return control.rollback(true).checked().checks().stream()
                .allMatch(CutoverDocument.Check::ok);
          } catch (GodwitException notStreamingYet) {
            return false;
          }
        });
  }

  private static List<String> steps(CutoverDocument view) {
    List<String> steps = new ArrayList<>();
    view.recorded().steps().forEach(s -> steps.add(s.step() + ":" + s.outcome()));
    return steps;
  }

  private static String detail(CutoverDocument view, String step) {
    return view.recorded().steps().stream()
        .filter(s -> s.step().equals(step))
        .findFirst()
        .orElseThrow()
        .detail();
  }

  /** Waits until the reverse stream brought the customer's new name to the old source. */
  private static void awaitName(TestDatabase oldSource, long id, String name) throws Exception {
    waitUntil(
        Duration.ofSeconds(30),
        "customer " + id + "'s new name on the old source",
        () -> {
          try (Connection c = oldSource.connect()) {
            return name.equals(Jdbc.queryString(c, "SELECT name FROM customers WHERE id = " + id));
          }
        });
  }

  private static long rows(TestDatabase db, String query) throws Exception {
    try (Connection c = db.connect()) {
      return Jdbc.queryLong(c, query);
    }
  }

  /** Writes on the frozen old source as Godwit's reverse applier does, past the freeze. */
  private static void asGodwit(TestDatabase oldSource, String sql) throws Exception {
    if (oldSource.engine() == Engine.POSTGRESQL) {
      oldSource.execute("SET default_transaction_read_only = off", sql);
    } else {
      oldSource.execute(sql);
    }
  }

  /** Whether the application's new sessions on the database are read-only. */
  private static boolean readOnly(TestDatabase db) throws Exception {
    String sql =
        db.engine() == Engine.POSTGRESQL
            ? "SELECT current_setting('default_transaction_read_only') = 'on'"
            : "SELECT @@global.read_only = 1";
    try (Connection c = db.connect();
        ResultSet rs = c.createStatement().executeQuery(sql)) {
      rs.next();
      return rs.getBoolean(1);
    }
  }

  private static HikariDataSource appPool(String url, String user, String password) {
    HikariConfig config = new HikariConfig();
    config.setJdbcUrl(url);
    config.setUsername(user);
    config.setPassword(password);
    config.setMaximumPoolSize(3);
    return new HikariDataSource(config);
  }

  /** The operator, with {@code --yes}: goes ahead when the preconditions hold. */
  static final class Goes implements CutoverOperator {

    @Override
    public boolean proceed(CutoverDocument check) {
      return check.checked().checks().stream().allMatch(CutoverDocument.Check::ok);
    }

    @Override
    public void progress(CutoverDocument view) {}

    @Override
    public void awaitWritesStopped() {}
  }
}
