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
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeoutException;
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

  /**
   * The status page loads its script, style and data from this server only; its icon is an empty
   * {@code data:} URL; no other site may frame it.
   */
  static final String CONTENT_SECURITY_POLICY =
      "default-src 'self'; img-src 'self' data:; base-uri 'none'; form-action 'none';"
          + " frame-ancestors 'none'";

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
  private final ControlAccess access;

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
    this.access = new ControlAccess(token, readToken, allowedHosts);
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
        control.access.hasToken()
            ? ""
            : " (no control.token: cutover, abort and throttle are refused)",
        control.access.hasReadToken() ? " (reads need control.read-token)" : "");
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
        access.checkHost(exchange);
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
    access.authorizeRead(exchange, method + " " + path);
    if (method.equals("POST") && ControlRequests.isResnapshot(path)) {
      access.authorize(exchange);
      ControlRequests.body(exchange, RequestBody.EMPTY);
      sendJson(exchange, 202, run.resnapshot(List.of(ControlRequests.resnapshotTable(path))));
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
        access.authorize(exchange);
        sendJson(
            exchange,
            202,
            run.cutover(ControlRequests.body(exchange, RequestBody.CUTOVER).onlyCheck()));
      }
      case "POST /api/cutover/confirm" -> {
        access.authorize(exchange);
        ControlRequests.body(exchange, RequestBody.EMPTY);
        sendJson(exchange, 200, run.confirmFreeze());
      }
      case "POST /api/cutover/abort" -> {
        access.authorize(exchange);
        String reason = ControlRequests.body(exchange, RequestBody.ABORT).reason();
        sendJson(
            exchange, 200, run.abortCutover(reason == null ? "aborted by the operator" : reason));
      }
      case "GET /api/rollback" -> sendJson(exchange, 200, run.rollbackView());
      case "POST /api/rollback" -> {
        access.authorize(exchange);
        sendJson(
            exchange,
            202,
            run.rollback(ControlRequests.body(exchange, RequestBody.CUTOVER).onlyCheck()));
      }
      case "POST /api/rollback/confirm" -> {
        access.authorize(exchange);
        ControlRequests.body(exchange, RequestBody.EMPTY);
        sendJson(exchange, 200, run.confirmRollbackFreeze());
      }
      case "POST /api/rollback/abort" -> {
        access.authorize(exchange);
        String reason = ControlRequests.body(exchange, RequestBody.ABORT).reason();
        sendJson(
            exchange, 200, run.abortRollback(reason == null ? "aborted by the operator" : reason));
      }
      case "POST /api/throttle" -> {
        access.authorize(exchange);
        RequestBody.Throttle body = ControlRequests.body(exchange, RequestBody.THROTTLE);
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
        access.authorize(exchange);
        boolean pause = path.endsWith("/pause");
        sendJson(
            exchange,
            200,
            run.applyPaused(
                ControlRequests.applyTables(ControlRequests.body(exchange, RequestBody.TABLES)),
                pause));
      }
      case "POST /api/drain", "POST /api/reverse/drain" -> {
        access.authorize(exchange);
        ControlRequests.body(exchange, RequestBody.EMPTY);
        long started = System.nanoTime();
        Duration timeout =
            Duration.ofSeconds(ControlRequests.timeoutSeconds(exchange.getRequestURI()));
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
}
