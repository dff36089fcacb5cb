package io.godwit.capture;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.debezium.function.Predicates;
import io.godwit.config.ConfigLoader;
import io.godwit.config.MigrationConfig;
import io.godwit.error.ErrorCode;
import io.godwit.error.GodwitException;
import io.godwit.schema.Table;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermission;
import java.security.KeyStore;
import java.security.cert.CertificateFactory;
import java.security.cert.X509Certificate;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.function.Predicate;
import org.junit.jupiter.api.Test;

class CapturePropertiesTest {

  static MigrationConfig config(String sourceUrl, String extra) {
    return new ConfigLoader(name -> null)
        .load(
            """
            name: shop
            source: { url: "%s", user: capture, password: s3cret }
            target: { url: "jdbc:postgresql://127.0.0.1:5432/shop", user: postgres }
            %s
            """
                .formatted(sourceUrl, extra),
            "shop.yaml");
  }

  static Table table(String schema, String name) {
    return new Table(schema, name, List.of(), null, List.of(), List.of(), 0, 0, null, List.of());
  }

  static final List<Table> TABLES = List.of(table("shop", "orders"), table("shop", "order_lines"));

  @Test
  void mariaDbStreamsTheBinlogWithoutCopyingRowsOrLocking() {
    Properties p =
        CaptureProperties.of(config("jdbc:mariadb://db:3307/shop", ""), TABLES, "127.0.0.1:9092");
    assertThat(p)
        .containsEntry("connector.class", "io.debezium.connector.mariadb.MariaDbConnector")
        .containsEntry("name", "godwit-shop")
        .containsEntry("database.hostname", "db")
        .containsEntry("database.port", "3307")
        .containsEntry("database.user", "capture")
        .containsEntry("database.password", "s3cret")
        .containsEntry("topic.prefix", "godwit.shop")
        .containsEntry("topic.naming.strategy", TopicNaming.class.getName())
        .containsEntry("table.include.list", "shop\\.orders,shop\\.order_lines")
        .containsEntry("snapshot.mode", "no_data")
        .containsEntry("snapshot.locking.mode", "none")
        .containsEntry("decimal.handling.mode", "string")
        .containsEntry("binary.handling.mode", "base64")
        .containsEntry("time.precision.mode", "adaptive_time_microseconds")
        .containsEntry("tombstones.on.delete", "false")
        .containsEntry("heartbeat.interval.ms", "1000")
        .containsEntry("poll.interval.ms", "50")
        .containsEntry("connect.keep.alive.interval.ms", "1000")
        .containsEntry("schema.history.internal.store.only.captured.tables.ddl", "false")
        .containsEntry("schema.history.internal.store.only.captured.databases.ddl", "true")
        .containsEntry("database.include.list", "shop")
        .containsEntry("inconsistent.schema.handling.mode", "fail")
        .containsEntry(
            "schema.history.internal", "io.debezium.storage.kafka.history.KafkaSchemaHistory")
        .containsEntry("schema.history.internal.kafka.topic", "godwit.shop.schema-history")
        .containsEntry("schema.history.internal.kafka.bootstrap.servers", "127.0.0.1:9092")
        .containsEntry("offset.storage", OffsetStore.class.getName())
        .containsEntry("offset.storage.topic", "godwit.shop.offsets")
        .containsEntry("offset.storage.partitions", "1")
        .containsEntry("offset.storage.replication.factor", "1")
        .containsEntry("bootstrap.servers", "127.0.0.1:9092")
        .containsEntry("key.converter", "org.apache.kafka.connect.json.JsonConverter")
        .containsEntry("key.converter.schemas.enable", "false")
        .containsEntry("value.converter.schemas.enable", "false");
    assertThat(Integer.parseInt(p.getProperty("database.server.id"))).isBetween(5400, 6399);
    assertThat(p).doesNotContainKeys("plugin.name", "slot.name");
  }

