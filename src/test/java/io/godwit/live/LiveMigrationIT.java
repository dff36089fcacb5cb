package io.godwit.live;

import static io.godwit.testing.Waits.waitUntil;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.core.type.TypeReference;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.zaxxer.hikari.HikariDataSource;
import io.godwit.LiveMigration;
import io.godwit.capture.PostgresSlots;
import io.godwit.config.MigrationConfig;
import io.godwit.demo.ShopSchema;
import io.godwit.demo.Workload;
import io.godwit.engine.Engine;
import io.godwit.error.GodwitException;
import io.godwit.faults.FaultChild;
import io.godwit.snapshot.PausePoints;
import io.godwit.state.StatusReader;
import io.godwit.testing.ChildJvm;
import io.godwit.testing.ConnectWorker;
import io.godwit.testing.LiveRuns;
import io.godwit.testing.Ports;
import io.godwit.testing.SharedKafka;
import io.godwit.testing.TestDataSources;
import io.godwit.testing.TestDatabase;
import io.godwit.testing.TestMigration;
import io.godwit.transport.EmbeddedKafka;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.Statement;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A live migration end to end: a write workload (inserts, updates, deletes, key updates,
 * transactions over two tables) runs before, during and after the snapshot; once it stops, the
 * target reaches the source's state row for row. Subclasses name the direction.
 */
abstract class LiveMigrationIT {

  static final List<String> TABLES = List.of("customers", "products", "orders", "order_lines");

  @TempDir Path workDir;

  abstract Engine source();

  abstract Engine target();

  /** Clean-up of what the capture left on the source (PostgreSQL: slot and publication). */
  void cleanUpSource(HikariDataSource source, String migration) throws Exception {}

  /** Something done to the target while changes stream, e.g. killing its connections. */
  interface Disruption {
    void apply(TestDatabase target) throws Exception;
  }

  @Test
  void theTargetConvergesOnTheSourceUnderAConcurrentWorkload() throws Exception {
    convergesUnderWorkload(target -> {});
  }

  void convergesUnderWorkload(Disruption whileStreaming) throws Exception {
    String suffix = (source() + "_" + target()).toLowerCase(Locale.ROOT);
    String name = "live_" + suffix;
    try (TestDatabase src = TestDatabase.create(source(), "live_src_" + suffix);
        TestDatabase tgt = TestDatabase.create(target(), "live_tgt_" + suffix);
        HikariDataSource sourcePool = TestDataSources.pool(src)) {
      try (Connection c = src.connect()) {
        ShopSchema.create(c, source(), 300);
      }
      MigrationConfig config =
          TestMigration.config(
              name,
              src,
              tgt,
              "work-dir: \"%s\"\nsnapshot: { workers: 2, chunk-rows: 1000 }\n%s"
                  .formatted(workDir.toString(), SharedKafka.yaml(name)));
      LiveMigration live = new LiveMigration(config, new SimpleMeterRegistry(), PausePoints.NONE);
      try (Workload workload = new Workload(sourcePool, 2, 150, 300).start()) {
        try {
          streamAndCheck(live, workload, src, tgt, whileStreaming);
        } finally {
          cleanUpSource(sourcePool, name);
          tgt.forgetMigration(name);
        }
      }
    }
  }

  /**
   * Runs {@code live} until its snapshot is done, lets it stream under the workload (with {@code
   * whileStreaming} done to the target halfway), stops the workload, checks that the drain leaves
   * both sides equal, and stops the run.
   */
  static void streamAndCheck(
      LiveMigration live,
      Workload workload,
      TestDatabase src,
      TestDatabase tgt,
      Disruption whileStreaming)
      throws Exception {
    CompletableFuture<Void> running = start(live);
    try {
      waitUntil(
          Duration.ofMinutes(3),
          "the snapshot to finish or the run to end",
          () -> live.snapshotResult() != null || running.isDone());
      assertThat(running).isNotCompletedExceptionally();
      Thread.sleep(1500);
      whileStreaming.apply(tgt);
      Thread.sleep(1500);
      workload.close();
      assertThat(workload.transactions()).isPositive();
      assertDrainedAndEqual(live, running, src, tgt);
    } finally {
      live.stop(Duration.ofSeconds(60));
      running.exceptionally(e -> null).join();
    }
  }

