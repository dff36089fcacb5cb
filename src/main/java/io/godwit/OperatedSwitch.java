package io.godwit;

import io.godwit.control.CutoverDocument;
import io.godwit.state.AttemptState;

/**
 * What {@code godwit cutover} and {@code godwit rollback} share: a switch the running {@code godwit
 * run} serves through its control API, driven for the operator. The preconditions are checked; when
 * the operator goes ahead the switch starts, the operator confirms a manual freeze, and its state
 * is followed until it ends. An interrupt of this process while it runs aborts it.
 */
interface OperatedSwitch {

  /** Starts the switch, or with {@code dryRun} checks its preconditions. */
  CutoverDocument start(boolean dryRun) throws Exception;

  /** The operator stopped the writes ({@code freeze: manual}). */
  void confirm() throws Exception;

  /** Abandons the running switch. */
  void abort(String reason) throws Exception;

  /** The switch as it stands now; {@code started} is what {@link #start} returned. */
  CutoverDocument view(CutoverDocument started) throws Exception;

  /**
   * Runs the switch for {@code operator}.
   *
   * @param command the command's name, for the interrupt's abort reason and messages
   * @return the precondition check when the operator did not go ahead, else the attempt as it ended
   */
  default CutoverDocument drive(String command, CutoverOperator operator) throws Exception {
    CutoverDocument check = start(true);
    if (!operator.proceed(check)) {
      return check;
    }
    CutoverDocument started = start(false);
    CutoverDocument view = started;
    Thread abortOnSignal =
        new Thread(
            () -> {
              try {
                abort("the operator interrupted `godwit " + command + "`");
              } catch (Exception e) {
                System.err.println(command + ": could not abort: " + e.getMessage());
              }
            });
    Runtime.getRuntime().addShutdownHook(abortOnSignal);
    // the run may still show the wait for a moment after the confirmation: ask the operator once
    boolean confirmed = false;
    try {
      while (true) {
        operator.progress(view);
        if (view.state() == AttemptState.WAITING_FOR_OPERATOR) {
          if (!confirmed) {
            operator.awaitWritesStopped();
            confirm();
            confirmed = true;
          }
        } else if (view.state() != AttemptState.RUNNING) {
          return view;
        }
        Thread.sleep(250);
        view = view(started);
      }
    } finally {
      Runtime.getRuntime().removeShutdownHook(abortOnSignal);
    }
  }
}
