package io.godwit.control;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import com.fasterxml.jackson.datatype.jsr310.JavaTimeModule;
import com.sun.net.httpserver.Headers;
import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import com.sun.net.httpserver.HttpsConfigurator;
import com.sun.net.httpserver.HttpsServer;
import io.godwit.config.ControlSettings;
import io.godwit.config.HostPort;
import io.godwit.error.ErrorCode;
import io.godwit.error.GodwitException;
import io.micrometer.prometheusmetrics.PrometheusMeterRegistry;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.net.InetSocketAddress;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.time.Duration;
import java.util.Base64;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeoutException;
import java.util.stream.Collectors;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The running migration's HTTP API: the status page at {@code /}, {@code GET /api/status}, {@code
 * GET /metrics} (Prometheus), {@code /healthz} and {@code /readyz} for probes, and the mutating
 * calls {@code POST /api/cutover}, {@code /api/cutover/confirm}, {@code /api/cutover/abort}, the
 * same three under {@code /api/rollback}, {@code /api/throttle}, {@code /api/apply/pause}, {@code
 * /api/apply/resume}, {@code /api/drain}, {@code /api/reverse/drain} and {@code
 * /api/tables/{t}/resnapshot}. Mutating calls need {@code Authorization: Bearer <control.token>};
 * with no token configured they are refused. With {@code control.read-token} the status page and
 * the reads need a token too; with {@code control.tls.certificate} and {@code control.tls.key} it
 * serves HTTPS only.
 */
public final class ControlServer implements AutoCloseable {

  private static final Logger log = LoggerFactory.getLogger(ControlServer.class);
  static final ObjectMapper JSON =
      new ObjectMapper()
          .registerModule(new JavaTimeModule())
          .disable(SerializationFeature.WRITE_DATES_AS_TIMESTAMPS);

  /** How long a client may take to send a whole request before it is disconnected. */
  static final Duration MAX_REQUEST_TIME = Duration.ofSeconds(5);

  private static final int MAX_BODY_BYTES = 64 * 1024;

  /**
   * The status page loads its script, style and data from this server only; its icon is an empty
   * {@code data:} URL; no other site may frame it.
   */
  static final String CONTENT_SECURITY_POLICY =
      "default-src 'self'; img-src 'self' data:; base-uri 'none'; form-action 'none';"
          + " frame-ancestors 'none'";

  /**
   * What {@code control.read-token} guards: the status page and the API's reads. Probes and {@code
   * /metrics} (names and figures only, no rows or errors) stay open for Kubernetes and Prometheus.
   */
  private static final Set<String> READS =
      Set.of(
          "GET /",
          "GET /index.html",
          "GET /godwit.js",
          "GET /godwit.css",
          "GET /api/status",
          "GET /api/cutover",
          "GET /api/rollback");

  /** The longest {@code POST /api/drain?timeout=} accepted. */
  static final Duration MAX_DRAIN = Duration.ofMinutes(10);

  /**
   * How long the server may take from a whole request to the end of its response, the handler's
   * work included: longer than the longest drain, so that only a client that stops reading is cut.
   */
  static final Duration MAX_RESPONSE_TIME = MAX_DRAIN.plusMinutes(1);

  /**
   * Request threads: enough that a handful of slow clients or a long drain cannot starve probes.
   */
  static final int THREADS = 64;

  private static final String TABLES = "/api/tables/";
  private static final String RESNAPSHOT = "/resnapshot";

  static {
    // The JDK's server reads these once, when its first server is created; without them a client
    // that sends half a request holds a request thread forever.
    System.getProperties()
        .putIfAbsent("sun.net.httpserver.maxReqTime", String.valueOf(MAX_REQUEST_TIME.toSeconds()));
    System.getProperties()
        .putIfAbsent(
            "sun.net.httpserver.maxRspTime", String.valueOf(MAX_RESPONSE_TIME.toSeconds()));
  }

  private final HttpServer server;
  private final ExecutorService executor;
  private final ControlledRun run;
  private final PrometheusMeterRegistry metrics;
  private final byte[] token;
  private final byte[] readToken;
  private final Set<String> allowedHosts;

  private ControlServer(
      HttpServer server,
      ControlledRun run,
      PrometheusMeterRegistry metrics,
      String token,
      String readToken,
      List<String> allowedHosts) {
    this.server = server;
    this.run = run;
    this.metrics = metrics;
    this.token = token.isEmpty() ? null : token.getBytes(StandardCharsets.UTF_8);
    this.readToken = readToken.isEmpty() ? null : readToken.getBytes(StandardCharsets.UTF_8);
    this.allowedHosts =
        allowedHosts.stream()
            .map(name -> name.toLowerCase(Locale.ROOT))
            .collect(Collectors.toUnmodifiableSet());
    this.executor = Executors.newFixedThreadPool(THREADS, daemon());
    server.setExecutor(executor);
    server.createContext("/", this::handle);
  }