  /**
   * Once the drain returns, the target must equal the source at once: the drain is the proof, so
   * there is no waiting for rows to settle. Then the lag, measured by marks, falls to a few seconds
   * on the idle source instead of growing.
   */
  static void assertDrainedAndEqual(
      LiveMigration live, CompletableFuture<Void> running, TestDatabase src, TestDatabase tgt)
      throws Exception {
    live.drain(Duration.ofMinutes(2));
    assertThat(running).isNotCompletedExceptionally();
    for (String table : TABLES) {
      assertThat(rows(tgt, table)).as("rows of %s", table).isEqualTo(rows(src, table));
    }
    waitUntil(
        Duration.ofSeconds(20), "lag under 4 s on an idle source", () -> live.lagSeconds() < 4);
    assertThat(live.lagSeconds()).as("lag on an idle source").isLessThan(4);
    // records behind is sampled twice a second: a sample from before the last commit may linger
    waitUntil(
        Duration.ofSeconds(5),
        "no records behind",
        () -> live.recordsBehind().values().stream().allMatch(n -> n == 0));
    assertThat(live.recordsBehind().values()).allMatch(n -> n == 0);
    try (HikariDataSource target = TestDataSources.pool(tgt)) {
      StatusReader status = new StatusReader(target);
      String migration = live.name();
      waitUntil(
          Duration.ofSeconds(10),
          "status to show events applied",
          () -> status.tables(migration).stream().mapToLong(t -> t.eventsApplied()).sum() > 0);
      assertThat(status.tables(migration))
          .as("status from the state store shows events applied and lag")
          .anySatisfy(t -> assertThat(t.eventsApplied()).isPositive())
          .allSatisfy(t -> assertThat(t.lagMs()).isNotNull());
    }
  }

  /**
   * A child process running {@code godwit run} dies at {@code point} while the workload writes; a
   * new run in this process resumes, and after the drain the target equals the source: no change
   * lost, none doubled (the tables' keys would refuse a doubled insert, and counts match).
   */
  void convergesAfterACrashAt(FaultChild.Point point) throws Exception {
    String suffix = (source() + "_" + target()).toLowerCase(Locale.ROOT);
    String name = "crash_" + suffix;
    try (TestDatabase src = TestDatabase.create(source(), "crash_src_" + suffix);
        TestDatabase tgt = TestDatabase.create(target(), "crash_tgt_" + suffix);
        HikariDataSource sourcePool = TestDataSources.pool(src)) {
      try (Connection c = src.connect()) {
        ShopSchema.create(c, source(), 3000);
      }
      String extra =
          "work-dir: \"%s\"\nsnapshot: { workers: 1, chunk-rows: 1000 }"
              .formatted(workDir.toString());
      Path file = workDir.resolve(name + ".yaml");
      Files.writeString(file, TestMigration.yaml(name, src, tgt, extra));
      LiveMigration live =
          new LiveMigration(
              TestMigration.config(name, src, tgt, extra),
              new SimpleMeterRegistry(),
              PausePoints.NONE);
      try (Workload workload = new Workload(sourcePool, 2, 150, 3000).start()) {
        Process child =
            ChildJvm.start(
                workDir.resolve("child.log"),
                "512m",
                FaultChild.class,
                file.toString(),
                point.name());
        assertThat(child.waitFor(4, TimeUnit.MINUTES)).isTrue();
        assertThat(child.exitValue())
            .as("the child halted at %s; see %s", point, workDir.resolve("child.log"))
            .isEqualTo(137);

        CompletableFuture<Void> running = start(live);
        try {
          waitUntil(
              Duration.ofMinutes(3),
              "the snapshot to finish or the run to end",
              () -> live.snapshotResult() != null || running.isDone());
          assertThat(running).isNotCompletedExceptionally();
          Thread.sleep(2000);
          workload.close();
          assertDrainedAndEqual(live, running, src, tgt);
        } finally {
          live.stop(Duration.ofSeconds(60));
          running.exceptionally(e -> null).join();
          cleanUpSource(sourcePool, name);
          tgt.forgetMigration(name);
        }
      }
    }
  }

