package io.godwit.cutover;

import io.godwit.state.AttemptState;
import io.godwit.state.CutoverRecords;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
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
    String freezeMode) {

  /**
   * {@link AttemptState#IDLE} before any attempt; else the attempt's state, and {@link
   * AttemptState#RUNNING} too while a recorded end still has a step finishing (the done step
   * records the end first, then runs the done hook and stops streaming), so whoever follows the
   * cutover until it is not running sees every step's outcome.
   */
  public AttemptState state() {
    if (waitingForOperator) {
      return AttemptState.WAITING_FOR_OPERATOR;
    }
    if (attempt.isEmpty()) {
      return AttemptState.IDLE;
    }
    CutoverRecords.Attempt a = attempt.get();
    boolean stepOpen = a.steps().stream().anyMatch(s -> s.finishedAt() == null);
    return a.state() == AttemptState.DONE && stepOpen ? AttemptState.RUNNING : a.state();
  }

  /** As JSON-ready values. */
  public Map<String, Object> toMap() {
    Map<String, Object> m = new LinkedHashMap<>();
    m.put("migration", migration);
    m.put("state", state().label());
    m.put("freezeMode", freezeMode);
    m.put("dryRun", dryRun);
    List<Map<String, Object>> checkList = new ArrayList<>();
    for (Cutover.Check c : checks) {
      Map<String, Object> check = new LinkedHashMap<>();
      check.put("name", c.name());
      check.put("ok", c.ok());
      check.put("detail", c.detail());
      checkList.add(check);
    }
    m.put("checks", checkList);
    m.put(
        "expectedFreezeSeconds",
        Double.isNaN(expectedFreezeSeconds) ? null : round(expectedFreezeSeconds));
    attempt.ifPresent(
        a -> {
          m.put("attempt", a.attempt());
          m.put("step", a.step());
          m.put("frozen", a.frozen());
          m.put("startedAt", a.startedAt());
          m.put("frozenAt", a.frozenAt());
          m.put("finishedAt", a.finishedAt());
          m.put("downtimeSeconds", a.downtimeMs() == null ? null : a.downtimeMs() / 1000.0);
          m.put("sourcePosition", a.sourcePosition());
          m.put("error", a.error());
          List<Map<String, Object>> steps = new ArrayList<>();
          for (CutoverRecords.StepRecord s : a.steps()) {
            Map<String, Object> step = new LinkedHashMap<>();
            step.put("step", s.step());
            step.put("startedAt", s.startedAt());
            step.put("finishedAt", s.finishedAt());
            step.put(
                "seconds",
                s.finishedAt() == null
                    ? null
                    : Duration.between(s.startedAt(), s.finishedAt()).toMillis() / 1000.0);
            step.put("outcome", s.outcome());
            step.put("detail", s.detail());
            steps.add(step);
          }
          m.put("steps", steps);
        });
    return m;
  }

  private static double round(double seconds) {
    return Math.round(seconds * 10) / 10.0;
  }
}