  /**
   * Binds {@code control.listen} and starts serving.
   *
   * @throws UncheckedIOException naming the address and the fix when it cannot be bound
   * @throws IllegalStateException when the address is not loopback and there is no token
   */
  public static ControlServer start(
      ControlSettings settings, ControlledRun run, PrometheusMeterRegistry metrics) {
    InetSocketAddress address =
        new InetSocketAddress(settings.listen().host(), settings.listen().port());
    if (settings.token().isEmpty()
        && (address.isUnresolved() || !address.getAddress().isLoopbackAddress())) {
      throw new GodwitException(
          ErrorCode.CONFIG,
          "refusing to serve the control API on %s, which is reachable from other hosts, without"
                  .formatted(settings.listen())
              + " a control.token; fix: set control.token (e.g. ${env:GODWIT_TOKEN}), or listen"
              + " on 127.0.0.1");
    }
    boolean loopback = !address.isUnresolved() && address.getAddress().isLoopbackAddress();
    boolean tls = !settings.tls().certificate().isEmpty();
    HttpServer server;
    try {
      if (tls) {
        HttpsServer https = HttpsServer.create(address, 16);
        https.setHttpsConfigurator(new HttpsConfigurator(ControlTls.server(settings.tls())));
        server = https;
      } else {
        server = HttpServer.create(address, 16);
      }
    } catch (IOException e) {
      throw new UncheckedIOException(
          "cannot listen on %s for the control API: %s; fix: set control.listen to a free port, or stop the process that uses it"
              .formatted(settings.listen(), e.getMessage()),
          e);
    }
    ControlServer control =
        new ControlServer(
            server,
            run,
            metrics,
            settings.token().reveal(),
            settings.readToken().reveal(),
            settings.allowedHosts());
    server.start();
    log.info(
        "Control API and status page on {}://{}/{}{}",
        tls ? "https" : "http",
        new HostPort(settings.listen().host(), control.port()),
        control.token == null ? " (no control.token: cutover, abort and throttle are refused)" : "",
        control.readToken == null ? "" : " (reads need control.read-token)");
    if (!loopback && !tls) {
      log.warn(
          "The control API on {} is reachable from other hosts in plain HTTP: control.token and"
              + " what the API serves cross the network in clear text; fix: set"
              + " control.tls.certificate and control.tls.key, or reach it only through a tunnel",
          settings.listen());
    }
    return control;
  }

  /** The port bound: the one in {@code control.listen}, or the system's choice for port 0. */
  public int port() {
    return server.getAddress().getPort();
  }

  @Override
  public void close() {
    server.stop(0);
    executor.shutdownNow();
  }

  private void handle(HttpExchange exchange) throws IOException {
    try (exchange) {
      // HEAD is answered as GET, without the body (send leaves it out).
      String method =
          exchange.getRequestMethod().equals("HEAD") ? "GET" : exchange.getRequestMethod();
      String path = exchange.getRequestURI().getPath();
      try {
        checkHost(exchange);
        route(exchange, method, path);
      } catch (HttpError e) {
        sendJson(exchange, e.status, Map.of("error", e.getMessage()));
      } catch (TimeoutException e) {
        sendJson(exchange, 504, Map.of("error", String.valueOf(e.getMessage())));
      } catch (GodwitException e) {
        int status = e.code().exitCode() == ErrorCode.Exit.USAGE ? 400 : 409;
        sendJson(exchange, status, Map.of("error", String.valueOf(e.getMessage())));
      } catch (IllegalStateException | IllegalArgumentException e) {
        sendJson(exchange, 409, Map.of("error", String.valueOf(e.getMessage())));
      } catch (Exception e) {
        log.warn("Control API {} {} failed", method, path, e);
        sendJson(exchange, 500, Map.of("error", String.valueOf(e.getMessage())));
      }
    }
  }