  /**
   * The migration uses an external broker (here one the test owns) that is stopped mid-stream and
   * started again on the same ports and data: capture and applier reconnect, and nothing is lost.
   */
  void convergesAcrossABrokerRestart() throws Exception {
    String suffix = (source() + "_" + target()).toLowerCase(Locale.ROOT);
    String name = "broker_" + suffix;
    Path kafkaDir = workDir.resolve("external-kafka");
    int brokerPort = Ports.free();
    int controllerPort = Ports.free();
    EmbeddedKafka broker = EmbeddedKafka.start(kafkaDir, brokerPort, controllerPort);
    try (TestDatabase src = TestDatabase.create(source(), "broker_src_" + suffix);
        TestDatabase tgt = TestDatabase.create(target(), "broker_tgt_" + suffix);
        HikariDataSource sourcePool = TestDataSources.pool(src)) {
      try (Connection c = src.connect()) {
        ShopSchema.create(c, source(), 300);
      }
      MigrationConfig config =
          TestMigration.config(
              name,
              src,
              tgt,
              "work-dir: \"%s\"\nkafka: { bootstrap-servers: \"%s\" }"
                  .formatted(workDir.toString(), broker.bootstrapServers()));
      LiveMigration live = new LiveMigration(config, new SimpleMeterRegistry(), PausePoints.NONE);
      try (Workload workload = new Workload(sourcePool, 2, 150, 300).start()) {
        CompletableFuture<Void> running = start(live);
        try {
          waitUntil(
              Duration.ofMinutes(3),
              "the snapshot to finish or the run to end",
              () -> live.snapshotResult() != null || running.isDone());
          assertThat(running).isNotCompletedExceptionally();
          Thread.sleep(1500);
          broker.close();
          Thread.sleep(3000);
          broker = EmbeddedKafka.start(kafkaDir, brokerPort, controllerPort);
          Thread.sleep(3000);
          workload.close();
          assertDrainedAndEqual(live, running, src, tgt);
        } finally {
          live.stop(Duration.ofSeconds(60));
          running.exceptionally(e -> null).join();
          cleanUpSource(sourcePool, name);
          tgt.forgetMigration(name);
        }
      }
    } finally {
      broker.close();
    }
  }

  /**
   * The connector's settings that name the site (server, credentials, tables, topic prefix); every
   * other key of a shipped {@code connectors/*.json} is used as shipped.
   */
  static final Set<String> SITE_KEYS =
      Set.of(
          "database.hostname",
          "database.port",
          "database.user",
          "database.password",
          "database.dbname",
          "database.server.id",
          "topic.prefix",
          "table.include.list",
          "database.include.list",
          "slot.name",
          "publication.name",
          "schema.history.internal.kafka.bootstrap.servers",
          "schema.history.internal.kafka.topic");

  /**
   * Capture on a real Kafka Connect worker ({@code capture.mode: external}): the shipped connector
   * file, with only its site keys changed, runs on an in-process standalone worker against a broker
   * the test owns; {@code godwit run} applies what the connector produced, and after the drain the
   * target equals the source under the same concurrent workload as the embedded capture.
   */
  void convergesWithExternalCapture(String connectorFile) throws Exception {
    String suffix = (source() + "_" + target()).toLowerCase(Locale.ROOT);
    String name = "connect_" + suffix;
    EmbeddedKafka broker = EmbeddedKafka.start(workDir.resolve("external-kafka"));
    try (TestDatabase src = TestDatabase.create(source(), "connect_src_" + suffix);
        TestDatabase tgt = TestDatabase.create(target(), "connect_tgt_" + suffix);
        HikariDataSource sourcePool = TestDataSources.pool(src)) {
      try (Connection c = src.connect()) {
        ShopSchema.create(c, source(), 300);
      }
      Map<String, String> connector =
          new ObjectMapper()
              .readValue(
                  Path.of("connectors", connectorFile).toFile(),
                  new TypeReference<LinkedHashMap<String, String>>() {});
      URI address = URI.create(src.url().substring("jdbc:".length()));
      Map<String, String> site = new HashMap<>();
      site.put("database.hostname", address.getHost());
      site.put("database.port", String.valueOf(address.getPort()));
      site.put("database.user", src.user());
      site.put("database.password", "");
      site.put("database.dbname", src.name());
      site.put("database.server.id", "6401");
      site.put("topic.prefix", "godwit." + name);
      site.put(
          "table.include.list",
          TABLES.stream().map(t -> src.schema() + "\\." + t).collect(Collectors.joining(",")));
      site.put("database.include.list", src.schema());
      site.put("slot.name", "godwit_" + name);
      site.put("publication.name", "godwit_" + name);
      site.put("schema.history.internal.kafka.bootstrap.servers", broker.bootstrapServers());
      site.put("schema.history.internal.kafka.topic", "godwit." + name + ".schema-history");
      site.keySet().retainAll(connector.keySet());
      assertThat(SITE_KEYS).containsAll(site.keySet());
      connector.putAll(site);
      try (ConnectWorker worker =
          ConnectWorker.start(
              broker.bootstrapServers(), Files.createDirectories(workDir.resolve("connect")))) {
        MigrationConfig config =
            TestMigration.config(
                name,
                src,
                tgt,
                """
                work-dir: "%s"
                snapshot: { workers: 2, chunk-rows: 1000 }
                kafka: { bootstrap-servers: "%s" }
                capture: { mode: external, connect-url: "%s" }
                """
                    .formatted(workDir, broker.bootstrapServers(), worker.url()));
        // Before the connector exists the run refuses, naming the fix, and creates nothing.
        CompletableFuture<Void> refused =
            start(new LiveMigration(config, new SimpleMeterRegistry(), PausePoints.NONE));
        assertThatThrownBy(refused::join)
            .hasMessageContaining(
                "Kafka Connect has no connector at %s/connectors/godwit-%s"
                    .formatted(worker.url(), name))
            .hasMessageContaining("create it from connectors/" + connectorFile);
        try (Connection c = tgt.connect();
            var rs =
                c.createStatement()
                    .executeQuery(
                        "SELECT count(*) FROM information_schema.tables WHERE table_name = 'orders'")) {
          rs.next();
          assertThat(rs.getInt(1)).as("no table created on the target").isZero();
        }
        worker.put("godwit-" + name, connector);
        worker.awaitRunning("godwit-" + name, Duration.ofMinutes(2));
        LiveMigration live = new LiveMigration(config, new SimpleMeterRegistry(), PausePoints.NONE);
        try (Workload workload = new Workload(sourcePool, 2, 150, 300).start()) {
          streamAndCheck(live, workload, src, tgt, target -> {});
        }
      } finally {
        cleanUpSource(sourcePool, name);
        tgt.forgetMigration(name);
      }
    } finally {
      broker.close();
    }
  }

