package io.godwit.live;

import static io.godwit.testing.Waits.waitUntil;
import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.zaxxer.hikari.HikariDataSource;
import io.godwit.LiveMigration;
import io.godwit.config.MigrationConfig;
import io.godwit.control.ControlServer;
import io.godwit.snapshot.PausePoints;
import io.godwit.state.StatusReader;
import io.godwit.testing.TestDatabase;
import io.micrometer.prometheusmetrics.PrometheusConfig;
import io.micrometer.prometheusmetrics.PrometheusMeterRegistry;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.time.Duration;
import java.util.Random;
import java.util.concurrent.CompletableFuture;
import java.util.function.Supplier;

/**
 * A {@code godwit run} of a live IT with its control API, started once its snapshot finished and
 * its lag is proven, stopped on close; and what the ITs that drive it through the API share.
 */
record LiveRun(LiveMigration live, CompletableFuture<Void> running, ControlServer control)
    implements AutoCloseable {

  static LiveRun start(MigrationConfig config) throws Exception {
    return start(config, () -> config);
  }

  /** A run that reads {@code fileNow} where it reads its migration file again (a re-copy). */
  static LiveRun start(MigrationConfig config, Supplier<MigrationConfig> fileNow) throws Exception {
    PrometheusMeterRegistry meters = new PrometheusMeterRegistry(PrometheusConfig.DEFAULT);
    LiveMigration live = new LiveMigration(config, meters, PausePoints.NONE, fileNow);
    CompletableFuture<Void> running = LiveMigrationIT.start(live);
    ControlServer control = ControlServer.start(config.control(), live.control(), meters);
    waitUntil(
        Duration.ofMinutes(3),
        "the snapshot to finish or the run to end",
        () -> live.snapshotResult() != null || running.isDone());
    assertThat(running).isNotCompletedExceptionally();
    LiveMigrationIT.awaitLagProven(live);
    return new LiveRun(live, running, control);
  }

  @Override
  public void close() throws Exception {
    control.close();
    live.stop(Duration.ofSeconds(60));
    running.exceptionally(e -> null).join();
  }

  /** The control API on {@code 127.0.0.1:port}, changes sent with {@code token}. */
  record Api(int port, String token) {

    private static final HttpClient HTTP = HttpClient.newHttpClient();
    private static final ObjectMapper JSON = new ObjectMapper();

    /** POSTs {@code body}, asserts the answer's status and returns its document. */
    JsonNode post(String path, String body, int status) throws Exception {
      HttpResponse<String> answer =
          HTTP.send(
              HttpRequest.newBuilder(uri(path))
                  .header("Authorization", "Bearer " + token)
                  .POST(HttpRequest.BodyPublishers.ofString(body))
                  .build(),
              HttpResponse.BodyHandlers.ofString());
      assertThat(answer.statusCode()).as("%s %s", path, answer.body()).isEqualTo(status);
      return JSON.readTree(answer.body());
    }

    JsonNode get(String path) throws Exception {
      return JSON.readTree(getText(path));
    }

    String getText(String path) throws Exception {
      HttpResponse<String> answer =
          HTTP.send(
              HttpRequest.newBuilder(uri(path)).build(), HttpResponse.BodyHandlers.ofString());
      assertThat(answer.statusCode()).as("%s %s", path, answer.body()).isEqualTo(200);
      return answer.body();
    }

    private URI uri(String path) {
      return URI.create("http://127.0.0.1:" + port + path);
    }
  }

  /** The source name of the table the target calls {@code table}. */
  static String sourceName(HikariDataSource target, String migration, String table)
      throws Exception {
    return new StatusReader(target)
        .tables(migration).stream()
            .filter(t -> t.target().equals(table) || t.target().endsWith("." + table))
            .findFirst()
            .orElseThrow()
            .source();
  }

  /**
   * Changes orders on the source with seeded values, so the table surely has changes waiting: a
   * status from a seeded pick, on orders picked by a seeded offset.
   */
  static void changeOrders(TestDatabase src, Random random) throws Exception {
    String[] statuses = {"new", "paid", "shipped", ""};
    try (Connection c = src.connect();
        PreparedStatement ps =
            c.prepareStatement(
                "UPDATE orders SET status = ? WHERE id IN (SELECT id FROM (SELECT id FROM orders"
                    + " ORDER BY id LIMIT 5 OFFSET ?) o)")) {
      for (int i = 0; i < 5; i++) {
        ps.setString(1, statuses[random.nextInt(statuses.length)] + random.nextInt(1000));
        ps.setInt(2, random.nextInt(200));
        ps.executeUpdate();
      }
    }
  }
}
