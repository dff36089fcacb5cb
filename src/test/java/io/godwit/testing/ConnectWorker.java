package io.godwit.testing;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;
import org.apache.kafka.connect.cli.ConnectStandalone;
import org.apache.kafka.connect.json.JsonConverter;
import org.apache.kafka.connect.runtime.Connect;
import org.apache.kafka.connect.runtime.standalone.StandaloneHerder;

/**
 * A real Kafka Connect worker (Apache Kafka's {@code connect-runtime}, standalone mode) in this
 * process, with its REST API on a loopback port the system picks; connectors are created through
 * that API as an operator would. Debezium's connectors are found on the class path.
 */
public final class ConnectWorker implements AutoCloseable {

  private static final ObjectMapper JSON = new ObjectMapper();

  private final Connect<StandaloneHerder> connect;
  private final String url;
  private final HttpClient http = HttpClient.newHttpClient();

  private ConnectWorker(Connect<StandaloneHerder> connect, String url) {
    this.connect = connect;
    this.url = url;
  }

  /** Starts a worker writing to {@code bootstrapServers}, offsets flushed every second. */
  public static ConnectWorker start(String bootstrapServers, Path dir) throws Exception {
    Map<String, String> worker =
        Map.of(
            "bootstrap.servers",
            bootstrapServers,
            "listeners",
            "http://127.0.0.1:0",
            "key.converter",
            JsonConverter.class.getName(),
            "value.converter",
            JsonConverter.class.getName(),
            "offset.storage.file.filename",
            dir.resolve("connect.offsets").toString(),
            "offset.flush.interval.ms",
            "1000",
            "plugin.discovery",
            "only_scan");
    Connect<StandaloneHerder> connect = new ConnectStandalone().startConnect(worker);
    // the REST server binds port 0 and reports the port the system gave it
    String url = connect.rest().serverUrl().toString();
    return new ConnectWorker(connect, url.endsWith("/") ? url.substring(0, url.length() - 1) : url);
  }

  /** The REST API's base URL. */
  public String url() {
    return url;
  }

  /** Creates or updates a connector, as {@code PUT /connectors/{name}/config}. */
  public void put(String name, Map<String, String> config) throws Exception {
    HttpResponse<String> response =
        http.send(
            HttpRequest.newBuilder(URI.create(url + "/connectors/" + name + "/config"))
                .header("Content-Type", "application/json")
                .PUT(HttpRequest.BodyPublishers.ofString(JSON.writeValueAsString(config)))
                .build(),
            HttpResponse.BodyHandlers.ofString());
    if (response.statusCode() / 100 != 2) {
      throw new IllegalStateException(
          "PUT connector " + name + ": " + response.statusCode() + " " + response.body());
    }
  }

  /** Waits until the connector and its task run; fails with the task's trace otherwise. */
  public void awaitRunning(String name, Duration timeout) throws Exception {
    long deadline = System.nanoTime() + timeout.toNanos();
    String last = "";
    while (System.nanoTime() < deadline) {
      HttpResponse<String> response =
          http.send(
              HttpRequest.newBuilder(URI.create(url + "/connectors/" + name + "/status")).build(),
              HttpResponse.BodyHandlers.ofString());
      last = response.body();
      if (response.statusCode() == 200) {
        JsonNode status = JSON.readTree(last);
        JsonNode tasks = status.path("tasks");
        if (tasks.size() > 0 && "FAILED".equals(tasks.get(0).path("state").asText())) {
          throw new IllegalStateException("connector " + name + " failed: " + last);
        }
        if ("RUNNING".equals(status.path("connector").path("state").asText())
            && tasks.size() > 0
            && "RUNNING".equals(tasks.get(0).path("state").asText())) {
          return;
        }
      }
      Thread.sleep(250);
    }
    throw new IllegalStateException("connector " + name + " not running: " + last);
  }

  @Override
  public void close() {
    connect.stop();
    connect.awaitStop();
  }
}