  private void route(HttpExchange exchange, String method, String path) throws Exception {
    if (READS.contains(method + " " + path)) {
      authorizeRead(exchange);
    }
    if (method.equals("POST") && path.startsWith(TABLES) && path.endsWith(RESNAPSHOT)) {
      authorize(exchange);
      body(exchange, RequestBody.EMPTY);
      sendJson(exchange, 202, run.resnapshot(List.of(resnapshotTable(path))));
      return;
    }
    switch (method + " " + path) {
      case "GET /", "GET /index.html" -> sendResource(exchange, "index.html", "text/html");
      case "GET /godwit.js" -> sendResource(exchange, "godwit.js", "text/javascript");
      case "GET /godwit.css" -> sendResource(exchange, "godwit.css", "text/css");
      case "GET /healthz" -> sendJson(exchange, 200, Map.of("alive", true));
      case "GET /readyz" ->
          sendJson(exchange, run.ready() ? 200 : 503, Map.of("ready", run.ready()));
      case "GET /metrics" ->
          send(exchange, 200, "text/plain; version=0.0.4; charset=utf-8", metrics.scrape());
      case "GET /api/status" -> sendJson(exchange, 200, run.status());
      case "GET /api/cutover" -> sendJson(exchange, 200, run.cutoverView());
      case "POST /api/cutover" -> {
        authorize(exchange);
        sendJson(exchange, 202, run.cutover(body(exchange, RequestBody.CUTOVER).onlyCheck()));
      }
      case "POST /api/cutover/confirm" -> {
        authorize(exchange);
        body(exchange, RequestBody.EMPTY);
        sendJson(exchange, 200, run.confirmFreeze());
      }
      case "POST /api/cutover/abort" -> {
        authorize(exchange);
        String reason = body(exchange, RequestBody.ABORT).reason();
        sendJson(
            exchange, 200, run.abortCutover(reason == null ? "aborted by the operator" : reason));
      }
      case "GET /api/rollback" -> sendJson(exchange, 200, run.rollbackView());
      case "POST /api/rollback" -> {
        authorize(exchange);
        sendJson(exchange, 202, run.rollback(body(exchange, RequestBody.CUTOVER).onlyCheck()));
      }
      case "POST /api/rollback/confirm" -> {
        authorize(exchange);
        body(exchange, RequestBody.EMPTY);
        sendJson(exchange, 200, run.confirmRollbackFreeze());
      }
      case "POST /api/rollback/abort" -> {
        authorize(exchange);
        String reason = body(exchange, RequestBody.ABORT).reason();
        sendJson(
            exchange, 200, run.abortRollback(reason == null ? "aborted by the operator" : reason));
      }
      case "POST /api/throttle" -> {
        authorize(exchange);
        RequestBody.Throttle body = body(exchange, RequestBody.THROTTLE);
        if (body.rowsPerSecond() == null || body.rowsPerSecond() < 0) {
          throw new HttpError(
              400,
              "field 'rowsPerSecond' must be 0 or more (0 for no ceiling), found %s; send e.g. %s"
                  .formatted(body.rowsPerSecond(), RequestBody.THROTTLE.form()));
        }
        long now = run.throttle(body.rowsPerSecond(), body.paused());
        sendJson(exchange, 200, Map.of("rowsPerSecond", now));
      }
      case "POST /api/apply/pause", "POST /api/apply/resume" -> {
        authorize(exchange);
        boolean pause = path.endsWith("/pause");
        sendJson(
            exchange, 200, run.applyPaused(applyTables(body(exchange, RequestBody.TABLES)), pause));
      }
      case "POST /api/drain", "POST /api/reverse/drain" -> {
        authorize(exchange);
        body(exchange, RequestBody.EMPTY);
        long started = System.nanoTime();
        Duration timeout = Duration.ofSeconds(timeoutSeconds(exchange.getRequestURI()));
        if (path.startsWith("/api/reverse/")) {
          run.drainReverse(timeout);
        } else {
          run.drain(timeout);
        }
        sendJson(exchange, 200, new Drained(true, (System.nanoTime() - started) / 1e9));
      }
      default ->
          throw new HttpError(
              404, "no %s %s; see docs/control-api.md for the endpoints".formatted(method, path));
    }
  }

  /**
   * Answers only requests whose {@code Host} is an IP address, {@code localhost} or a name in
   * {@code control.allowed-hosts}: a web page that rebinds its own name to this address cannot read
   * or call the API from the operator's browser.
   */
  private void checkHost(HttpExchange exchange) throws HttpError {
    List<String> headers = exchange.getRequestHeaders().get("Host");
    String header = headers == null || headers.size() != 1 ? null : headers.get(0).strip();
    String name = header == null ? null : hostName(header);
    if (name != null
        && (HostPort.isIpLiteral(name)
            || name.equalsIgnoreCase("localhost")
            || allowedHosts.contains(name.toLowerCase(Locale.ROOT)))) {
      return;
    }
    String given = header == null ? "no single Host header" : "Host '" + header + "'";
    log.warn(
        "Refused {} {} from {}: {}",
        exchange.getRequestMethod(),
        exchange.getRequestURI().getPath(),
        exchange.getRemoteAddress(),
        given);
    throw new HttpError(
        421,
        given
            + " is not an IP address, localhost or a name in control.allowed-hosts; fix: reach"
            + " the API by its address, or add the name to control.allowed-hosts");
  }