  /**
   * Waits until the running migration has proven its lag once: a cutover's preconditions refuse to
   * start before that ("lag not proven yet"), as they should.
   */
  static void awaitLagProven(LiveMigration live) throws Exception {
    waitUntil(
        Duration.ofSeconds(60), "the lag to be proven", () -> !Double.isNaN(live.lagSeconds()));
  }

  /** Runs {@code live} in the background; the future fails with whatever ended the run. */
  static CompletableFuture<Void> start(LiveMigration live) {
    return LiveRuns.start(live);
  }

  /**
   * The error {@code godwit status} shows for one table of a migration, read from the target's
   * state store as another shell would.
   */
  static String statusError(TestDatabase target, String migration, String table) throws Exception {
    try (HikariDataSource pool = TestDataSources.pool(target)) {
      return assertThat(new StatusReader(pool).tables(migration))
          .filteredOn(t -> t.source().equals(table))
          .singleElement()
          .actual()
          .error();
    }
  }

  /**
   * Drops a PostgreSQL source's slot and publication once no capture holds the slot: a stopped
   * connector's walsender ends a moment after its client closed, and the slot stays active until it
   * has.
   */
  static void dropSlotOnceReleased(HikariDataSource source, String migration) throws Exception {
    long deadline = System.nanoTime() + Duration.ofSeconds(30).toNanos();
    while (true) {
      try {
        PostgresSlots.drop(source, migration);
        return;
      } catch (GodwitException e) {
        if (!e.getMessage().contains("is in use") || System.nanoTime() > deadline) {
          throw e;
        }
        Thread.sleep(200);
      }
    }
  }

  static boolean sameRows(TestDatabase a, TestDatabase b) throws Exception {
    for (String table : TABLES) {
      if (!rows(a, table).equals(rows(b, table))) {
        return false;
      }
    }
    return true;
  }

  private static final java.util.regex.Pattern FRACTION =
      java.util.regex.Pattern.compile("^(\\d{4}-\\d\\d-\\d\\d \\d\\d:\\d\\d:\\d\\d)(\\.\\d*?)0*$");

  /** Timestamps without trailing zeros in their fraction, as engines print them differently. */
  static String normalise(String value) {
    if (value == null) {
      return null;
    }
    var m = FRACTION.matcher(value);
    if (!m.matches()) {
      return value;
    }
    String fraction = m.group(2);
    return m.group(1) + (fraction.equals(".") ? "" : fraction);
  }

  /**
   * Every row as text, sorted; booleans and JSON written the same way on both engines. The MySQL
   * shop's {@code updated_at} (a timestamp each engine prints in its session's zone) is left to
   * {@code godwit validate} and the fidelity harness.
   */
  static List<String> rows(TestDatabase db, String table) throws Exception {
    List<String> rows = new ArrayList<>();
    String select =
        switch (table) {
          case "customers" ->
              "SELECT id, email, name, CASE WHEN vip THEN 1 ELSE 0 END FROM customers";
          case "orders" -> "SELECT id, customer_id, status, total, placed_at FROM orders";
          case "products" -> "SELECT sku, name, price FROM products";
          case "order_lines" -> "SELECT order_id, line_no, sku, quantity, price FROM order_lines";
          default -> "SELECT * FROM " + table;
        };
    try (Connection c = db.connect();
        Statement st = c.createStatement();
        ResultSet rs = st.executeQuery(select)) {
      int n = rs.getMetaData().getColumnCount();
      while (rs.next()) {
        StringBuilder row = new StringBuilder();
        for (int i = 1; i <= n; i++) {
          row.append(normalise(rs.getString(i))).append('|');
        }
        rows.add(row.toString());
      }
    }
    rows.sort(null);
    return rows;
  }
}
