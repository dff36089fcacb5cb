package io.godwit.cutover;

import io.godwit.state.AttemptState;
import io.godwit.state.CutoverRecords;
import java.util.List;
import java.util.concurrent.Callable;
import java.util.function.Function;
import java.util.function.Supplier;

/**
 * What a switch, a {@link Cutover} or a {@link Rollback}, does besides the lifecycle {@link
 * SwitchAttempts} runs: its own checks and steps.
 *
 * @param end the state of an attempt that switched: none may begin after it
 * @param ended the refusal to begin after such an attempt
 * @param preconditions the checks an attempt begins with
 * @param expectedFreeze how long the frozen side is expected to stay frozen, in seconds
 * @param run the steps after the preconditions, each run through {@link SwitchAttempts#step}
 * @param release what an aborted attempt undoes besides the freeze, to append to the abort's
 *     message; empty when nothing
 */
record SwitchSteps(
    AttemptState end,
    Function<CutoverRecords.Attempt, String> ended,
    Callable<List<Cutover.Check>> preconditions,
    Callable<Double> expectedFreeze,
    Work run,
    Supplier<String> release) {

  /** Work that may fail. */
  @FunctionalInterface
  interface Work {
    void run() throws Exception;
  }
}