  /** The host of a {@code Host} header, {@code host}, {@code host:port} or {@code [v6]:port}. */
  private static String hostName(String header) {
    String host = header;
    String port = "";
    if (header.startsWith("[")) {
      int close = header.indexOf(']');
      if (close < 0) {
        return null;
      }
      host = header.substring(1, close);
      port = header.substring(close + 1);
      return (port.isEmpty() || port.matches(":\\d{1,5}")) && host.contains(":") ? host : null;
    }
    int colon = header.indexOf(':');
    if (colon >= 0) {
      host = header.substring(0, colon);
      port = header.substring(colon);
    }
    return port.isEmpty() || port.matches(":\\d{1,5}") ? host : null;
  }

  /**
   * With {@code control.read-token} set, the status page and the API's reads need it (or {@code
   * control.token}) as a bearer token, or as the password of HTTP Basic, which a browser asks the
   * person for.
   */
  private void authorizeRead(HttpExchange exchange) throws HttpError {
    if (readToken == null) {
      return;
    }
    String header = exchange.getRequestHeaders().getFirst("Authorization");
    byte[] given = new byte[0];
    if (header != null && header.regionMatches(true, 0, "Bearer ", 0, 7)) {
      given = header.substring(7).strip().getBytes(StandardCharsets.UTF_8);
    } else if (header != null && header.regionMatches(true, 0, "Basic ", 0, 6)) {
      given = basicPassword(header.substring(6).strip());
    }
    if (MessageDigest.isEqual(readToken, given)
        || (token != null && MessageDigest.isEqual(token, given))) {
      return;
    }
    log.warn(
        "Refused GET {} from {}: {}",
        exchange.getRequestURI().getPath(),
        exchange.getRemoteAddress(),
        header == null ? "no Authorization header" : "wrong read token");
    exchange
        .getResponseHeaders()
        .set("WWW-Authenticate", "Basic realm=\"godwit\", charset=\"UTF-8\"");
    throw new HttpError(
        401,
        "reading needs control.read-token: send 'Authorization: Bearer <control.read-token>'"
            + " (a browser asks for it: any user name, the token as password)");
  }

  /** The password of an HTTP Basic credential; nothing when it is not one. */
  private static byte[] basicPassword(String credential) {
    byte[] decoded;
    try {
      decoded = Base64.getDecoder().decode(credential);
    } catch (IllegalArgumentException e) {
      return new byte[0];
    }
    String userAndPassword = new String(decoded, StandardCharsets.UTF_8);
    int colon = userAndPassword.indexOf(':');
    return colon < 0
        ? new byte[0]
        : userAndPassword.substring(colon + 1).getBytes(StandardCharsets.UTF_8);
  }

  private void authorize(HttpExchange exchange) throws HttpError {
    String remote = String.valueOf(exchange.getRemoteAddress());
    String path = exchange.getRequestURI().getPath();
    if (token == null) {
      log.warn("Refused POST {} from {}: no control.token is configured", path, remote);
      throw new HttpError(
          403,
          "mutating calls are refused because no control.token is configured; fix: set"
              + " control.token in the migration file (e.g. ${env:GODWIT_TOKEN}) and restart");
    }
    String header = exchange.getRequestHeaders().getFirst("Authorization");
    // The scheme is case-insensitive (RFC 7235): Bearer, bearer and BEARER are one.
    byte[] given =
        header != null && header.regionMatches(true, 0, "Bearer ", 0, 7)
            ? header.substring(7).strip().getBytes(StandardCharsets.UTF_8)
            : new byte[0];
    if (!MessageDigest.isEqual(token, given)) {
      log.warn(
          "Refused POST {} from {}: {}",
          path,
          remote,
          header == null ? "no Authorization header" : "wrong bearer token");
      throw new HttpError(
          401, "a valid 'Authorization: Bearer <control.token>' header is required");
    }
  }

