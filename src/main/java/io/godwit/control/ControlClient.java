package io.godwit.control;

import com.fasterxml.jackson.core.type.TypeReference;
import io.godwit.config.ControlSettings;
import io.godwit.error.ErrorCode;
import io.godwit.error.GodwitException;
import java.io.IOException;
import java.net.ConnectException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.Map;

/** Calls a running {@code godwit run}'s control API, for {@code godwit cutover} and validation. */
public final class ControlClient {

  private final ControlSettings settings;
  private final HttpClient http =
      HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();

  public ControlClient(ControlSettings settings) {
    this.settings = settings;
  }

  public Map<String, Object> get(String path) throws IOException, InterruptedException {
    return send(HttpRequest.newBuilder(uri(path)).GET(), path, Duration.ofSeconds(30));
  }

  public Map<String, Object> post(String path, Map<String, Object> body, Duration timeout)
      throws IOException, InterruptedException {
    HttpRequest.Builder request =
        HttpRequest.newBuilder(uri(path))
            .header("Content-Type", "application/json")
            .POST(HttpRequest.BodyPublishers.ofString(ControlServer.JSON.writeValueAsString(body)));
    if (!settings.token().isEmpty()) {
      request.header("Authorization", "Bearer " + settings.token().reveal());
    }
    return send(request, path, timeout);
  }

  private Map<String, Object> send(HttpRequest.Builder request, String path, Duration timeout)
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
    }
    Map<String, Object> body =
        ControlServer.JSON.readValue(response.body(), new TypeReference<Map<String, Object>>() {});
    if (response.statusCode() / 100 != 2) {
      throw new GodwitException(
          response.statusCode() == 400 ? ErrorCode.BAD_ARGUMENT : ErrorCode.CONTROL,
          "%s answered HTTP %d: %s"
              .formatted(path, response.statusCode(), body.getOrDefault("error", response.body())));
    }
    return body;
  }

  private URI uri(String path) {
    return URI.create("http://" + settings.listen() + path);
  }
}
