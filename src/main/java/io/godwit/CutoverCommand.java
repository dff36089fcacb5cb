package io.godwit;

import io.godwit.config.MigrationConfig;
import io.godwit.control.ControlClient;
import io.godwit.control.CutoverDocument;
import io.godwit.state.AttemptState;

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
  CutoverDocument cutover(CutoverOperator operator) throws Exception {
    ControlClient client = new ControlClient(config.control());
    CutoverDocument check = client.cutover(true);
    if (!operator.proceed(check)) {
      return check;
    }
    CutoverDocument view = client.cutover(false);
    Thread abortOnSignal =
        new Thread(
            () -> {
              try {
                client.abort("the operator interrupted `godwit cutover`");
              } catch (Exception e) {
                System.err.println("cutover: could not abort: " + e.getMessage());
              }
            });
    Runtime.getRuntime().addShutdownHook(abortOnSignal);
    try {
      while (true) {
        operator.progress(view);
        if (view.state() == AttemptState.WAITING_FOR_OPERATOR) {
          operator.awaitWritesStopped();
          client.confirm();
        } else if (view.state() != AttemptState.RUNNING) {
          return view;
        }
        Thread.sleep(250);
        view = client.cutoverView();
      }
    } finally {
      Runtime.getRuntime().removeShutdownHook(abortOnSignal);
    }
  }
}
