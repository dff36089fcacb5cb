package io.godwit.control;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.godwit.config.ControlSettings;
import io.godwit.config.HostPort;
import io.godwit.config.Secret;
import io.godwit.error.GodwitException;
import io.godwit.testing.TestCertificates;
import io.micrometer.prometheusmetrics.PrometheusConfig;
import io.micrometer.prometheusmetrics.PrometheusMeterRegistry;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Base64;
import java.util.List;
import javax.net.ssl.SSLHandshakeException;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The control API over TLS with certificates the test makes (a CA, a server certificate for
 * 127.0.0.1, and an unrelated CA), and the token that reads need when {@code control.read-token} is
 * set.
 */
class ControlTlsTest {

  private static final String TOKEN = "mutating-token-0123456789";
  private static final String READ_TOKEN = "reading-token-0123456789";

  @TempDir static Path dir;
  static TestCertificates certs;

  @BeforeAll
  static void certificates() throws Exception {
    certs = TestCertificates.create(dir.resolve("certs"));
  }

  private static ControlSettings settings(int port, String readToken, ControlSettings.Tls tls) {
    return new ControlSettings(
        new HostPort("127.0.0.1", port),
        Secret.of(TOKEN),
        readToken.isEmpty() ? Secret.empty() : Secret.of(readToken),
        List.of(),
        tls);
  }

  private static ControlServer start(ControlSettings settings) {
    return ControlServer.start(
        settings,
        new ControlServerTest.FakeRun(),
        new PrometheusMeterRegistry(PrometheusConfig.DEFAULT));
  }

  private static ControlSettings.Tls serverTls() {
    return new ControlSettings.Tls(
        certs.serverCert().toString(), certs.serverKey().toString(), certs.ca().toString());
  }

  private static ControlSettings.Tls clientTls(Path ca) {
    return new ControlSettings.Tls("", "", ca.toString());
  }

  @Test
  void aClientTrustingTheCaReadsAndCutsOverOverTls() throws Exception {
    try (ControlServer server = start(settings(0, "", serverTls()))) {
      int port = server.port();
      ControlClient client = new ControlClient(settings(port, "", clientTls(certs.ca())));
      assertThat(client.status().migration()).isEqualTo("shop");
      assertThat(client.cutover(true).checked().dryRun()).isTrue();
    }
  }

  @Test
  void aClientRefusesAServerItsCaDidNotSignWithANamedError() throws Exception {
    try (ControlServer server = start(settings(0, "", serverTls()))) {
      int port = server.port();
      ControlClient client = new ControlClient(settings(port, "", clientTls(certs.otherCa())));
      assertThatThrownBy(client::status)
          .isInstanceOf(GodwitException.class)
          .hasMessageContaining("did not prove who it is over TLS")
          .hasMessageContaining("control.tls.ca")
          .hasCauseInstanceOf(SSLHandshakeException.class);
      assertThatThrownBy(() -> client.cutover(false))
          .as("the token is never sent to a server that failed the handshake")
          .isInstanceOf(GodwitException.class)
          .hasMessageContaining("control.tls.ca");
    }
  }

  @Test
  void aTlsServerDoesNotAnswerPlainHttp() throws Exception {
    try (ControlServer server = start(settings(0, "", serverTls()))) {
      int port = server.port();
      HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();
      assertThatThrownBy(
              () ->
                  http.send(
                      HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + "/healthz"))
                          .timeout(Duration.ofSeconds(10))
                          .build(),
                      HttpResponse.BodyHandlers.ofString()))
          .isInstanceOf(java.io.IOException.class);
    }
  }

  @Test
  void aKeyThatIsNotPkcs8IsRefusedWithTheConversionToRun() throws Exception {
    Path rsa = dir.resolve("pkcs1.key");
    Files.writeString(
        rsa, "-----BEGIN RSA PRIVATE KEY-----\nAAAA\n-----END RSA PRIVATE KEY-----\n");
    ControlSettings.Tls tls =
        new ControlSettings.Tls(certs.serverCert().toString(), rsa.toString(), "");
    assertThatThrownBy(() -> start(settings(0, "", tls)))
        .isInstanceOf(GodwitException.class)
        .hasMessageContaining("control.tls.key")
        .hasMessageContaining("openssl pkcs8 -topk8 -nocrypt");
  }

  @Test
  void readsNeedTheReadTokenWhenOneIsSetButProbesAndMetricsDoNot() throws Exception {
    try (ControlServer server = start(settings(0, READ_TOKEN, ControlSettings.Tls.NONE))) {
      int port = server.port();
      HttpClient http = HttpClient.newHttpClient();
      for (String path : List.of("/", "/godwit.js", "/api/status", "/api/cutover")) {
        HttpResponse<String> refused = get(http, port, path, null);
        assertThat(refused.statusCode()).as(path).isEqualTo(401);
        assertThat(refused.headers().firstValue("WWW-Authenticate"))
            .as(path)
            .hasValueSatisfying(v -> assertThat(v).startsWith("Basic realm=\"godwit\""));
        assertThat(refused.body()).as(path).contains("control.read-token");
        assertThat(get(http, port, path, "Bearer wrong-token-0123456789").statusCode())
            .as(path)
            .isEqualTo(401);
        assertThat(get(http, port, path, "Bearer " + READ_TOKEN).statusCode())
            .as(path)
            .isEqualTo(200);
        assertThat(get(http, port, path, "bearer " + TOKEN).statusCode())
            .as("%s with control.token", path)
            .isEqualTo(200);
        String basic =
            Base64.getEncoder()
                .encodeToString(("anyone:" + READ_TOKEN).getBytes(StandardCharsets.UTF_8));
        assertThat(get(http, port, path, "Basic " + basic).statusCode())
            .as("%s as a browser sends it", path)
            .isEqualTo(200);
      }
      for (String path : List.of("/healthz", "/readyz", "/metrics")) {
        assertThat(get(http, port, path, null).statusCode()).as(path).isEqualTo(200);
      }
      assertThat(new ControlClient(settings(port, READ_TOKEN, ControlSettings.Tls.NONE)).status())
          .as("the client sends the read token")
          .extracting(StatusView::migration)
          .isEqualTo("shop");
    }
  }

  @Test
  void withoutAReadTokenReadsNeedNone() throws Exception {
    try (ControlServer server = start(settings(0, "", ControlSettings.Tls.NONE))) {
      int port = server.port();
      assertThat(get(HttpClient.newHttpClient(), port, "/api/status", null).statusCode())
          .isEqualTo(200);
    }
  }

  private static HttpResponse<String> get(
      HttpClient http, int port, String path, String authorization) throws Exception {
    HttpRequest.Builder request =
        HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + path));
    if (authorization != null) {
      request.header("Authorization", authorization);
    }
    return http.send(request.build(), HttpResponse.BodyHandlers.ofString());
  }
}
