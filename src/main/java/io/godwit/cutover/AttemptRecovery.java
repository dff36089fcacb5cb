package io.godwit.cutover;

import io.godwit.state.AttemptState;
import io.godwit.state.CutoverRecords;
import java.util.Optional;
import java.util.function.Supplier;

/**
 * On start, what a switch does with an attempt a dead process left running: finds it in the {@link
 * CutoverStore} and undoes it (the frozen side unfrozen, and whatever {@link SwitchSteps#release}
 * undoes). {@link SwitchAttempts} holds one for its switch.
 */
final class AttemptRecovery {

  private final SwitchWording wording;
  private final Freeze freeze;
  private final CutoverStore store;
  private final Supplier<String> release;

  AttemptRecovery(
      SwitchWording wording, Freeze freeze, CutoverStore store, Supplier<String> release) {
    this.wording = wording;
    this.freeze = freeze;
    this.store = store;
    this.release = release;
  }

  /** The latest attempt, when a process that died left it running. */
  Optional<CutoverRecords.Attempt> leftRunning() throws Exception {
    return store.latest().filter(a -> a.state() == AttemptState.RUNNING);
  }

  /**
   * Undoes {@code left}, an attempt a dead process left running.
   *
   * @return what was done
   */
  String undo(CutoverRecords.Attempt left) throws Exception {
    String undo =
        (left.frozen() ? freeze.unfreeze() : "the %s was not frozen".formatted(wording.side()))
            + release.get();
    store.frozen(left.attempt(), false);
    String message =
        "the process stopped during %s attempt %d, step %s; on restart: %s"
            .formatted(wording.noun(), left.attempt(), left.step(), undo);
    store.finish(left.attempt(), AttemptState.ABORTED, null, message);
    store.log(message);
    return message;
  }
}
