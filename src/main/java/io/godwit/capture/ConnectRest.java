package io.godwit.capture;

import com.fasterxml.jackson.core.type.TypeReference;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * The parts of Kafka Connect's REST API that Godwit reads about one connector: its configuration,
 * its state and its committed source offsets ({@code GET /connectors/{name}/offsets}, Kafka 3.6+).
 */
final class ConnectRest {

  private static final ObjectMapper JSON = new ObjectMapper();
  private static final Duration TIMEOUT = Duration.ofSeconds(10);

  /** A connector's state and its tasks' states; {@code trace} is the first failure's, if any. */
  record Status(String connector, List<String> tasks, Optional<String> trace) {

    boolean running() {
      return "RUNNING".equals(connector)
          && !tasks.isEmpty()
          && tasks.stream().allMatch("RUNNING"::equals);
    }

    boolean failed() {
      return "FAILED".equals(connector) || tasks.contains("FAILED");
    }
  }

  private final String baseUrl;
  private final String shownUrl;
  private final String connector;
  private final HttpClient http;

  /**
   * @param shownUrl {@code baseUrl} as messages may show it (user-info and references masked)
   */
  ConnectRest(String baseUrl, String shownUrl, String connector) {
    this.baseUrl = withoutSlash(baseUrl);
    this.shownUrl = withoutSlash(shownUrl);
    this.connector = connector;
    this.http = HttpClient.newBuilder().connectTimeout(TIMEOUT).build();
  }

  /** Where the connector lives, for messages: {@code <url>/connectors/<name>}. */
  String describe() {
    return shownUrl + "/connectors/" + connector;
  }

  private static String withoutSlash(String url) {
    return url.endsWith("/") ? url.substring(0, url.length() - 1) : url;
  }

  /** The connector's configuration, empty when the cluster has no connector of that name. */
  Optional<Map<String, String>> config() throws IOException {
    return get("/config").map(body -> JSON.convertValue(body, new TypeReference<>() {}));
  }

  /** The connector's and its tasks' states. */
  Status status() throws IOException {
    JsonNode body = get("/status").orElseThrow(this::missing);
    List<String> tasks = new ArrayList<>();
    Optional<String> trace = trace(body.path("connector"));
    for (JsonNode task : body.path("tasks")) {
      tasks.add(task.path("state").asText());
      if (trace.isEmpty()) {
        trace = trace(task);
      }
    }
    return new Status(body.path("connector").path("state").asText(), tasks, trace);
  }

  /**
   * The source offset the cluster committed for the connector: Connect commits an offset only once
   * Kafka acknowledged every record before it. Empty before the first commit.
   */
  Optional<Map<String, Object>> committedOffset() throws IOException {
    JsonNode offsets = get("/offsets").orElseThrow(this::missing).path("offsets");
    if (offsets.isEmpty()) {
      return Optional.empty();
    }
    if (offsets.size() > 1) {
      throw new IOException(
          "%s has %d source partitions in its offsets; a Debezium connector for one server has one"
              .formatted(describe(), offsets.size()));
    }
    JsonNode offset = offsets.get(0).path("offset");
    return offset.isObject()
        ? Optional.of(JSON.convertValue(offset, new TypeReference<>() {}))
        : Optional.empty();
  }

  private static Optional<String> trace(JsonNode state) {
    String trace = state.path("trace").asText("");
    if (trace.isEmpty()) {
      return Optional.empty();
    }
    int end = trace.indexOf('\n');
    return Optional.of(end < 0 ? trace : trace.substring(0, end));
  }

  private IOException missing() {
    return new IOException(describe() + " does not exist");
  }

  private Optional<JsonNode> get(String path) throws IOException {
    URI uri =
        URI.create(
            baseUrl
                + "/connectors/"
                + URLEncoder.encode(connector, StandardCharsets.UTF_8).replace("+", "%20")
                + path);
    HttpRequest request =
        HttpRequest.newBuilder(uri).timeout(TIMEOUT).header("Accept", "application/json").build();
    HttpResponse<String> response;
    try {
      response = http.send(request, HttpResponse.BodyHandlers.ofString(StandardCharsets.UTF_8));
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IOException("interrupted while asking " + describe() + path, e);
    }
    if (response.statusCode() == 404) {
      return Optional.empty();
    }
    if (response.statusCode() != 200) {
      throw new IOException(
          "GET %s answered %d: %s"
              .formatted(describe() + path, response.statusCode(), response.body()));
    }
    return Optional.of(JSON.readTree(response.body()));
  }
}
