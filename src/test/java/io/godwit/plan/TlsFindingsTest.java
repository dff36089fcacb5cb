package io.godwit.plan;

import static org.assertj.core.api.Assertions.assertThat;

import io.godwit.config.ConfigLoader;
import io.godwit.config.MigrationConfig;
import io.godwit.db.Finding;
import java.util.List;
import org.junit.jupiter.api.Test;

class TlsFindingsTest {

  static MigrationConfig config(String sourceUrl, String targetUrl) {
    return new ConfigLoader(name -> null)
        .load(
            """
            name: shop
            source: { url: "%s", user: capture }
            target: { url: "%s", user: postgres }
            """
                .formatted(sourceUrl, targetUrl),
            "shop.yaml");
  }

  @Test
  void plainTextToAnotherHostIsAWarningNamingTheVerifyingMode() {
    List<Finding> findings =
        TlsFindings.of(
            config("jdbc:mariadb://db.example.com/shop", "jdbc:postgresql://127.0.0.1/shop"), true);
    assertThat(findings)
        .singleElement()
        .satisfies(
            f -> {
              assertThat(f.severity()).isEqualTo(Finding.Severity.WARNING);
              assertThat(f.subject()).isEqualTo("source TLS");
              assertThat(f.message())
                  .isEqualTo(
                      "TLS to the source db.example.com is off: rows and passwords cross the"
                          + " network in plain text (disable, MariaDB Connector/J's default)");
              assertThat(f.fix())
                  .isEqualTo(
                      "set sslMode=verify-full and serverSslCert=<CA file> in source.url or"
                          + " source.properties (change capture uses the same)");
            });
  }

  @Test
  void optionalAndUnverifiedTlsAreWarnedAboutToo() {
    List<Finding> findings =
        TlsFindings.of(
            config(
                "jdbc:mysql://mysql.internal/shop?sslMode=REQUIRED",
                "jdbc:postgresql://pg.internal/shop"),
            true);
    assertThat(findings)
        .extracting(Finding::message)
        .containsExactly(
            "TLS to the source mysql.internal is not verified: anyone on the path can pose as the"
                + " server (require, source.url parameter sslMode)",
            "TLS to the target pg.internal is optional and unverified: plain text whenever the"
                + " server does not insist on TLS, and anyone on the path can pose as the server"
                + " (prefer, pgjdbc's default)");
    assertThat(findings.get(1).fix())
        .isEqualTo(
            "set sslmode=verify-full and sslrootcert=<CA file> in target.url or target.properties");
  }

  @Test
  void verifiedTlsAndLoopbackHostsAreFine() {
    assertThat(
            TlsFindings.of(
                config(
                    "jdbc:mariadb://db.example.com/shop?sslMode=verify-ca&serverSslCert=/ca.pem",
                    "jdbc:postgresql://localhost/shop"),
                true))
        .isEmpty();
  }

  @Test
  void aSourceSettingTheCaptureCannotUseIsABlockerWhenTheCaptureIsChecked() {
    MigrationConfig config =
        config(
            "jdbc:mariadb://127.0.0.1/shop?sslMode=verify-full&enabledSslCipherSuites=X",
            "jdbc:postgresql://127.0.0.1/shop");
    assertThat(TlsFindings.of(config, true))
        .singleElement()
        .satisfies(
            f -> {
              assertThat(f.isBlocker()).isTrue();
              assertThat(f.message())
                  .startsWith("source.url parameter enabledSslCipherSuites cannot be handed");
              assertThat(f.fix()).isEqualTo("remove it");
            });
    assertThat(TlsFindings.of(config, false)).isEmpty();
  }

  @Test
  void aHostFromAReferenceIsNotShown() {
    MigrationConfig config =
        new ConfigLoader(name -> name.equals("DB_HOST") ? "secret-db.example.com" : null)
            .load(
                """
                name: shop
                source: { url: "jdbc:mariadb://${env:DB_HOST}:3306/shop", user: capture }
                target: { url: "jdbc:postgresql://127.0.0.1/shop", user: postgres }
                """,
                "shop.yaml");
    assertThat(TlsFindings.of(config, true))
        .singleElement()
        .satisfies(
            f ->
                assertThat(f.message())
                    .startsWith("TLS to the source ****** is off")
                    .doesNotContain("secret-db"));
  }

  private static MigrationConfig withControl(String control) {
    return new ConfigLoader(name -> null)
        .load(
            """
            name: shop
            source: { url: "jdbc:mariadb://127.0.0.1/shop", user: capture }
            target: { url: "jdbc:postgresql://127.0.0.1/shop", user: postgres }
            control: %s
            """
                .formatted(control),
            "shop.yaml");
  }

  @Test
  void aControlApiReachableFromOtherHostsWithoutTlsIsAWarning() {
    assertThat(
            TlsFindings.of(
                withControl("{ listen: \"0.0.0.0:7878\", token: 0123456789abcdef }"), false))
        .singleElement()
        .satisfies(
            f -> {
              assertThat(f.severity()).isEqualTo(Finding.Severity.WARNING);
              assertThat(f.subject()).isEqualTo("control API TLS");
              assertThat(f.message()).contains("0.0.0.0:7878", "plain HTTP");
              assertThat(f.fix()).contains("control.tls.certificate");
            });
    assertThat(
            TlsFindings.of(
                withControl(
                    "{ listen: \"0.0.0.0:7878\", token: 0123456789abcdef,"
                        + " tls: { certificate: /c.pem, key: /k.pem } }"),
                false))
        .as("with TLS")
        .isEmpty();
    assertThat(TlsFindings.of(withControl("{ listen: \"127.0.0.1:7878\" }"), false))
        .as("on loopback")
        .isEmpty();
  }
}
