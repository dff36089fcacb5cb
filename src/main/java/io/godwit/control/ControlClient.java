package io.godwit.control;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.JsonNode;
import io.godwit.config.ControlSettings;
import io.godwit.config.Secret;
import io.godwit.error.ErrorCode;
import io.godwit.error.GodwitException;
import java.io.IOException;
import java.net.ConnectException;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Map;
import javax.net.ssl.SSLHandshakeException;

/**
 * Calls a running {@code godwit run}'s control API, for {@code godwit cutover}, {@code godwit
 * rollback}, {@code godwit resnapshot} and validation; the answers are read into the records the
 * server writes.
 */
public final class ControlClient {

  private final ControlSettings settings;
  private final HttpClient http;

  public ControlClient(ControlSettings settings) {
    this.settings = settings;
    HttpClient.Builder http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5));
    if (settings.tls().enabled()) {
      http.sslContext(ControlTls.client(settings.tls()));
    }
    this.http = http.build();
  }

  /** {@code GET /api/status}. */
  public StatusView status() throws IOException, InterruptedException {
    return get("/api/status", StatusView.class);
  }

  /** {@code GET /api/cutover}. */
  public CutoverDocument cutoverView() throws IOException, InterruptedException {
    return get("/api/cutover", CutoverDocument.class);
  }

  /** {@code POST /api/cutover}: starts the cutover, or with {@code dryRun} checks it. */
  public CutoverDocument cutover(boolean dryRun) throws IOException, InterruptedException {
    return start("/api/cutover", dryRun);
  }

  /** {@code POST /api/cutover/confirm}: the operator stopped the writes. */
  public CutoverDocument confirm() throws IOException, InterruptedException {
    return confirm("/api/cutover");
  }

  /** {@code POST /api/cutover/abort}. */
  public CutoverDocument abort(String reason) throws IOException, InterruptedException {
    return abort("/api/cutover", reason);
  }

  /** {@code GET /api/rollback}. */
  public CutoverDocument rollbackView() throws IOException, InterruptedException {
    return get("/api/rollback", CutoverDocument.class);
  }

  /** {@code POST /api/rollback}: starts the rollback, or with {@code dryRun} checks it. */
  public CutoverDocument rollback(boolean dryRun) throws IOException, InterruptedException {
    return start("/api/rollback", dryRun);
  }

  /** {@code POST /api/rollback/confirm}: the operator stopped the writes to the target. */
  public CutoverDocument confirmRollback() throws IOException, InterruptedException {
    return confirm("/api/rollback");
  }

  /** {@code POST /api/rollback/abort}. */
  public CutoverDocument abortRollback(String reason) throws IOException, InterruptedException {
    return abort("/api/rollback", reason);
  }

  private CutoverDocument start(String path, boolean dryRun)
      throws IOException, InterruptedException {
    return post(path, Map.of("dryRun", dryRun), Duration.ofSeconds(60), CutoverDocument.class);
  }

  private CutoverDocument confirm(String path) throws IOException, InterruptedException {
    return post(path + "/confirm", Map.of(), Duration.ofSeconds(30), CutoverDocument.class);
  }

  private CutoverDocument abort(String path, String reason)
      throws IOException, InterruptedException {
    return post(
        path + "/abort", Map.of("reason", reason), Duration.ofSeconds(60), CutoverDocument.class);
  }

  /** {@code POST /api/drain}: waits up to {@code timeout} for proven zero lag. */
  public Drained drain(Duration timeout) throws IOException, InterruptedException {
    return drain("/api/drain", timeout);
  }

  /** {@code POST /api/reverse/drain}: waits up to {@code timeout} for the reverse stream's. */
  public Drained drainReverse(Duration timeout) throws IOException, InterruptedException {
    return drain("/api/reverse/drain", timeout);
  }

  private Drained drain(String path, Duration timeout) throws IOException, InterruptedException {
    return post(
        path + "?timeout=" + Math.max(1, timeout.toSeconds()),
        Map.of(),
        timeout.plusSeconds(10),
        Drained.class);
  }

  /** {@code POST /api/tables/{t}/resnapshot}: asks the run to copy {@code table} again. */
  public Resnapshots resnapshot(String table) throws IOException, InterruptedException {
    return post(
        "/api/tables/" + URLEncoder.encode(table, StandardCharsets.UTF_8) + "/resnapshot",
        Map.of(),
        Duration.ofSeconds(30),
        Resnapshots.class);
  }

  private <T> T get(String path, Class<T> type) throws IOException, InterruptedException {
    HttpRequest.Builder request = HttpRequest.newBuilder(uri(path)).GET();
    Secret read = settings.readToken().isEmpty() ? settings.token() : settings.readToken();
    if (!read.isEmpty()) {
      request.header("Authorization", "Bearer " + read.reveal());
    }
    return send(request, path, Duration.ofSeconds(30), type);
  }

  private <T> T post(String path, Map<String, Object> body, Duration timeout, Class<T> type)
      throws IOException, InterruptedException {
    HttpRequest.Builder request =
        HttpRequest.newBuilder(uri(path))
            .header("Content-Type", "application/json")
            .POST(HttpRequest.BodyPublishers.ofString(ControlServer.JSON.writeValueAsString(body)));
    if (!settings.token().isEmpty()) {
      request.header("Authorization", "Bearer " + settings.token().reveal());
    }
    return send(request, path, timeout, type);
  }

  private <T> T send(HttpRequest.Builder request, String path, Duration timeout, Class<T> type)
      throws IOException, InterruptedException {
    HttpResponse<String> response;
    try {
      response = http.send(request.timeout(timeout).build(), HttpResponse.BodyHandlers.ofString());
    } catch (ConnectException e) {
      throw new GodwitException(
          ErrorCode.CONTROL,
          "no godwit run answers on %s (control.listen); fix: start `godwit run -c FILE`, or set control.listen to where it listens"
              .formatted(settings.listen()),
          e);
    } catch (SSLHandshakeException e) {
      throw new GodwitException(
          ErrorCode.CONTROL,
          ("the control API on %s did not prove who it is over TLS (%s); fix: set control.tls.ca"
                  + " to the CA that signed its certificate (control.tls.certificate), and make"
                  + " the certificate name the host of control.listen")
              .formatted(settings.listen(), e.getMessage()),
          e);
    }
    if (response.statusCode() / 100 != 2) {
      throw new GodwitException(
          response.statusCode() == 400 ? ErrorCode.BAD_ARGUMENT : ErrorCode.CONTROL,
          "%s answered HTTP %d: %s".formatted(path, response.statusCode(), error(response.body())));
    }
    return ControlServer.JSON
        .readerFor(type)
        .without(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES)
        .readValue(response.body());
  }

  /** The {@code error} field of an error answer, or the whole answer when it has none. */
  private static String error(String body) {
    try {
      JsonNode error = ControlServer.JSON.readTree(body).get("error");
      return error == null ? body : error.asText();
    } catch (JsonProcessingException e) {
      return body;
    }
  }

  private URI uri(String path) {
    return URI.create(settings.scheme() + "://" + settings.listen() + path);
  }
}
