package io.godwit.cutover;

import io.godwit.control.CutoverDocument;
import io.godwit.state.AttemptState;
import io.godwit.state.CutoverRecords;
import java.util.List;
import java.util.Optional;

/**
 * The cutover's latest attempt with the preconditions last checked, as the API, the CLI and the
 * status page show it.
 */
public record CutoverView(
    String migration,
    Optional<CutoverRecords.Attempt> attempt,
    List<Cutover.Check> checks,
    double expectedFreezeSeconds,
    boolean dryRun,
    boolean waitingForOperator,
    boolean stepsRunning,
    String freezeMode) {

  /**
   * {@link AttemptState#IDLE} before any attempt; else the attempt's {@linkplain
   * CutoverRecords.Attempt#shownState() shown state}, which stays {@link AttemptState#RUNNING}
   * while {@code stepsRunning}: a rollback is recorded rolled back once the old source is writable,
   * before its done step has begun, and whoever waits for the end must see that step too.
   */
  public AttemptState state() {
    if (waitingForOperator) {
      return AttemptState.WAITING_FOR_OPERATOR;
    }
    AttemptState shown = attempt.map(CutoverRecords.Attempt::shownState).orElse(AttemptState.IDLE);
    boolean ended = shown == AttemptState.DONE || shown == AttemptState.ROLLED_BACK;
    return ended && stepsRunning ? AttemptState.RUNNING : shown;
  }

  /** As the control API serves it. */
  public CutoverDocument document() {
    return new CutoverDocument(
        new CutoverDocument.Checked(
            migration,
            freezeMode,
            dryRun,
            checks.stream()
                .map(c -> new CutoverDocument.Check(c.name(), c.ok(), c.detail()))
                .toList(),
            Double.isNaN(expectedFreezeSeconds)
                ? null
                : Math.round(expectedFreezeSeconds * 10) / 10.0),
        state(),
        attempt.map(CutoverDocument.Recorded::of).orElse(null));
  }
}