  /** The table of {@code POST /api/tables/{t}/resnapshot}, its source name (decoded). */
  private static String resnapshotTable(String path) throws HttpError {
    String table = path.substring(TABLES.length(), path.length() - RESNAPSHOT.length());
    if (table.isBlank() || table.contains("/")) {
      throw new HttpError(
          400,
          ("name one table by its source name, as GET /api/status lists it:"
                  + " POST %s<table>%s, found %s")
              .formatted(TABLES, RESNAPSHOT, path));
    }
    return table;
  }

  /**
   * The tables a pause or resume names: {@code tables} (at least one, each a non-empty name), or
   * every table for {@code all: true} (empty list); both or neither is refused.
   */
  private static List<String> applyTables(RequestBody.Tables body) throws HttpError {
    boolean all = Boolean.TRUE.equals(body.all());
    if (body.all() != null && !all) {
      throw new HttpError(
          400,
          "field 'all' may only be true; name the tables instead, send e.g. "
              + RequestBody.TABLES.form());
    }
    if (all == (body.tables() != null)) {
      throw new HttpError(
          400,
          "send either 'tables' or 'all', not %s; send e.g. %s"
              .formatted(all ? "both" : "neither", RequestBody.TABLES.form()));
    }
    if (all) {
      return List.of();
    }
    if (body.tables().isEmpty() || body.tables().stream().anyMatch(t -> t == null || t.isBlank())) {
      throw new HttpError(
          400,
          "field 'tables' must name at least one table, each a non-empty name, found %s; send e.g. %s"
              .formatted(body.tables(), RequestBody.TABLES.form()));
    }
    return body.tables();
  }

  private static long timeoutSeconds(URI uri) throws HttpError {
    String query = uri.getRawQuery();
    if (query == null) {
      return 60;
    }
    for (String part : query.split("&")) {
      if (part.startsWith("timeout=")) {
        long seconds;
        try {
          seconds = Long.parseLong(part.substring(8));
        } catch (NumberFormatException e) {
          seconds = 0;
        }
        if (seconds <= 0 || seconds > MAX_DRAIN.toSeconds()) {
          throw new HttpError(
              400,
              "timeout must be a number of seconds from 1 to %d, found %s"
                  .formatted(MAX_DRAIN.toSeconds(), part));
        }
        return seconds;
      }
    }
    return 60;
  }

  private static <T> T body(HttpExchange exchange, RequestBody.Shape<T> shape)
      throws IOException, HttpError {
    byte[] bytes = exchange.getRequestBody().readNBytes(MAX_BODY_BYTES + 1);
    if (bytes.length > MAX_BODY_BYTES) {
      throw new HttpError(
          400,
          "the body is longer than %d bytes; send e.g. %s".formatted(MAX_BODY_BYTES, shape.form()));
    }
    return RequestBody.read(bytes, shape);
  }

  private static void sendResource(HttpExchange exchange, String name, String type)
      throws IOException {
    try (InputStream in = ControlServer.class.getResourceAsStream(name)) {
      if (in == null) {
        throw new IOException("status page resource missing: " + name);
      }
      send(
          exchange,
          200,
          type + "; charset=utf-8",
          new String(in.readAllBytes(), StandardCharsets.UTF_8));
    }
  }

  private static void sendJson(HttpExchange exchange, int status, Object body) throws IOException {
    send(exchange, status, "application/json", JSON.writeValueAsString(body));
  }

  private static void send(HttpExchange exchange, int status, String type, String body)
      throws IOException {
    byte[] bytes = body.getBytes(StandardCharsets.UTF_8);
    Headers headers = exchange.getResponseHeaders();
    headers.set("Content-Type", type);
    headers.set("Cache-Control", "no-store");
    headers.set("X-Content-Type-Options", "nosniff");
    headers.set("Content-Security-Policy", CONTENT_SECURITY_POLICY);
    headers.set("X-Frame-Options", "DENY");
    headers.set("Referrer-Policy", "no-referrer");
    if (exchange.getRequestMethod().equals("HEAD")) {
      // The JDK server sends no body for HEAD and wants the length set by hand.
      headers.set("Content-Length", String.valueOf(bytes.length));
      exchange.sendResponseHeaders(status, -1);
      return;
    }
    exchange.sendResponseHeaders(status, bytes.length);
    exchange.getResponseBody().write(bytes);
  }

  private static java.util.concurrent.ThreadFactory daemon() {
    return r -> {
      Thread t = new Thread(r, "godwit-control");
      t.setDaemon(true);
      return t;
    };
  }

  /** An error answered with its status code and message. */
  static final class HttpError extends Exception {
    final int status;

    HttpError(int status, String message) {
      super(message);
      this.status = status;
    }
  }
}
