package io.godwit.cutover;

import io.godwit.config.Secret;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicReference;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * An operator's hook: a URL ({@code http://} or {@code https://}, called with POST) or a shell
 * command ({@code sh -c}). It must succeed (2xx, or exit 0) within the time given. A command's
 * output goes to the log line by line as it comes, so a hook that prints much never blocks on a
 * full pipe; past its time the command is killed with every process it started. Errors name the
 * hook and its exit code, never the command. A command's {@code ${env:}} and {@code ${file:}}
 * references reach it as variables in {@code environment} (see {@link
 * io.godwit.config.CutoverSettings}), never on its command line, and their values are masked in the
 * output it logs.
 *
 * @param name the hook's setting, e.g. {@code cutover.done-hook}, which its messages name
 */
record Hook(String name, String command, Map<String, Secret> environment) {

  private static final Logger log = LoggerFactory.getLogger(Hook.class);

  boolean isSet() {
    return !command.isBlank();
  }

  /** Runs the hook; returns its output's last line, or throws naming the hook and the failure. */
  String run(Duration timeout) throws Exception {
    if (command.startsWith("http://") || command.startsWith("https://")) {
      return call(timeout);
    }
    ProcessBuilder builder = new ProcessBuilder("sh", "-c", command).redirectErrorStream(true);
    environment.forEach((variable, value) -> builder.environment().put(variable, value.reveal()));
    Process process = builder.start();
    AtomicReference<String> last = new AtomicReference<>("");
    Thread reader = new Thread(() -> logOutput(process, last), "godwit-hook-" + name);
    reader.setDaemon(true);
    reader.start();
    if (!process.waitFor(timeout.toMillis(), TimeUnit.MILLISECONDS)) {
      killTree(process);
      throw new IOException(
          "%s did not finish within %d s; it was killed with its children"
              .formatted(name, timeout.toSeconds()));
    }
    reader.join(TimeUnit.SECONDS.toMillis(5));
    if (process.exitValue() != 0) {
      throw new IOException(
          "%s exited with %d; its output is in Godwit's log (logger %s)"
              .formatted(name, process.exitValue(), Hook.class.getName()));
    }
    return "%s ran: %s".formatted(name, shortened(last.get()));
  }

  private void logOutput(Process process, AtomicReference<String> last) {
    try (BufferedReader lines =
        new BufferedReader(
            new InputStreamReader(process.getInputStream(), StandardCharsets.UTF_8))) {
      String line;
      while ((line = lines.readLine()) != null) {
        String shown = masked(line);
        if (!shown.isBlank()) {
          last.set(shown);
        }
        log.info("{}: {}", name, shortened(shown));
      }
    } catch (IOException e) {
      log.debug("Reading the output of {} ended: {}", name, e.toString());
    }
  }

  /**
   * Kills the command and every process it started (children first: once the command is gone they
   * are re-parented and no longer its descendants), then waits for the command to be gone.
   */
  private static void killTree(Process process) throws InterruptedException {
    process.descendants().forEach(ProcessHandle::destroyForcibly);
    process.destroyForcibly();
    process.waitFor(5, TimeUnit.SECONDS);
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
          "%s answered HTTP %d: %s"
              .formatted(name, response.statusCode(), lastLine(response.body())));
    }
    return "%s answered HTTP %d".formatted(name, response.statusCode());
  }

  /** The line with the values of the hook's variables masked, should the command print them. */
  private String masked(String line) {
    String shown = line;
    for (Secret value : environment.values()) {
      if (!value.isEmpty()) {
        shown = shown.replace(value.reveal(), Secret.MASK);
      }
    }
    return shown;
  }

  private static String lastLine(String output) {
    String trimmed = output.strip();
    int newline = trimmed.lastIndexOf('\n');
    return shortened(newline < 0 ? trimmed : trimmed.substring(newline + 1));
  }

  private static String shortened(String line) {
    return line.length() > 200 ? line.substring(0, 200) + "..." : line;
  }
}
