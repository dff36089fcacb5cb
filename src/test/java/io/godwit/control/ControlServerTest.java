package io.godwit.control;

import static java.nio.charset.StandardCharsets.US_ASCII;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.godwit.config.ControlSettings;
import io.godwit.config.HostPort;
import io.godwit.config.Secret;
import io.godwit.error.ErrorCode;
import io.godwit.error.GodwitException;
import io.godwit.state.AttemptState;
import io.godwit.state.StatusReader;
import io.godwit.state.TablePhase;
import io.micrometer.prometheusmetrics.PrometheusConfig;
import io.micrometer.prometheusmetrics.PrometheusMeterRegistry;
import java.io.IOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.net.SocketException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** The control API's routing and its guard on mutating calls, against a recording fake run. */
class ControlServerTest {

  private final HttpClient http = HttpClient.newHttpClient();

  /** Records what it was asked to do, so a refused call can be shown to have done nothing. */
  static final class FakeRun implements ControlledRun {
    final List<String> calls = new ArrayList<>();

    @Override
    public StatusView status() {
      return StatusView.stored(
          "shop",
          List.of(
              new StatusReader.TableStatus(
                  "t", "t", TablePhase.STREAMING, 1, 1, 1, null, 0, null, null, null, null)),
          List.of(),
          null,
          null);
    }

    @Override
    public boolean ready() {
      return true;
    }

    @Override
    public void drain(Duration timeout) {
      calls.add("drain " + timeout.toSeconds());
    }

    @Override
    public void drainReverse(Duration timeout) {
      calls.add("drain reverse " + timeout.toSeconds());
    }

    @Override
    public CutoverDocument cutover(boolean dryRun) {
      calls.add("cutover dryRun=" + dryRun);
      return new CutoverDocument(
          new CutoverDocument.Checked("shop", "read-only", dryRun, List.of(), null),
          dryRun ? AttemptState.IDLE : AttemptState.RUNNING,
          null);
    }

    @Override
    public CutoverDocument confirmFreeze() {
      calls.add("confirm");
      return CutoverDocument.idle();
    }

    @Override
    public CutoverDocument abortCutover(String reason) {
      calls.add("abort " + reason);
      return new CutoverDocument(null, AttemptState.ABORTED, null);
    }

    @Override
    public CutoverDocument cutoverView() {
      return CutoverDocument.idle();
    }

    @Override
    public CutoverDocument rollback(boolean dryRun) {
      calls.add("rollback dryRun=" + dryRun);
      return new CutoverDocument(
          new CutoverDocument.Checked("shop", "read-only", dryRun, List.of(), null),
          dryRun ? AttemptState.IDLE : AttemptState.RUNNING,
          null);
    }

    @Override
    public CutoverDocument confirmRollbackFreeze() {
      calls.add("confirm rollback");
      return CutoverDocument.idle();
    }

    @Override
    public CutoverDocument abortRollback(String reason) {
      calls.add("abort rollback " + reason);
      return new CutoverDocument(null, AttemptState.ABORTED, null);
    }

    @Override
    public CutoverDocument rollbackView() {
      return CutoverDocument.idle();
    }

    /** Knows tables t and u; any other name is refused as the state store refuses it. */
    @Override
    public ApplyPauses applyPaused(List<String> tables, boolean paused) {
      List<String> unknown = tables.stream().filter(t -> !List.of("t", "u").contains(t)).toList();
      if (!unknown.isEmpty()) {
        throw new GodwitException(
            ErrorCode.BAD_ARGUMENT,
            "migration shop has no table " + String.join(", ", unknown) + "; fix: see status");
      }
      calls.add((paused ? "pause " : "resume ") + tables);
      return ApplyPauses.of(paused ? Map.of("t", "2026-01-02T03:04:05Z") : Map.of());
    }

    @Override
    public Resnapshots resnapshot(List<String> tables) {
      List<String> unknown = tables.stream().filter(t -> !List.of("t", "u").contains(t)).toList();
      if (!unknown.isEmpty()) {
        throw new GodwitException(
            ErrorCode.BAD_ARGUMENT,
            "migration shop has no table " + String.join(", ", unknown) + "; fix: see status");
      }
      calls.add("resnapshot " + tables);
      return Resnapshots.of(tables);
    }

