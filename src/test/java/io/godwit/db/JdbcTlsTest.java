package io.godwit.db;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.godwit.config.Endpoint;
import io.godwit.config.Redaction;
import io.godwit.config.Secret;
import io.godwit.error.ErrorCode;
import io.godwit.error.GodwitException;
import java.security.cert.CertPathValidatorException;
import java.util.Map;
import javax.net.ssl.SSLHandshakeException;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class JdbcTlsTest {

  static Endpoint endpoint(String url, Map<String, String> properties) {
    return new Endpoint(url, "u", Secret.empty(), null, properties, 4, url, "u", Redaction.NONE);
  }

  static Tls tls(String url) {
    return JdbcTls.of(endpoint(url, Map.of()), "source");
  }

  static Tls tls(String url, Map<String, String> properties) {
    return JdbcTls.of(endpoint(url, properties), "source");
  }

  // --- PostgreSQL ---

  @ParameterizedTest(name = "{0} → {1}")
  @CsvSource({
    "'', PREFER",
    "?sslmode=disable, DISABLE",
    "?sslmode=allow, ALLOW",
    "?sslmode=prefer, PREFER",
    "?sslmode=require, REQUIRE",
    "?sslmode=verify-ca, VERIFY_CA",
    "?sslmode=verify-full, VERIFY_FULL",
    "?ssl=true, VERIFY_FULL",
    "?ssl, VERIFY_FULL",
    "?ssl=false, PREFER",
    "?ssl=true&sslmode=require, REQUIRE",
  })
  void postgresModesAreReadAsPgjdbcReadsThem(String params, Tls.Mode mode) {
    assertThat(tls("jdbc:postgresql://db:5432/shop" + params).mode()).isEqualTo(mode);
  }

  @Test
  void postgresDefaultIsNamedAsTheDriversDefault() {
    assertThat(tls("jdbc:postgresql://db/shop").modeKey()).isEqualTo("pgjdbc's default");
  }

  @Test
  void postgresUrlParametersNameTheRootCertificate() {
    Tls tls = tls("jdbc:postgresql://db/shop?sslmode=verify-full&sslrootcert=%2Fetc%2Fca.pem");
    assertThat(tls.modeKey()).isEqualTo("source.url parameter sslmode");
    assertThat(tls.trust())
        .hasValueSatisfying(
            s -> {
              assertThat(s.path()).isEqualTo("/etc/ca.pem");
              assertThat(s.isPem()).isTrue();
              assertThat(s.key()).isEqualTo("source.url parameter sslrootcert");
            });
    assertThat(tls.untranslatable()).isEmpty();
  }

  @Test
  void postgresPropertiesNameTheClientCertificateKeyAndPassword() {
    Tls tls =
        tls(
            "jdbc:postgresql://db/shop",
            Map.of(
                "sslmode", "verify-ca",
                "sslcert", "/c.pem",
                "sslkey", "/c.pk8",
                "sslpassword", "pw",
                "sslfactory", "org.postgresql.ssl.DefaultJavaSSLFactory"));
    assertThat(tls.mode()).isEqualTo(Tls.Mode.VERIFY_CA);
    assertThat(tls.modeKey()).isEqualTo("source.properties.sslmode");
    assertThat(tls.clientKey())
        .hasValue(new Tls.Store("source.properties.sslcert", "/c.pem", "PEM", "pw", "/c.pk8"));
    assertThat(tls.clientKey().orElseThrow().toString()).doesNotContain("pw");
    assertThat(tls.sslFactory()).isEqualTo("org.postgresql.ssl.DefaultJavaSSLFactory");
  }

  @Test
  void postgresSettingsTheCaptureCannotTakeAreListedWithTheirKey() {
    Tls tls =
        tls(
            "jdbc:postgresql://db/shop?sslhostnameverifier=x.Y",
            Map.of("sslkey", "/c.pk8", "sslfactoryarg", "a"));
    assertThat(tls.untranslatable())
        .anyMatch(s -> s.startsWith("source.url parameter sslhostnameverifier cannot"))
        .anyMatch(s -> s.startsWith("source.properties.sslfactoryarg cannot"))
        .anyMatch(s -> s.startsWith("source.properties.sslkey is set without sslcert"));
  }

  @Test
  void anUnknownModeIsAConfigErrorNamingTheKeyAndTheValuesAllowed() {
    assertThatThrownBy(() -> tls("jdbc:postgresql://db/shop", Map.of("sslmode", "verify")))
        .isInstanceOfSatisfying(
            GodwitException.class, e -> assertThat(e.code()).isEqualTo(ErrorCode.CONFIG))
        .hasMessage(
            "source.properties.sslmode is 'verify', which the JDBC driver does not know; fix: set"
                + " it to disable, allow, prefer, require, verify-ca or verify-full");
  }

  @Test
  void aSettingInBothTheUrlAndThePropertiesWithDifferentValuesIsRefused() {
    assertThatThrownBy(
            () ->
                tls("jdbc:postgresql://db/shop?sslmode=require", Map.of("sslmode", "verify-full")))
        .isInstanceOfSatisfying(
            GodwitException.class, e -> assertThat(e.code()).isEqualTo(ErrorCode.CONFIG))
        .hasMessageContaining("source.properties.sslmode is 'verify-full'")
        .hasMessageContaining("source.url sets it to 'require'")
        .hasMessageContaining("fix: set sslmode in one place only");
    assertThat(
            tls("jdbc:postgresql://db/shop?sslmode=require", Map.of("sslmode", "require")).mode())
        .isEqualTo(Tls.Mode.REQUIRE);
  }

  @Test
  void conflictingPasswordsAreRefusedWithoutShowingThem() {
    assertThatThrownBy(
            () ->
                tls(
                    "jdbc:mariadb://db/shop?trustStorePassword=pw-first",
                    Map.of("trustStorePassword", "pw-second")))
        .hasMessageNotContaining("pw-first")
        .hasMessageNotContaining("pw-second")
        .hasMessageContaining("source.properties.trustStorePassword is ******");
  }

  // --- MariaDB Connector/J ---

  @ParameterizedTest(name = "{0} → {1}")
  @CsvSource({
    "'', DISABLE",
    "?sslMode=disable, DISABLE",
    "?sslMode=DISABLED, DISABLE",
    "?sslMode=trust, REQUIRE",
    "?sslMode=REQUIRED, REQUIRE",
    "?sslMode=verify-ca, VERIFY_CA",
    "?sslMode=VERIFY_CA, VERIFY_CA",
    "?sslMode=verify-full, VERIFY_FULL",
    "?sslMode=VERIFY_IDENTITY, VERIFY_FULL",
    "?sslmode=verify-full, VERIFY_FULL",
    "?useSsl=true, VERIFY_FULL",
    "?useSSL=true&trustServerCertificate=true, REQUIRE",
    "?useSsl=true&disableSslHostnameVerification=true, VERIFY_CA",
    "?useSsl=false, DISABLE",
    "?useSsl=true&sslMode=disable, DISABLE",
  })
  void mariaDbModesAreReadAsConnectorJReadsThem(String params, Tls.Mode mode) {
    assertThat(tls("jdbc:mariadb://db:3306/shop" + params).mode()).isEqualTo(mode);
  }

  @Test
  void mariaDbServerCertificateIsAPemFile() {
    Tls tls =
        tls(
            "jdbc:mariadb://db/shop",
            Map.of("sslMode", "verify-full", "serverSslCert", "file:/ca.pem"));
    assertThat(tls.trust())
        .hasValue(new Tls.Store("source.properties.serverSslCert", "/ca.pem", "PEM", null, null));
  }

  @Test
  void mariaDbTrustAndKeyStoresByTheirNamesAndAliases() {
    Tls tls =
        tls(
            "jdbc:mariadb://db/shop?trustCertificateKeyStoreUrl=file:///t.jks&trustCertificateKeyStoreType=jks",
            Map.of("keyStore", "/k.p12", "keyStorePassword", "kp", "trustStorePassword", "tp"));
    assertThat(tls.trust())
        .hasValue(
            new Tls.Store(
                "source.url parameter trustCertificateKeyStoreUrl", "/t.jks", "JKS", "tp", null));
    assertThat(tls.clientKey())
        .hasValue(new Tls.Store("source.properties.keyStore", "/k.p12", "PKCS12", "kp", null));
  }

  @Test
  void mariaDbSettingsTheCaptureCannotTakeAreListedWithTheirKey() {
    Tls tls =
        tls(
            "jdbc:mariadb://db/shop?enabledSslProtocolSuites=TLSv1.3",
            Map.of(
                "serverSslCert", "-----BEGIN CERTIFICATE-----\nMII...",
                "keyStore", "http://example.com/k.p12",
                "keyPassword", "x",
                "fallbackToSystemTrustStore", "true"));
    assertThat(tls.untranslatable())
        .hasSize(4)
        .anyMatch(s -> s.startsWith("source.url parameter enabledSslProtocolSuites cannot"))
        .anyMatch(s -> s.startsWith("source.properties.serverSslCert holds the certificate itself"))
        .anyMatch(s -> s.startsWith("source.properties.keyStore is a http URL"))
        .anyMatch(s -> s.startsWith("source.properties.keyPassword cannot"));
  }

  @Test
  void aKeyStoreTypeTheCaptureCannotReadIsListed() {
    Tls tls =
        tls("jdbc:mariadb://db/shop", Map.of("trustStore", "/t.bks", "trustStoreType", "BKS"));
    assertThat(tls.untranslatable())
        .containsExactly(
            "source.properties.trustStoreType is BKS; change capture reads JKS and PKCS12 key"
                + " stores only; fix: convert it with keytool -importkeystore");
  }

  // --- MySQL Connector/J ---

  @ParameterizedTest(name = "{0} → {1}")
  @CsvSource({
    "'', PREFER",
    "?sslMode=DISABLED, DISABLE",
    "?sslMode=preferred, PREFER",
    "?sslMode=REQUIRED, REQUIRE",
    "?sslMode=VERIFY_CA, VERIFY_CA",
    "?sslMode=VERIFY_IDENTITY, VERIFY_FULL",
    "?useSSL=false, DISABLE",
    "?useSSL=true, PREFER",
    "?useSSL=true&requireSSL=true, REQUIRE",
    "?verifyServerCertificate=true, VERIFY_CA",
    "?useSSL=false&sslMode=VERIFY_IDENTITY, VERIFY_FULL",
  })
  void mySqlModesAreReadAsConnectorJReadsThem(String params, Tls.Mode mode) {
    assertThat(tls("jdbc:mysql://db:3306/shop" + params).mode()).isEqualTo(mode);
  }

  @Test
  void mySqlTrustAndKeyStoresAreUrls() {
    Tls tls =
        tls(
            "jdbc:mysql://db/shop",
            Map.of(
                "trustCertificateKeyStoreUrl", "file:/t.p12",
                "trustCertificateKeyStorePassword", "tp",
                "clientCertificateKeyStoreUrl", "file:/k.jks",
                "clientCertificateKeyStoreType", "JKS"));
    assertThat(tls.trust())
        .hasValue(
            new Tls.Store(
                "source.properties.trustCertificateKeyStoreUrl", "/t.p12", "PKCS12", "tp", null));
    assertThat(tls.clientKey())
        .hasValue(
            new Tls.Store(
                "source.properties.clientCertificateKeyStoreUrl", "/k.jks", "JKS", null, null));
  }

  @Test
  void mySqlHasNoPemServerCertificate() {
    assertThat(tls("jdbc:mysql://db/shop?serverSslCert=/ca.pem").untranslatable())
        .singleElement()
        .asString()
        .startsWith("source.url parameter serverSslCert is not a MySQL Connector/J setting");
  }

  // --- host and failures ---

  @ParameterizedTest(name = "{0} → {1}, loopback {2}")
  @CsvSource({
    "jdbc:postgresql://db.example.com:5432/shop, db.example.com, false",
    "jdbc:postgresql:shop, localhost, true",
    "jdbc:postgresql://127.0.0.2/shop, 127.0.0.2, true",
    "jdbc:mariadb://[::1]:3306/shop, ::1, true",
    "jdbc:mariadb://user:pw@10.0.0.5:3306/shop, 10.0.0.5, false",
    "jdbc:mysql://localhost/shop, localhost, true",
    "'jdbc:mariadb:sequential://h1:3306,h2:3306/shop', h1, false",
  })
  void theHostIsTheUrlsFirstServer(String url, String host, boolean loopback) {
    Tls tls = tls(url);
    assertThat(tls.host()).isEqualTo(host);
    assertThat(tls.loopback()).isEqualTo(loopback);
  }

  @Test
  void aCertificateFailureNamesTlsAndTheCaSetting() {
    Endpoint endpoint =
        endpoint("jdbc:postgresql://db/shop?sslmode=verify-full&sslrootcert=/wrong.pem", Map.of());
    Exception cause =
        new RuntimeException("SSL error", new SSLHandshakeException("PKIX path validation failed"));
    cause.getCause().initCause(new CertPathValidatorException("signature check failed"));
    assertThat(JdbcTls.failureFix(endpoint, "source", cause))
        .hasValueSatisfying(
            fix ->
                assertThat(fix)
                    .startsWith("TLS to the source failed")
                    .contains("fix: point source.url parameter sslrootcert at the certificate"));
  }

  @Test
  void aServerThatRequiresTlsIsNamed() {
    Endpoint endpoint = endpoint("jdbc:mariadb://db/shop", Map.of());
    Exception cause =
        new java.sql.SQLException("Connections using insecure transport are prohibited");
    assertThat(JdbcTls.failureFix(endpoint, "source", cause))
        .hasValue(
            "TLS is required by the source server but not used; fix: set sslMode=verify-full and"
                + " serverSslCert=<CA file> in source.url or source.properties (change capture"
                + " uses the same)");
  }

  @Test
  void otherFailuresAreNotAboutTls() {
    Endpoint endpoint = endpoint("jdbc:mariadb://db/shop", Map.of());
    assertThat(
            JdbcTls.failureFix(
                endpoint, "source", new java.sql.SQLException("Access denied for user 'u'")))
        .isEmpty();
  }
}
