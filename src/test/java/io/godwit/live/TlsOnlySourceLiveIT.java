package io.godwit.live;

import static io.godwit.testing.Waits.waitUntil;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowable;

import ch.qos.logback.classic.spi.ILoggingEvent;
import ch.qos.logback.core.Layout;
import ch.qos.logback.core.OutputStreamAppender;
import ch.qos.logback.core.encoder.LayoutWrappingEncoder;
import ch.qos.logback.core.read.ListAppender;
import io.godwit.LiveMigration;
import io.godwit.capture.EmbeddedCapture;
import io.godwit.config.ConfigLoader;
import io.godwit.config.MigrationConfig;
import io.godwit.config.Redaction;
import io.godwit.error.ErrorCode;
import io.godwit.error.GodwitException;
import io.godwit.schema.Table;
import io.godwit.snapshot.PausePoints;
import io.godwit.testing.LiveRuns;
import io.godwit.testing.Ports;
import io.godwit.testing.ScratchMariaDb;
import io.godwit.testing.ScratchPostgres;
import io.godwit.testing.SharedKafka;
import io.godwit.testing.TestCertificates;
import io.godwit.testing.TestDatabase;
import io.godwit.testing.TestMigration;
import io.godwit.transport.EmbeddedKafka;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Path;
import java.security.SecureRandom;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.Statement;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.concurrent.CompletableFuture;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A source that accepts TLS only (MariaDB {@code require_secure_transport=ON}; PostgreSQL {@code
 * hostssl} rules only), each a scratch server of its own with certificates this test makes: a live
 * run with a verifying TLS mode in the source URL copies and streams to the plain local target and
 * ends equal, so the change capture used TLS as well; with a CA that did not sign the server's
 * certificate the run stops with an error that names TLS and the fix.
 */
class TlsOnlySourceLiveIT {

  private static final String ITEMS =
      "CREATE TABLE items (id INT PRIMARY KEY, name VARCHAR(60) NOT NULL, qty INT,"
          + " price DECIMAL(10,2))";

  @TempDir static Path certsDir;
  @TempDir Path workDir;

  private static TestCertificates certs;

  @BeforeAll
  static void certificates() throws Exception {
    certs = TestCertificates.create(certsDir);
  }

  @Test
  void aMariaDbSourceThatRequiresTlsIsCopiedAndStreamedOverVerifiedTls() throws Exception {
    try (ScratchMariaDb source = startMariaDb();
        TestDatabase target = TestDatabase.postgres("tls_tgt_mariadb")) {
      source.sql("CREATE DATABASE tls_shop");
      source.sql("USE tls_shop; " + ITEMS);
      String url = source.url("tls_shop") + "?sslMode=verify-full&serverSslCert=" + certs.ca();
      Random random = seeded();
      source.sql("USE tls_shop; " + inserts(random, 1, 300));
      try {
        runAndStream(
            url,
            "root",
            target,
            "tls_mariadb",
            writes -> source.sql("USE tls_shop; " + writes),
            () -> lines(source.sql("SELECT id, name, qty, price FROM tls_shop.items")),
            random);
      } finally {
        target.execute("DROP SCHEMA IF EXISTS _godwit CASCADE");
      }
    }
  }

  @Test
  void aMariaDbSourceWhoseCertificateTheGivenCaDidNotSignIsRefusedNamingTls() throws Exception {
    try (ScratchMariaDb source = startMariaDb();
        TestDatabase target = TestDatabase.postgres("tls_tgt_mariadb_wrong")) {
      source.sql("CREATE DATABASE tls_shop");
      source.sql("USE tls_shop; " + ITEMS + "; INSERT INTO items VALUES (1, 'a', 1, 1.00)");
      String url = source.url("tls_shop") + "?sslMode=verify-full&serverSslCert=" + certs.otherCa();
      assertRefusedNamingTls(url, "root", target, "tls_mariadb_wrong", "serverSslCert");
    }
  }

  @Test
  void aPostgresSourceThatAcceptsOnlyHostsslIsCopiedAndStreamedOverVerifiedTls() throws Exception {
    try (ScratchPostgres source = startPostgres();
        TestDatabase target = TestDatabase.postgres("tls_tgt_postgres")) {
      source.psql("postgres", "CREATE DATABASE tls_shop");
      source.psql("tls_shop", ITEMS);
      Random random = seeded();
      source.psql("tls_shop", inserts(random, 1, 300));
      String url = source.url("tls_shop") + "?sslmode=verify-full&sslrootcert=" + certs.ca();
      try {
        runAndStream(
            url,
            "postgres",
            target,
            "tls_postgres",
            writes -> source.psql("tls_shop", writes),
            () ->
                lines(source.psql("tls_shop", "SELECT id, name, qty, price FROM items")).stream()
                    .map(line -> line.replace('|', '\t'))
                    .sorted()
                    .toList(),
            random);
      } finally {
        target.execute("DROP SCHEMA IF EXISTS _godwit CASCADE");
      }
    }
  }

