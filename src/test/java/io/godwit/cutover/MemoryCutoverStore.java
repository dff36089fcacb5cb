package io.godwit.cutover;

import io.godwit.state.AttemptState;
import io.godwit.state.CutoverRecords;
import java.time.Clock;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * {@link CutoverStore} in memory, written as {@link CutoverRecords} writes the state store, with a
 * point where it can stop the thread that records a step's start (a process dying there).
 */
final class MemoryCutoverStore implements CutoverStore {

  private final Clock clock;
  private final List<Row> attempts = new ArrayList<>();
  private final List<String> events = new ArrayList<>();
  private volatile String haltAt;
  private final Gate halted = new Gate();

  MemoryCutoverStore(Clock clock) {
    this.clock = clock;
  }

  /** A mutable attempt row and its step rows. */
  private static final class Row {
    int attempt;
    AttemptState state;
    String step;
    String freezeMode;
    boolean frozen;
    Instant startedAt;
    Instant frozenAt;
    Instant finishedAt;
    Long downtimeMs;
    String sourcePosition;
    String reversePosition;
    String error;
    final List<CutoverRecords.StepRecord> steps = new ArrayList<>();
  }

  /**
   * The thread that records the start of {@code step} stops there for good, as if its process died;
   * returns the gate to wait on.
   */
  Gate haltAtStart(String step) {
    haltAt = step;
    return halted;
  }

  synchronized List<String> events() {
    return List.copyOf(events);
  }

  @Override
  public synchronized Optional<CutoverRecords.Attempt> latest() {
    if (attempts.isEmpty()) {
      return Optional.empty();
    }
    Row r = attempts.get(attempts.size() - 1);
    return Optional.of(
        new CutoverRecords.Attempt(
            r.attempt,
            r.state,
            r.step,
            r.freezeMode,
            r.frozen,
            r.startedAt,
            r.frozenAt,
            r.finishedAt,
            r.downtimeMs,
            r.sourcePosition,
            r.error,
            List.copyOf(r.steps)));
  }

  @Override
  public synchronized int begin(AttemptState state, String step, String freezeMode) {
    Row r = new Row();
    r.attempt = attempts.size() + 1;
    r.state = state;
    r.step = step;
    r.freezeMode = freezeMode;
    r.startedAt = clock.instant();
    attempts.add(r);
    return r.attempt;
  }

  @Override
  public void stepStarted(int attempt, String step) {
    synchronized (this) {
      Row r = row(attempt);
      r.steps.add(new CutoverRecords.StepRecord(step, clock.instant(), null, null, null));
      r.step = step;
    }
    if (step.equals(haltAt)) {
      haltAt = null;
      halted.passIgnoringInterrupts();
    }
  }

  @Override
  public synchronized void stepFinished(int attempt, String step, String outcome, String detail) {
    List<CutoverRecords.StepRecord> steps = row(attempt).steps;
    for (int i = 0; i < steps.size(); i++) {
      CutoverRecords.StepRecord s = steps.get(i);
      if (s.step().equals(step)) {
        steps.set(
            i,
            new CutoverRecords.StepRecord(step, s.startedAt(), clock.instant(), outcome, detail));
      }
    }
  }

  @Override
  public synchronized void frozen(int attempt, boolean frozen) {
    Row r = row(attempt);
    r.frozen = frozen;
    if (frozen && r.frozenAt == null) {
      r.frozenAt = clock.instant();
    }
  }

  @Override
  public synchronized void position(int attempt, String position) {
    row(attempt).sourcePosition = position;
  }

  @Override
  public synchronized void reversePosition(int attempt, String position) {
    row(attempt).reversePosition = position;
  }

  /** The reverse stream's start recorded by {@code attempt}, or null. */
  synchronized String reversePosition(int attempt) {
    return row(attempt).reversePosition;
  }

  @Override
  public synchronized void finish(int attempt, AttemptState state, Long downtimeMs, String error) {
    Row r = row(attempt);
    r.state = state;
    r.finishedAt = clock.instant();
    r.downtimeMs = downtimeMs;
    r.error = error;
  }

  @Override
  public synchronized void log(String message) {
    events.add(message);
  }

  private Row row(int attempt) {
    return attempts.get(attempt - 1);
  }
}