  @Test
  void aCaptureFromItsSlotTakesNoSnapshotAndOnlyPostgresStartsFromASlot() {
    Properties forward =
        CaptureProperties.of(
            config("jdbc:postgresql://db/shop", ""), List.of(table("public", "orders")), "k:9092");
    Properties fromSlot = CaptureProperties.fromSlot(forward);
    assertThat(fromSlot)
        .containsEntry("snapshot.mode", "configuration_based")
        .containsEntry("snapshot.mode.configuration.based.snapshot.data", "false")
        .containsEntry("snapshot.mode.configuration.based.snapshot.schema", "false")
        .containsEntry("snapshot.mode.configuration.based.start.stream", "true");
    fromSlot.keySet().removeIf(k -> k.toString().startsWith("snapshot.mode"));
    forward.remove("snapshot.mode");
    assertThat(fromSlot).as("nothing else changes").isEqualTo(forward);

    Properties mariaDb =
        CaptureProperties.of(config("jdbc:mariadb://db:3307/shop", ""), TABLES, "k:9092");
    assertThatThrownBy(() -> CaptureProperties.fromSlot(mariaDb))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("only a PostgreSQL capture starts from its slot");
  }

  @Test
  void mySqlUsesTheMySqlConnector() {
    Properties p = CaptureProperties.of(config("jdbc:mysql://db/shop", ""), TABLES, "k:9092");
    assertThat(p)
        .containsEntry("connector.class", "io.debezium.connector.mysql.MySqlConnector")
        .containsEntry("database.port", "3306");
  }

  @Test
  void postgresDecodesWithPgoutputThroughTheMigrationsOwnSlotAndPublication() {
    Properties p =
        CaptureProperties.of(
            config("jdbc:postgresql://pg:5432/shop", ""),
            List.of(table("public", "orders")),
            "k:9092");
    assertThat(p)
        .containsEntry("connector.class", "io.debezium.connector.postgresql.PostgresConnector")
        .containsEntry("plugin.name", "pgoutput")
        .containsEntry("database.dbname", "shop")
        .containsEntry("slot.name", "godwit_shop")
        .containsEntry("publication.name", "godwit_shop")
        .containsEntry("publication.autocreate.mode", "filtered")
        .containsEntry("time.precision.mode", "adaptive")
        .containsEntry("interval.handling.mode", "string")
        .containsEntry("table.include.list", "public\\.orders");
    assertThat(p)
        .doesNotContainKeys(
            "database.server.id",
            "snapshot.locking.mode",
            "heartbeat.action.query",
            "topic.naming.strategy");
  }

  @Test
  void kafkaSecurityAndDriverPropertiesArePassedThrough() {
    MigrationConfig config =
        new ConfigLoader(name -> null)
            .load(
                """
                name: shop
                source:
                  url: "jdbc:mariadb://db/shop"
                  user: capture
                  properties: { sslMode: verify-full }
                target: { url: "jdbc:postgresql://127.0.0.1:5432/shop", user: postgres }
                kafka:
                  bootstrap-servers: "k1:9093"
                  properties: { security.protocol: SSL }
                """,
                "shop.yaml");
    Properties p = CaptureProperties.of(config, TABLES, "k1:9093");
    assertThat(p)
        .containsEntry("driver.sslMode", "verify-full")
        .containsEntry("security.protocol", "SSL")
        .containsEntry("schema.history.internal.producer.security.protocol", "SSL")
        .containsEntry("schema.history.internal.consumer.security.protocol", "SSL")
        .containsEntry("offset.storage.replication.factor", "-1");
  }

  @Test
  void theServerIdIsStablePerMigrationAndDiffersBetweenMigrations() {
    assertThat(CaptureProperties.serverId("shop")).isEqualTo(CaptureProperties.serverId("shop"));
    assertThat(CaptureProperties.serverId("shop"))
        .isNotEqualTo(CaptureProperties.serverId("shop_v2"));
  }

  @Test
  void theIncludeListMatchesExactlyTheTablesAsDebeziumReadsIt() {
    List<Table> tables =
        List.of(table("shop", "orders"), table("shop", "a.b"), table("my shop", "x,y (1)"));
    String list = CaptureProperties.includeList(tables);
    Predicate<String> included = Predicates.includes(list);

    assertThat(included).accepts("shop.orders", "shop.a.b", "my shop.x,y (1)");
    assertThat(included).rejects("shop.orders2", "shopXorders", "shop.aXb", "shop.x", "y (1)");
  }

  @Test
  void nothingToCaptureIsRefused() {
    assertThatThrownBy(
            () -> CaptureProperties.of(config("jdbc:mariadb://db/shop", ""), List.of(), "k:9092"))
        .hasMessageContaining("no source table selected");
  }