  @Test
  void aPostgresSourceWhoseCertificateTheGivenCaDidNotSignIsRefusedNamingTls() throws Exception {
    try (ScratchPostgres source = startPostgres();
        TestDatabase target = TestDatabase.postgres("tls_tgt_postgres_wrong")) {
      source.psql("postgres", "CREATE DATABASE tls_shop");
      source.psql("tls_shop", ITEMS + "; INSERT INTO items VALUES (1, 'a', 1, 1.00)");
      String url = source.url("tls_shop") + "?sslmode=verify-full&sslrootcert=" + certs.otherCa();
      assertRefusedNamingTls(url, "postgres", target, "tls_postgres_wrong", "sslrootcert");
    }
  }

  /**
   * TLS settings filled from {@code ${env:}} (the mode, and a CA file that is not there, whose path
   * holds a random marker): the run and the capture each stop with an error that names the setting
   * and masks its value, and neither the errors, their stack traces (what {@code --debug} prints)
   * nor the log as written show the marker, though the driver repeats the path it was given.
   */
  @Test
  void tlsSettingsFromReferencesNeverShowInConnectionErrorsTracesOrTheLog() throws Exception {
    String marker = "m4rker" + Long.toHexString(new SecureRandom().nextLong());
    System.out.println("secret marker: " + marker);
    Map<String, String> env =
        Map.of(
            "GODWIT_IT_SSL_MODE",
            "verify-full",
            "GODWIT_IT_CA",
            workDir.resolve(marker).resolve("ca.pem").toString());
    ch.qos.logback.classic.Logger root =
        (ch.qos.logback.classic.Logger) LoggerFactory.getLogger(Logger.ROOT_LOGGER_NAME);
    ListAppender<ILoggingEvent> logs = new ListAppender<>();
    logs.start();
    root.addAppender(logs);
    List<String> printed = new ArrayList<>();
    try (ScratchMariaDb source = startMariaDb();
        TestDatabase target = TestDatabase.postgres("tls_tgt_secret_sec")) {
      source.sql("CREATE DATABASE tls_shop");
      source.sql("USE tls_shop; " + ITEMS + "; INSERT INTO items VALUES (1, 'a', 1, 1.00)");
      String url =
          source.url("tls_shop")
              + "?sslMode=${env:GODWIT_IT_SSL_MODE}&serverSslCert=${env:GODWIT_IT_CA}";
      String yaml =
          TestMigration.yaml(
              "tls_secret_sec",
              url,
              "root",
              "",
              target,
              "work-dir: \"%s\"\nsnapshot: { workers: 1 }".formatted(workDir));
      MigrationConfig config = new ConfigLoader(env::get).load(yaml, "tls_secret_sec.yaml");

      Throwable run =
          catchThrowable(
              () -> new LiveMigration(config, new SimpleMeterRegistry(), PausePoints.NONE).run());
      assertThat(run).isInstanceOf(GodwitException.class);
      assertThat(run.getMessage())
          .contains("cannot connect to the source")
          .contains("serverSslCert")
          .contains("******");
      Throwable capture =
          catchThrowable(
              () ->
                  new EmbeddedCapture(
                          config,
                          List.of(
                              new Table(
                                  "tls_shop",
                                  "items",
                                  List.of(),
                                  null,
                                  List.of(),
                                  List.of(),
                                  0,
                                  0,
                                  null,
                                  List.of())),
                          "127.0.0.1:9")
                      .close());
      assertThat(capture)
          .isInstanceOf(GodwitException.class)
          .hasMessageContaining(
              "source.url parameter serverSslCert: cannot read the certificates in ******");
      for (Throwable error : List.of(run, capture)) {
        printed.add(error.getMessage());
        StringWriter trace = new StringWriter();
        error.printStackTrace(new PrintWriter(trace));
        printed.add(Redaction.loaded().apply(trace.toString()));
        assertThat(trace.toString())
            .as("the trace holds the driver's words")
            .contains("serverSslCert");
      }
    } finally {
      root.detachAppender(logs);
    }
    Layout<ILoggingEvent> layout =
        ((LayoutWrappingEncoder<ILoggingEvent>)
                ((OutputStreamAppender<ILoggingEvent>) root.getAppender("STDERR")).getEncoder())
            .getLayout();
    logs.list.forEach(event -> printed.add(layout.doLayout(event)));
    assertThat(printed).as("errors, traces and log lines").noneMatch(line -> line.contains(marker));
  }

