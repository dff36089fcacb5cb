package io.godwit;

import io.godwit.config.MigrationConfig;
import io.godwit.control.ControlClient;
import io.godwit.state.AttemptState;
import java.time.Duration;
import java.util.Map;

/**
 * {@code godwit cutover}: switches to the target through the running {@code godwit run}'s control
 * API: check the preconditions, freeze writes on the source, drain to proven zero lag, validate
 * every table, move sequences, done. Any failure unfreezes the source and streaming goes on. An
 * interrupt of this process while the cutover runs aborts it.
 */
record CutoverCommand(MigrationConfig config) {

  /**
   * Checks the preconditions, and when the operator goes ahead runs the cutover to its end.
   *
   * @return the precondition check when the operator did not go ahead, else the attempt as it ended
   */
  Map<String, Object> cutover(CutoverOperator operator) throws Exception {
    ControlClient client = new ControlClient(config.control());
    Map<String, Object> check =
        client.post("/api/cutover", Map.of("dryRun", true), Duration.ofSeconds(60));
    if (!operator.proceed(check)) {
      return check;
    }
    Map<String, Object> view =
        client.post("/api/cutover", Map.of("dryRun", false), Duration.ofSeconds(60));
    Thread abortOnSignal =
        new Thread(
            () -> {
              try {
                client.post(
                    "/api/cutover/abort",
                    Map.of("reason", "the operator interrupted `godwit cutover`"),
                    Duration.ofSeconds(60));
              } catch (Exception e) {
                System.err.println("cutover: could not abort: " + e.getMessage());
              }
            });
    Runtime.getRuntime().addShutdownHook(abortOnSignal);
    try {
      while (true) {
        operator.progress(view);
        AttemptState state = AttemptState.of(String.valueOf(view.get("state")));
        if (state == AttemptState.WAITING_FOR_OPERATOR) {
          operator.awaitWritesStopped();
          client.post("/api/cutover/confirm", Map.of(), Duration.ofSeconds(30));
        } else if (state != AttemptState.RUNNING) {
          return view;
        }
        Thread.sleep(250);
        view = client.get("/api/cutover");
      }
    } finally {
      Runtime.getRuntime().removeShutdownHook(abortOnSignal);
    }
  }
}