  static MigrationConfig configWith(String sourceUrl, String properties) {
    return new ConfigLoader(name -> null)
        .load(
            """
            name: shop
            source:
              url: "%s"
              user: capture
              password: s3cret
              properties: { %s }
            target: { url: "jdbc:postgresql://127.0.0.1:5432/shop", user: postgres }
            """
                .formatted(sourceUrl, properties),
            "shop.yaml");
  }

  @Test
  void theBinlogConnectorsAndPostgresGetTheDriversDefaultModeWhenNoneIsSet() {
    assertThat(CaptureProperties.of(config("jdbc:mariadb://db/shop", ""), TABLES, "k:9092"))
        .containsEntry("database.ssl.mode", "disable")
        .doesNotContainKey("database.ssl.truststore");
    assertThat(CaptureProperties.of(config("jdbc:mysql://db/shop", ""), TABLES, "k:9092"))
        .containsEntry("database.ssl.mode", "preferred");
    assertThat(CaptureProperties.of(config("jdbc:postgresql://db/shop", ""), TABLES, "k:9092"))
        .containsEntry("database.sslmode", "prefer")
        .doesNotContainKey("database.sslrootcert");
  }

  @Test
  void mariaDbServerCertificateBecomesATrustStoreHoldingIt() throws Exception {
    Path pem = Path.of(getClass().getResource("test-ca.pem").toURI());
    Properties p =
        CaptureProperties.of(
            config("jdbc:mariadb://db/shop?sslMode=verify-full&serverSslCert=" + pem, ""),
            TABLES,
            "k:9092");
    assertThat(p).containsEntry("database.ssl.mode", "verify-full");
    KeyStore store = KeyStore.getInstance("JKS"); // as Debezium loads it
    try (InputStream in = Files.newInputStream(Path.of(p.getProperty("database.ssl.truststore")))) {
      store.load(in, p.getProperty("database.ssl.truststore.password").toCharArray());
    }
    X509Certificate expected;
    try (InputStream in = Files.newInputStream(pem)) {
      expected = (X509Certificate) CertificateFactory.getInstance("X.509").generateCertificate(in);
    }
    assertThat(store.getCertificate(store.aliases().nextElement())).isEqualTo(expected);
    assertThat(Files.getPosixFilePermissions(Path.of(p.getProperty("database.ssl.truststore"))))
        .containsExactlyInAnyOrder(PosixFilePermission.OWNER_READ, PosixFilePermission.OWNER_WRITE);
  }

  @Test
  void mariaDbTrustAndKeyStoresArePassedAsTheyAre() {
    Properties p =
        CaptureProperties.of(
            configWith(
                "jdbc:mariadb://db/shop",
                "sslMode: verify-ca, trustStore: /t.p12, trustStorePassword: tp, keyStore:"
                    + " /k.jks, keyStorePassword: kp"),
            TABLES,
            "k:9092");
    assertThat(p)
        .containsEntry("database.ssl.mode", "verify-ca")
        .containsEntry("database.ssl.truststore", "/t.p12")
        .containsEntry("database.ssl.truststore.password", "tp")
        .containsEntry("database.ssl.keystore", "/k.jks")
        .containsEntry("database.ssl.keystore.password", "kp");
  }

  @Test
  void aModeThatDoesNotVerifyGetsNoTrustStoreAsTheDriverUsesNone() {
    Properties p =
        CaptureProperties.of(
            configWith("jdbc:mariadb://db/shop", "sslMode: trust, trustStore: /t.p12"),
            TABLES,
            "k:9092");
    assertThat(p)
        .containsEntry("database.ssl.mode", "trust")
        .doesNotContainKey("database.ssl.truststore");
  }

  @Test
  void mySqlModesAndStoresUseTheMySqlConnectorsNames() {
    Properties p =
        CaptureProperties.of(
            configWith(
                "jdbc:mysql://db/shop?sslMode=VERIFY_IDENTITY",
                "trustCertificateKeyStoreUrl: \"file:/t.p12\", trustCertificateKeyStorePassword: tp"),
            TABLES,
            "k:9092");
    assertThat(p)
        .containsEntry("database.ssl.mode", "verify_identity")
        .containsEntry("database.ssl.truststore", "/t.p12")
        .containsEntry("database.ssl.truststore.password", "tp");
    assertThat(
            CaptureProperties.of(
                config("jdbc:mysql://db/shop?sslMode=VERIFY_CA", ""), TABLES, "k:9092"))
        .containsEntry("database.ssl.mode", "verify_ca");
    assertThat(
            CaptureProperties.of(
                config("jdbc:mysql://db/shop?useSSL=true&requireSSL=true", ""), TABLES, "k:9092"))
        .containsEntry("database.ssl.mode", "required");
  }

