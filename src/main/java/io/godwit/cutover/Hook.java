package io.godwit.cutover;

import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.concurrent.TimeUnit;

/**
 * An operator's hook: a URL ({@code http://} or {@code https://}, called with POST) or a shell
 * command ({@code sh -c}). It must succeed (2xx, or exit 0) within the time given.
 */
record Hook(String name, String command) {

  boolean isSet() {
    return !command.isBlank();
  }

  /** Runs the hook; returns its output's last line, or throws naming the hook and the failure. */
  String run(Duration timeout) throws Exception {
    if (command.startsWith("http://") || command.startsWith("https://")) {
      return call(timeout);
    }
    Process process = new ProcessBuilder("sh", "-c", command).redirectErrorStream(true).start();
    if (!process.waitFor(timeout.toMillis(), TimeUnit.MILLISECONDS)) {
      process.destroyForcibly();
      throw new IOException(
          "cutover.%s did not finish within %d s: %s"
              .formatted(name, timeout.toSeconds(), command));
    }
    String output = new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
    if (process.exitValue() != 0) {
      throw new IOException(
          "cutover.%s exited with %d: %s; output: %s"
              .formatted(name, process.exitValue(), command, lastLine(output)));
    }
    return "cutover.%s ran: %s".formatted(name, lastLine(output));
  }

  private String call(Duration timeout) throws Exception {
    HttpClient client = HttpClient.newBuilder().connectTimeout(timeout).build();
    HttpResponse<String> response =
        client.send(
            HttpRequest.newBuilder(URI.create(command))
                .timeout(timeout)
                .POST(HttpRequest.BodyPublishers.noBody())
                .build(),
            HttpResponse.BodyHandlers.ofString());
    if (response.statusCode() / 100 != 2) {
      throw new IOException(
          "cutover.%s answered HTTP %d: %s"
              .formatted(name, response.statusCode(), lastLine(response.body())));
    }
    return "cutover.%s answered HTTP %d".formatted(name, response.statusCode());
  }

  private static String lastLine(String output) {
    String trimmed = output.strip();
    int newline = trimmed.lastIndexOf('\n');
    String line = newline < 0 ? trimmed : trimmed.substring(newline + 1);
    return line.length() > 200 ? line.substring(0, 200) + "..." : line;
  }
}