  /**
   * The capture on its own (no snapshot connection to fail first) with a CA that did not sign the
   * server's certificate: it refuses the server, so it verifies rather than merely encrypts.
   */
  @Test
  void theMariaDbCaptureItselfRefusesACertificateTheGivenCaDidNotSign() throws Exception {
    try (ScratchMariaDb source = startMariaDb()) {
      source.sql("CREATE DATABASE tls_shop");
      source.sql("USE tls_shop; " + ITEMS);
      assertCaptureRefusesNamingTls(
          source.url("tls_shop") + "?sslMode=verify-full&serverSslCert=" + certs.otherCa(),
          "root",
          "tls_shop",
          "tls_capture_mariadb");
    }
  }

  @Test
  void thePostgresCaptureItselfRefusesACertificateTheGivenCaDidNotSign() throws Exception {
    try (ScratchPostgres source = startPostgres()) {
      source.psql("postgres", "CREATE DATABASE tls_shop");
      source.psql("tls_shop", ITEMS);
      assertCaptureRefusesNamingTls(
          source.url("tls_shop") + "?sslmode=verify-full&sslrootcert=" + certs.otherCa(),
          "postgres",
          "public",
          "tls_capture_postgres");
    }
  }

  private void assertCaptureRefusesNamingTls(String url, String user, String schema, String name)
      throws Exception {
    MigrationConfig config =
        new ConfigLoader(variable -> null)
            .load(
                """
                name: %s
                source: { url: "%s", user: %s }
                target: { url: "jdbc:postgresql://127.0.0.1:5432/godwit_it_unused", user: postgres }
                """
                    .formatted(name, url, user),
                name + ".yaml");
    Table items =
        new Table(schema, "items", List.of(), null, List.of(), List.of(), 0, 0, null, List.of());
    try (EmbeddedKafka kafka = EmbeddedKafka.start(workDir.resolve("kafka"));
        EmbeddedCapture capture =
            new EmbeddedCapture(config, List.of(items), kafka.bootstrapServers())) {
      capture.start();
      Throwable failure = catchThrowable(() -> capture.awaitStreaming(Duration.ofSeconds(30)));
      assertThat(failure).isInstanceOf(GodwitException.class);
      GodwitException error = (GodwitException) failure;
      assertThat(error.code()).isEqualTo(ErrorCode.CAPTURE);
      assertThat(error.getMessage())
          .contains("fix: TLS: the source's certificate is not signed by the CA");
    }
  }

  private static ScratchMariaDb startMariaDb() throws Exception {
    return ScratchMariaDb.start(
        Ports.free(),
        "--log-bin=mysql-bin",
        "--binlog-format=ROW",
        "--server-id=1",
        "--ssl-cert=" + certs.serverCert(),
        "--ssl-key=" + certs.serverKey(),
        "--ssl-ca=" + certs.ca(),
        "--require-secure-transport=ON");
  }

  private static ScratchPostgres startPostgres() throws Exception {
    ScratchPostgres server = ScratchPostgres.init(Ports.free());
    try {
      String cert = server.copyIn(certs.serverCert());
      String key = server.copyIn(certs.serverKey());
      server
          .configure("ssl = on", "ssl_cert_file = '" + cert + "'", "ssl_key_file = '" + key + "'")
          .hba(
              "local all all trust",
              "hostssl all all 127.0.0.1/32 trust",
              "hostssl replication all 127.0.0.1/32 trust")
          .start();
      return server;
    } catch (Exception e) {
      server.close();
      throw e;
    }
  }

  interface Sql {
    void run(String sql) throws Exception;
  }

  interface Rows {
    List<String> read() throws Exception;
  }