  @Test
  void postgresGetsPgjdbcsOwnSettingsFromTheUrlAndTheProperties() {
    Properties p =
        CaptureProperties.of(
            configWith(
                "jdbc:postgresql://db/shop?sslmode=verify-full&sslrootcert=/ca.pem",
                "sslcert: /c.pem, sslkey: /c.pk8, sslpassword: kp"),
            TABLES,
            "k:9092");
    assertThat(p)
        .containsEntry("database.sslmode", "verify-full")
        .containsEntry("database.sslrootcert", "/ca.pem")
        .containsEntry("database.sslcert", "/c.pem")
        .containsEntry("database.sslkey", "/c.pk8")
        .containsEntry("database.sslpassword", "kp");
    assertThat(
            CaptureProperties.of(
                config("jdbc:postgresql://db/shop?sslmode=verify-ca", ""), TABLES, "k:9092"))
        .containsEntry("database.sslmode", "verify-ca");
  }

  @Test
  void aTlsSettingTheCaptureCannotTakeIsAConfigErrorNamingItsKey() {
    assertThatThrownBy(
            () ->
                CaptureProperties.of(
                    config("jdbc:mariadb://db/shop?sslMode=verify-full&tlsVersions=TLSv1.3", ""),
                    TABLES,
                    "k:9092"))
        .isInstanceOfSatisfying(
            GodwitException.class, e -> assertThat(e.code()).isEqualTo(ErrorCode.CONFIG))
        .hasMessageStartingWith(
            "change capture must use the TLS the source's JDBC settings ask for, but: source.url"
                + " parameter tlsVersions cannot be handed to change capture")
        .hasMessageContaining("fix: remove it");
  }

  @Test
  void anUnreadableServerCertificateIsAConfigErrorNamingItsKey() {
    assertThatThrownBy(
            () ->
                CaptureProperties.of(
                    config(
                        "jdbc:mariadb://db/shop?sslMode=verify-ca&serverSslCert=/nonexistent.pem",
                        ""),
                    TABLES,
                    "k:9092"))
        .isInstanceOfSatisfying(
            GodwitException.class, e -> assertThat(e.code()).isEqualTo(ErrorCode.CONFIG))
        .hasMessageStartingWith(
            "source.url parameter serverSslCert: cannot read the certificates in /nonexistent.pem")
        .hasMessageContaining("fix: name a readable PEM file");
  }

  /**
   * TLS settings filled from {@code ${env:}}: the errors that name them show the key, never the
   * value (a CA path, a mode, a store type), whichever of them the error is about.
   */
  @Test
  void tlsSettingsFromReferencesAreMaskedInTheErrorsAboutThem() {
    String marker = "m4rker" + Long.toHexString(new java.security.SecureRandom().nextLong());
    Map<String, String> env =
        Map.of(
            "CA", "/nonexistent/" + marker + "/ca.pem",
            "MODE", "verify-" + marker,
            "STORE_TYPE", "bks" + marker,
            "HOST", marker + ".example");
    List<String> urls =
        List.of(
            "jdbc:mariadb://db/shop?sslMode=verify-ca&serverSslCert=${env:CA}",
            "jdbc:mariadb://db/shop?sslMode=${env:MODE}",
            "jdbc:mysql://db/shop?sslMode=VERIFY_CA&trustCertificateKeyStoreUrl=file:/t.p12"
                + "&trustCertificateKeyStoreType=${env:STORE_TYPE}",
            "jdbc:postgresql://db/shop?sslmode=${env:MODE}",
            "jdbc:mariadb://${env:HOST}:70000/shop");
    for (String url : urls) {
      MigrationConfig config =
          new ConfigLoader(env::get)
              .load(
                  """
                  name: shop
                  source: { url: "%s", user: capture }
                  target: { url: "jdbc:postgresql://127.0.0.1:5432/shop", user: postgres }
                  """
                      .formatted(url),
                  "shop.yaml");
      assertThatThrownBy(() -> CaptureProperties.of(config, TABLES, "k:9092"))
          .as(url)
          .isInstanceOfSatisfying(
              GodwitException.class,
              e ->
                  assertThat(e.getMessage())
                      .contains("source.url")
                      .contains("******")
                      .doesNotContain(marker));
    }
  }
}
