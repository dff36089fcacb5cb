package io.godwit.control;

import com.fasterxml.jackson.annotation.JsonUnwrapped;
import io.godwit.state.AttemptState;
import io.godwit.state.CutoverRecords;
import java.time.Duration;
import java.time.Instant;
import java.util.List;

/**
 * The cutover as {@code /api/cutover}, the cutover's POST answers and {@code /api/status} serve it:
 * its state, the preconditions last checked and, once there is one, the latest attempt with its
 * steps. The attempt's fields appear only with an attempt (then with explicit nulls); before the
 * run has a cutover, {@code /api/status} shows only {@code {"state": "idle"}}.
 *
 * @param checked the preconditions last checked; null before the run has a cutover
 * @param recorded the latest attempt; null when there is none
 */
public record CutoverDocument(
    @JsonUnwrapped Checked checked, AttemptState state, @JsonUnwrapped Recorded recorded) {

  public CutoverDocument {
    // Jackson fills an absent unwrapped part with an empty one: no migration means no checks, no
    // attempt number means no attempt.
    checked = checked == null || checked.migration() == null ? null : checked;
    recorded = recorded == null || recorded.attempt() == null ? null : recorded;
  }

  /** Before the run has a cutover: only the state. */
  public static CutoverDocument idle() {
    return new CutoverDocument(null, AttemptState.IDLE, null);
  }

  /**
   * The migration, its freeze mode, whether this was a dry run, the checks and the expected freeze
   * window in seconds (null when not measurable yet).
   */
  public record Checked(
      String migration,
      String freezeMode,
      boolean dryRun,
      List<Check> checks,
      Double expectedFreezeSeconds) {}

  /** One precondition. */
  public record Check(String name, boolean ok, String detail) {}

  /** An attempt: where it stands, whether the source is frozen, its times and steps. */
  public record Recorded(
      Integer attempt,
      String step,
      boolean frozen,
      Instant startedAt,
      Instant frozenAt,
      Instant finishedAt,
      Double downtimeSeconds,
      String sourcePosition,
      String error,
      List<Step> steps) {

    /** The view of a stored attempt. */
    public static Recorded of(CutoverRecords.Attempt a) {
      return new Recorded(
          a.attempt(),
          a.step(),
          a.frozen(),
          a.startedAt(),
          a.frozenAt(),
          a.finishedAt(),
          a.downtimeMs() == null ? null : a.downtimeMs() / 1000.0,
          a.sourcePosition(),
          a.error(),
          a.steps().stream().map(Step::of).toList());
    }
  }

  /** One step; {@code seconds} and {@code outcome} are null while it runs. */
  public record Step(
      String step,
      Instant startedAt,
      Instant finishedAt,
      Double seconds,
      String outcome,
      String detail) {

    static Step of(CutoverRecords.StepRecord s) {
      return new Step(
          s.step(),
          s.startedAt(),
          s.finishedAt(),
          s.finishedAt() == null
              ? null
              : Duration.between(s.startedAt(), s.finishedAt()).toMillis() / 1000.0,
          s.outcome(),
          s.detail());
    }
  }
}