  /**
   * Runs the migration until its snapshot is done, writes inserts, updates and deletes on the
   * source, drains, and compares the source's rows as its client prints them with the target's.
   */
  private void runAndStream(
      String url,
      String user,
      TestDatabase target,
      String name,
      Sql onSource,
      Rows sourceRows,
      Random random)
      throws Exception {
    MigrationConfig config = config(url, user, target, name);
    LiveMigration live = new LiveMigration(config, new SimpleMeterRegistry(), PausePoints.NONE);
    CompletableFuture<Void> running = LiveRuns.start(live);
    try {
      waitUntil(
          Duration.ofSeconds(60),
          "the snapshot to finish or the run to end",
          () -> live.snapshotResult() != null || running.isDone());
      assertThat(running).as("the run is still going").isNotDone();
      assertThat(live.snapshotResult()).as("the snapshot finished").isNotNull();
      StringBuilder writes = new StringBuilder(inserts(random, 301, 100));
      for (int i = 0; i < 40; i++) {
        int id = 1 + random.nextInt(400);
        writes.append(
            "UPDATE items SET qty = %d, name = 'renamed %d' WHERE id = %d;"
                .formatted(random.nextInt(1000), i, id));
      }
      for (int i = 0; i < 20; i++) {
        writes.append("DELETE FROM items WHERE id = %d;".formatted(1 + random.nextInt(400)));
      }
      onSource.run(writes.toString());
      live.drain(Duration.ofSeconds(30));
      assertThat(running).as("the run is still going").isNotDone();
      List<String> expected = sourceRows.read();
      assertThat(targetRows(target)).as("target rows").isEqualTo(expected);
      assertThat(expected).hasSizeGreaterThan(300);
    } finally {
      live.stop(Duration.ofSeconds(30));
      running.exceptionally(e -> null).join();
    }
  }

  private void assertRefusedNamingTls(
      String url, String user, TestDatabase target, String name, String caKey) throws Exception {
    LiveMigration live =
        new LiveMigration(
            config(url, user, target, name), new SimpleMeterRegistry(), PausePoints.NONE);
    Throwable failure = catchThrowable(live::run);
    assertThat(failure).isInstanceOf(GodwitException.class);
    GodwitException error = (GodwitException) failure;
    assertThat(error.code()).isIn(ErrorCode.CONNECTION, ErrorCode.CAPTURE);
    assertThat(error.getMessage())
        .contains("TLS")
        .containsPattern("fix: .*" + caKey)
        .doesNotContain("\n\tat ");
  }

  private MigrationConfig config(String url, String user, TestDatabase target, String name) {
    String yaml =
        TestMigration.yaml(
            name,
            url,
            user,
            "",
            target,
            "work-dir: \"%s\"\nsnapshot: { workers: 1, chunk-rows: 1000 }\n%s"
                .formatted(workDir, SharedKafka.yaml(name)));
    return new ConfigLoader().load(yaml, name + ".yaml");
  }

  private static Random seeded() {
    long seed = System.nanoTime();
    System.out.println("TlsOnlySourceLiveIT seed " + seed);
    return new Random(seed);
  }

  /** Rows {@code from..from+count-1} with random names, quantities (some NULL) and prices. */
  private static String inserts(Random random, int from, int count) {
    StringBuilder sql = new StringBuilder();
    for (int id = from; id < from + count; id++) {
      String qty = random.nextInt(10) == 0 ? "NULL" : String.valueOf(random.nextInt(100_000));
      String price =
          id == from
              ? "99999999.99"
              : id == from + 1
                  ? "-0.01"
                  : "%d.%02d".formatted(random.nextInt(10_000), random.nextInt(100));
      sql.append(
          "INSERT INTO items VALUES (%d, 'item %d %s', %s, %s);"
              .formatted(id, id, Long.toString(random.nextLong(), 36), qty, price));
    }
    return sql.toString();
  }

  private static List<String> lines(String printed) {
    List<String> rows =
        new ArrayList<>(
            Arrays.stream(printed.split("\n")).filter(line -> !line.isEmpty()).toList());
    rows.sort(null);
    return rows;
  }

  /** The target's rows as PostgreSQL prints them, tab-separated, NULL as the clients print it. */
  private static List<String> targetRows(TestDatabase target) throws Exception {
    List<String> rows = new ArrayList<>();
    try (Connection c = target.connect();
        Statement st = c.createStatement();
        ResultSet rs = st.executeQuery("SELECT id, name, qty, price FROM items")) {
      while (rs.next()) {
        List<String> values = new ArrayList<>();
        for (int i = 1; i <= 4; i++) {
          values.add(rs.getString(i));
        }
        rows.add(String.join("\t", values.stream().map(v -> v == null ? "NULL" : v).toList()));
      }
    }
    rows.sort(null);
    return rows;
  }
}