    @Override
    public long throttle(long rowsPerSecond, Boolean paused) {
      calls.add("throttle " + rowsPerSecond + (paused == null ? "" : " paused=" + paused));
      return rowsPerSecond;
    }
  }

  private static ControlServer server(FakeRun run, String token) throws Exception {
    return server(run, token, List.of());
  }

  private static ControlServer server(FakeRun run, String token, List<String> allowedHosts)
      throws Exception {
    return ControlServer.start(
        new ControlSettings(
            new HostPort("127.0.0.1", 0),
            token.isEmpty() ? Secret.empty() : Secret.of(token),
            Secret.empty(),
            allowedHosts,
            ControlSettings.Tls.NONE),
        run,
        new PrometheusMeterRegistry(PrometheusConfig.DEFAULT));
  }

  private HttpResponse<String> post(ControlServer server, String path, String token, String body)
      throws Exception {
    HttpRequest.Builder request =
        HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + server.port() + path))
            .POST(HttpRequest.BodyPublishers.ofString(body));
    if (token != null) {
      request.header("Authorization", "Bearer " + token);
    }
    return http.send(request.build(), HttpResponse.BodyHandlers.ofString());
  }

  private HttpResponse<String> get(ControlServer server, String path) throws Exception {
    return http.send(
        HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + server.port() + path)).build(),
        HttpResponse.BodyHandlers.ofString());
  }

  @Test
  void refusesEveryMutatingCallWhenNoTokenIsConfigured() throws Exception {
    FakeRun run = new FakeRun();
    try (ControlServer server = server(run, "")) {
      for (String path :
          List.of(
              "/api/cutover",
              "/api/cutover/confirm",
              "/api/cutover/abort",
              "/api/rollback",
              "/api/rollback/confirm",
              "/api/rollback/abort",
              "/api/drain",
              "/api/reverse/drain")) {
        HttpResponse<String> refused = post(server, path, "anything", "{}");
        assertThat(refused.statusCode()).as(path).isEqualTo(403);
        assertThat(refused.body()).contains("control.token");
      }
      assertThat(post(server, "/api/throttle", null, "{\"rowsPerSecond\": 5}").statusCode())
          .isEqualTo(403);
      assertThat(run.calls).isEmpty();
      assertThat(get(server, "/api/status").statusCode())
          .as("reading needs no token")
          .isEqualTo(200);
    }
  }

  @Test
  void refusesAMissingOrWrongTokenWithoutEchoingTheRightOne() throws Exception {
    FakeRun run = new FakeRun();
    try (ControlServer server = server(run, "s3cret-token-0123")) {
      HttpResponse<String> none = post(server, "/api/cutover", null, "{\"dryRun\":false}");
      HttpResponse<String> wrong = post(server, "/api/cutover", "s3cret", "{\"dryRun\":false}");
      assertThat(none.statusCode()).isEqualTo(401);
      assertThat(wrong.statusCode()).isEqualTo(401);
      assertThat(none.body() + wrong.body()).doesNotContain("s3cret");
      assertThat(run.calls).isEmpty();

      HttpResponse<String> accepted =
          post(server, "/api/cutover", "s3cret-token-0123", "{\"dryRun\":true}");
      assertThat(accepted.statusCode()).isEqualTo(202);
      assertThat(accepted.body()).contains("\"dryRun\":true");
      assertThat(post(server, "/api/drain?timeout=7", "s3cret-token-0123", "").statusCode())
          .isEqualTo(200);
      assertThat(post(server, "/api/reverse/drain?timeout=9", "s3cret-token-0123", "").statusCode())
          .isEqualTo(200);
      assertThat(run.calls).containsExactly("cutover dryRun=true", "drain 7", "drain reverse 9");
    }
  }

  @Test
  void rollsBackOnlyWithTheToken() throws Exception {
    FakeRun run = new FakeRun();
    String token = "r0llback-token-0123";
    try (ControlServer server = server(run, token)) {
      assertThat(post(server, "/api/rollback", null, "{\"dryRun\":false}").statusCode())
          .isEqualTo(401);
      assertThat(run.calls).isEmpty();
      assertThat(post(server, "/api/rollback", token, "{\"dryRun\":true}").statusCode())
          .isEqualTo(202);
      assertThat(post(server, "/api/rollback", token, "").statusCode()).isEqualTo(202);
      assertThat(post(server, "/api/rollback/confirm", token, "").statusCode()).isEqualTo(200);
      assertThat(post(server, "/api/rollback/abort", token, "{\"reason\":\"no\"}").statusCode())
          .isEqualTo(200);
      assertThat(get(server, "/api/rollback").statusCode()).isEqualTo(200);
      assertThat(run.calls)
          .containsExactly(
              "rollback dryRun=true",
              "rollback dryRun=false",
              "confirm rollback",
              "abort rollback no");
    }
  }

  @Test
  void pausesAndResumesTheApplierOnlyWithTheTokenAndRefusesUnknownTablesWhole() throws Exception {
    FakeRun run = new FakeRun();
    String token = "0123456789abcdef";
    try (ControlServer server = server(run, token)) {
      for (String path : List.of("/api/apply/pause", "/api/apply/resume")) {
        assertThat(post(server, path, null, "{\"all\":true}").statusCode()).as(path).isEqualTo(401);
        assertThat(post(server, path, "wrong-token-0123", "{\"all\":true}").statusCode())
            .as(path)
            .isEqualTo(401);
      }
      assertThat(run.calls).isEmpty();

      HttpResponse<String> paused = post(server, "/api/apply/pause", token, "{\"tables\":[\"t\"]}");
      assertThat(paused.statusCode()).isEqualTo(200);
      assertThat(ControlServer.JSON.readTree(paused.body()).get("paused").get("t").asText())
          .isEqualTo("2026-01-02T03:04:05Z");
      assertThat(paused.body()).contains("/api/apply/resume");

      HttpResponse<String> unknown =
          post(server, "/api/apply/pause", token, "{\"tables\":[\"t\",\"nope\"]}");
      assertThat(unknown.statusCode()).isEqualTo(400);
      assertThat(unknown.body()).contains("no table nope").contains("fix:");

      HttpResponse<String> resumed = post(server, "/api/apply/resume", token, "{\"all\":true}");
      assertThat(resumed.statusCode()).isEqualTo(200);
      assertThat(ControlServer.JSON.readTree(resumed.body()).get("paused").size()).isZero();
      assertThat(run.calls).containsExactly("pause [t]", "resume []");
    }
    try (ControlServer server = server(run, "")) {
      assertThat(post(server, "/api/apply/pause", "anything", "{\"all\":true}").statusCode())
          .isEqualTo(403);
    }
  }

  @Test
  void asksForAReCopyOnlyWithTheTokenNamingOneKnownTable() throws Exception {
    FakeRun run = new FakeRun();
    String token = "0123456789abcdef";
    try (ControlServer server = server(run, token)) {
      assertThat(post(server, "/api/tables/t/resnapshot", null, "").statusCode()).isEqualTo(401);
      assertThat(post(server, "/api/tables/t/resnapshot", "wrong-token-0123", "").statusCode())
          .isEqualTo(401);
      assertThat(run.calls).isEmpty();

      HttpResponse<String> asked = post(server, "/api/tables/t/resnapshot", token, "");
      assertThat(asked.statusCode()).as(asked.body()).isEqualTo(202);
      assertThat(ControlServer.JSON.readTree(asked.body()).get("requested").get(0).asText())
          .isEqualTo("t");
      assertThat(asked.body()).contains("/api/status");

      HttpResponse<String> unknown = post(server, "/api/tables/nope/resnapshot", token, "{}");
      assertThat(unknown.statusCode()).isEqualTo(400);
      assertThat(unknown.body()).contains("no table nope").contains("fix:");
      HttpResponse<String> none = post(server, "/api/tables//resnapshot", token, "");
      assertThat(none.statusCode()).isEqualTo(400);
      assertThat(none.body()).contains("/api/tables/<table>/resnapshot");
      assertThat(post(server, "/api/tables/t/resnapshot", token, "{\"x\":1}").statusCode())
          .isEqualTo(400);
      assertThat(run.calls).containsExactly("resnapshot [t]");
    }
  }

  @Test
  void answersBadRequestsWithTheirFix() throws Exception {
    try (ControlServer server = server(new FakeRun(), "token-0123456789")) {
      HttpResponse<String> noRate =
          post(server, "/api/throttle", "token-0123456789", "{\"paused\": true}");
      assertThat(noRate.statusCode()).isEqualTo(400);
      assertThat(noRate.body()).contains("rowsPerSecond");
      assertThat(post(server, "/api/cutover", "token-0123456789", "not json").statusCode())
          .isEqualTo(400);
      assertThat(post(server, "/api/drain?timeout=-1", "token-0123456789", "").statusCode())
          .isEqualTo(400);
      HttpResponse<String> tooLong = post(server, "/api/drain?timeout=601", "token-0123456789", "");
      assertThat(tooLong.statusCode()).isEqualTo(400);
      assertThat(tooLong.body()).contains("from 1 to 600");
      assertThat(get(server, "/api/nothing").statusCode()).isEqualTo(404);
    }
  }

  @Test
  void refusesEveryBodyThatIsNotExactlyTheAcceptedFormAndStartsNothing() throws Exception {
    FakeRun run = new FakeRun();
    String token = "0123456789abcdef";
    List<Map.Entry<String, List<String>>> refused =
        List.of(
            Map.entry(
                "/api/cutover",
                List.of(
                    "{\"dryrun\":true}",
                    "{\"dryRun\":\"yes\"}",
                    "{\"dryRun\":\"true\"}",
                    "{\"dryRun\":1}",
                    "{\"dryRun\":null}",
                    "{\"dryRun\":{}}",
                    "[true]",
                    "true",
                    "{\"dryRun\":true} garbage",
                    "{\"dryRun\":true}{}",
                    "{\"dryRun\":false,\"dryRun\":true}")),
            Map.entry(
                "/api/throttle",
                List.of(
                    "{\"rowsPerSecond\":5,\"paused\":\"yes\"}",
                    "{\"rowsPerSecond\":5,\"paused\":0}",
                    "{\"rowsPerSecond\":-1}",
                    "{\"rowsPerSecond\":\"5\"}",
                    "{\"rowsPerSecond\":5.5}",
                    "{\"rowsPerSecond\":5,\"pause\":true}",
                    "{\"paused\":true}",
                    "")),
            Map.entry(
                "/api/cutover/abort", List.of("{\"reason\":7}", "{\"why\":\"x\"}", "\"stop\"")),
            Map.entry("/api/cutover/confirm", List.of("{\"confirm\":true}", "[]")),
            Map.entry(
                "/api/apply/pause",
                List.of(
                    "",
                    "{}",
                    "{\"tables\":[]}",
                    "{\"tables\":\"t\"}",
                    "{\"tables\":[\"\"]}",
                    "{\"tables\":[\"t\"],\"all\":true}",
                    "{\"all\":false}",
                    "{\"all\":\"true\"}",
                    "{\"table\":[\"t\"]}")),
            Map.entry("/api/apply/resume", List.of("{}", "{\"tables\":[7]}")));
    try (ControlServer server = server(run, token)) {
      for (Map.Entry<String, List<String>> endpoint : refused) {
        for (String body : endpoint.getValue()) {
          HttpResponse<String> answer = post(server, endpoint.getKey(), token, body);
          assertThat(answer.statusCode()).as(endpoint.getKey() + " " + body).isEqualTo(400);
          assertThat(answer.body()).as(endpoint.getKey() + " " + body).contains("e.g. {");
        }
      }
      assertThat(run.calls).as("no refused body reached the run").isEmpty();

      assertThat(post(server, "/api/cutover", token, "{\"dryrun\":true}").body())
          .contains("dryrun")
          .contains("{\\\"dryRun\\\": true}");
      assertThat(
              post(server, "/api/throttle", token, "{\"rowsPerSecond\":5,\"paused\":\"yes\"}")
                  .body())
          .contains("paused");
      assertThat(post(server, "/api/throttle", token, "{\"rowsPerSecond\":-1}").body())
          .contains("rowsPerSecond");

      assertThat(post(server, "/api/cutover", token, " {\"dryRun\" : true} \n").statusCode())
          .isEqualTo(202);
      assertThat(post(server, "/api/cutover/abort", token, "").statusCode()).isEqualTo(200);
      assertThat(
              post(server, "/api/cutover/abort", token, "{\"reason\":\"rollback\"}").statusCode())
          .isEqualTo(200);
      assertThat(
              post(server, "/api/throttle", token, "{\"rowsPerSecond\":0,\"paused\":true}")
                  .statusCode())
          .isEqualTo(200);
      assertThat(post(server, "/api/cutover/confirm", token, "").statusCode()).isEqualTo(200);
      assertThat(post(server, "/api/cutover", token, "").statusCode())
          .as("an empty body is a real cutover, as before")
          .isEqualTo(202);
      assertThat(post(server, "/api/cutover", token, "{}").statusCode()).isEqualTo(202);
      assertThat(run.calls)
          .containsExactly(
              "cutover dryRun=true",
              "abort aborted by the operator",
              "abort rollback",
              "throttle 0 paused=true",
              "confirm",
              "cutover dryRun=false",
              "cutover dryRun=false");
    }
  }

  /** Sends {@code request} as written (the JDK client will not set {@code Host}); the answer. */
  private static String raw(ControlServer server, String request) throws IOException {
    try (Socket socket = new Socket(InetAddress.getLoopbackAddress(), server.port())) {
      socket.setSoTimeout(5_000);
      socket.getOutputStream().write(request.getBytes(US_ASCII));
      return new String(socket.getInputStream().readAllBytes(), US_ASCII);
    }
  }

  private static String get(ControlServer server, String path, String host) throws IOException {
    return raw(
        server, "GET " + path + " HTTP/1.1\r\nHost: " + host + "\r\nConnection: close\r\n\r\n");
  }

  @Test
  void answersOnlyRequestsThatNameAnAllowedHost() throws Exception {
    FakeRun run = new FakeRun();
    String token = "0123456789abcdef";
    try (ControlServer server = server(run, token, List.of("godwit.internal"))) {
      int port = server.port();
      for (String path : List.of("/api/status", "/", "/metrics", "/healthz")) {
        String refused = get(server, path, "evil.example:" + port);
        assertThat(refused).as(path).startsWith("HTTP/1.1 421 ");
        assertThat(refused).contains("evil.example").contains("control.allowed-hosts");
        assertThat(refused).doesNotContain("streaming");
      }
      assertThat(get(server, "/api/status", "127.attacker.example")).startsWith("HTTP/1.1 421 ");
      assertThat(
              raw(
                  server,
                  "POST /api/cutover HTTP/1.1\r\nHost: evil.example\r\nAuthorization: Bearer "
                      + token
                      + "\r\nContent-Length: 15\r\nConnection: close\r\n\r\n{\"dryRun\":true}"))
          .startsWith("HTTP/1.1 421 ");
      assertThat(run.calls).isEmpty();

      for (String host :
          List.of(
              "127.0.0.1:" + port,
              "127.0.0.1",
              "localhost:" + port,
              "LOCALHOST",
              "[::1]:" + port,
              "10.1.2.3:" + port,
              "godwit.internal:" + port,
              "GODWIT.internal")) {
        String answer = get(server, "/api/status", host);
        assertThat(answer).as(host).startsWith("HTTP/1.1 200 ");
        assertThat(answer).as(host).contains("streaming");
      }
    }
  }

  @Test
  void answersHeadLikeGetWithoutABodyAndTakesTheBearerSchemeInAnyCase() throws Exception {
    FakeRun run = new FakeRun();
    String token = "0123456789abcdef";
    try (ControlServer server = server(run, token)) {
      for (String path : List.of("/healthz", "/api/status", "/")) {
        String head =
            raw(
                server,
                "HEAD " + path + " HTTP/1.1\r\nHost: 127.0.0.1\r\nConnection: close\r\n\r\n");
        String get = get(server, path, "127.0.0.1");
        assertThat(head).as(path).startsWith("HTTP/1.1 200 ");
        String length =
            get.lines().filter(l -> l.startsWith("Content-length")).findFirst().orElseThrow();
        assertThat(head).as(path).contains(length).endsWith("\r\n\r\n");
      }
      for (String scheme : List.of("bearer", "BEARER", "Bearer")) {
        HttpResponse<String> accepted =
            http.send(
                HttpRequest.newBuilder(
                        URI.create("http://127.0.0.1:" + server.port() + "/api/cutover"))
                    .header("Authorization", scheme + " " + token)
                    .POST(HttpRequest.BodyPublishers.ofString("{\"dryRun\":true}"))
                    .build(),
                HttpResponse.BodyHandlers.ofString());
        assertThat(accepted.statusCode()).as(scheme).isEqualTo(202);
      }
      assertThat(run.calls).hasSize(3);
    }
  }

  @Test
  void everyResponseCarriesTheSecurityHeaders() throws Exception {
    try (ControlServer server = server(new FakeRun(), "")) {
      for (String answer :
          List.of(
              get(server, "/", "127.0.0.1"),
              get(server, "/api/status", "127.0.0.1"),
              get(server, "/nothing", "127.0.0.1"),
              get(server, "/api/status", "evil.example"))) {
        assertThat(answer)
            .contains("X-content-type-options: nosniff")
            .contains("Content-security-policy: default-src 'self'")
            .contains("X-frame-options: DENY")
            .contains("Referrer-policy: no-referrer");
      }
    }
  }

  @Test
  void refusesToServeBeyondLoopbackWithoutAToken() throws Exception {
    // This test holds the port: a server that tried to bind it before refusing would fail with
    // "cannot listen" instead.
    try (ServerSocket held = new ServerSocket(0)) {
      int port = held.getLocalPort();
      assertThatThrownBy(
              () ->
                  ControlServer.start(
                      new ControlSettings(
                          new HostPort("0.0.0.0", port),
                          Secret.empty(),
                          Secret.empty(),
                          List.of(),
                          ControlSettings.Tls.NONE),
                      new FakeRun(),
                      new PrometheusMeterRegistry(PrometheusConfig.DEFAULT)))
          .hasMessageContaining("0.0.0.0:" + port)
          .hasMessageContaining("control.token")
          .hasMessageNotContaining("cannot listen");
    }
  }

  @Test
  void slowClientsHoldingHalfOpenRequestsDoNotBlockHealth() throws Exception {
    try (ControlServer server = server(new FakeRun(), "");
        Closer slow = new Closer()) {
      for (int i = 0; i < 20; i++) {
        Socket socket = slow.add(new Socket(InetAddress.getLoopbackAddress(), server.port()));
        if (i % 2 == 0) {
          socket.getOutputStream().write("GET /healthz HTTP/1.1\r\nHo".getBytes(US_ASCII));
          socket.getOutputStream().flush();
        }
      }
      long started = System.nanoTime();
      HttpResponse<String> health =
          http.send(
              HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + server.port() + "/healthz"))
                  .timeout(Duration.ofSeconds(2))
                  .build(),
              HttpResponse.BodyHandlers.ofString());
      assertThat(health.statusCode()).isEqualTo(200);
      assertThat(Duration.ofNanos(System.nanoTime() - started)).isLessThan(Duration.ofSeconds(2));

      Socket partial = slow.sockets.get(0);
      partial.setSoTimeout((int) ControlServer.MAX_REQUEST_TIME.plusSeconds(4).toMillis());
      started = System.nanoTime();
      int read;
      try {
        read = partial.getInputStream().read();
      } catch (SocketException reset) {
        read = -1;
      }
      assertThat(read).as("the server closes a request left unfinished").isEqualTo(-1);
      assertThat(Duration.ofNanos(System.nanoTime() - started))
          .isLessThan(ControlServer.MAX_REQUEST_TIME.plusSeconds(3));
    }
  }

  /** Sockets closed together at the end of a test. */
  private static final class Closer implements AutoCloseable {
    final List<Socket> sockets = new ArrayList<>();

    Socket add(Socket socket) {
      sockets.add(socket);
      return socket;
    }

    @Override
    public void close() throws IOException {
      for (Socket socket : sockets) {
        socket.close();
      }
    }
  }

  @Test
  void servesTheStatusPageProbesAndMetrics() throws Exception {
    try (ControlServer server = server(new FakeRun(), "")) {
      assertThat(get(server, "/").body()).contains("<script src=\"godwit.js\"");
      assertThat(get(server, "/godwit.js").statusCode()).isEqualTo(200);
      assertThat(get(server, "/healthz").statusCode()).isEqualTo(200);
      assertThat(get(server, "/readyz").statusCode()).isEqualTo(200);
      HttpResponse<String> metrics = get(server, "/metrics");
      assertThat(metrics.statusCode()).isEqualTo(200);
      assertThat(metrics.headers().firstValue("Content-Type").orElse("")).startsWith("text/plain");
    }
  }
}
