package io.godwit.cutover;

import io.godwit.config.CutoverSettings;
import io.godwit.snapshot.PausePoints;
import io.godwit.state.AttemptState;
import io.godwit.state.CutoverRecords;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.Callable;

/**
 * {@code godwit rollback}: the cutover's state machine run in reverse, inside the {@code godwit
 * run} that streams the target's changes back to the old source. Check the preconditions, freeze
 * the target (the cutover's freeze mode, on the target), drain the reverse stream to proven zero
 * lag, validate every table old source against target, set the old source's identity counters past
 * the target's, unfreeze the old source (the cutover left it frozen), run {@code
 * rollback.done-hook}. Every step is persisted ({@link CutoverStore}, the reverse migration's
 * records in the old source's state store) before and after it runs. Any failure, the freeze
 * outliving {@code cutover.timeout} or an operator's abort before the old source is unfrozen
 * unfreezes the target, and the reverse stream goes on. Once the old source is unfrozen it has
 * taken over: the target stays frozen and the reverse stream ends. A run that died during a
 * rollback finishes it, or undoes it, when it starts again ({@link #recover}).
 */
public final class Rollback {

  /** The steps, in order. */
  public enum Step {
    PRECONDITIONS,
    /** Freezes the target. */
    FREEZE,
    /** Proves the reverse stream applied everything the target committed before the freeze. */
    DRAIN,
    VALIDATE,
    /** The old source's identity counters past the target's; then a second drain. */
    SEQUENCES,
    /** Unfreezes the old source: from here on the rollback can no longer be undone. */
    UNFREEZE,
    /** {@code rollback.done-hook}, and the reverse stream stops. */
    DONE;

    public String label() {
      return name().toLowerCase(java.util.Locale.ROOT);
    }
  }

  /**
   * The parts the rollback works with.
   *
   * @param databases the reverse migration's databases: its source is the target, its target the
   *     old source (the position read is the target's, the sequences set are the old source's)
   * @param targetFreeze the cutover's freeze mode, on the target
   * @param sourceFreeze the cutover's freeze of the old source, which the rollback lifts
   * @param reverse the reverse stream: lag, drain, stop
   * @param validation old source against target
   * @param store the reverse migration's attempts, in the old source's state store
   * @param pausePoints where tests stop the rollback; {@link PausePoints#NONE} in production
   * @param clock times the freeze against {@code cutover.timeout} and measures the downtime
   */
  public record Parts(
      CutoverDatabases databases,
      Freeze targetFreeze,
      Freeze sourceFreeze,
      RunningMigration reverse,
      FinalValidation validation,
      CutoverStore store,
      PausePoints pausePoints,
      Clock clock) {}

  private static final SwitchWording WORDING =
      new SwitchWording(
          "rollback",
          "target",
          "the target's freeze",
          "target: ",
          "rollback ",
          "the old source is writable again and has taken over; the rollback cannot be aborted");

  private final String migration;
  private final String reverseStart;
  private final CutoverSettings settings;
  private final Parts parts;
  private final Hook doneHook;
  private final SwitchAttempts attempts;

  /**
   * @param migration the forward migration's name
   * @param reverseStart R0, where the reverse stream started, as the cutover recorded it
   * @param settings the cutover's: freeze mode, lag threshold, timeout, hooks' environment
   * @param doneHook {@code rollback.done-hook}
   */
  public Rollback(
      String migration,
      String reverseStart,
      CutoverSettings settings,
      String doneHook,
      Parts parts) {
    this.migration = migration;
    this.reverseStart = reverseStart;
    this.settings = settings;
    this.parts = parts;
    this.doneHook = new Hook("rollback.done-hook", doneHook, settings.hookEnvironment());
    this.attempts =
        new SwitchAttempts(
            migration,
            WORDING,
            settings.timeout(),
            parts.targetFreeze(),
            parts.store(),
            parts.clock(),
            step -> {},
            new SwitchSteps(
                AttemptState.ROLLED_BACK,
                latest ->
                    "migration %s was rolled back at %s; the old source has taken over and there is nothing left to roll back"
                        .formatted(migration, latest.finishedAt()),
                this::preconditions,
                () -> FreezeWindow.expectedSeconds(parts.reverse(), parts.validation()),
                this::runSteps,
                () -> ""));
  }

  /**
   * Checks the preconditions; unless {@code dryRun}, starts the steps in the background when they
   * hold, or records a refused attempt when they do not.
   */
  public CutoverView start(boolean dryRun) throws Exception {
    return attempts.start(dryRun, Step.PRECONDITIONS.label());
  }

  /** The operator confirms the application's writes to the target stopped (manual freeze). */
  public CutoverView confirm() throws Exception {
    return attempts.confirm();
  }

  /**
   * Abandons the running rollback: the target is unfrozen and the reverse stream goes on. Refused
   * once the old source is unfrozen.
   */
  public CutoverView abort(String reason) throws Exception {
    return attempts.abort(reason);
  }

  /**
   * Before the process stops: aborts a running rollback, so the target is not left frozen; one past
   * the unfreeze cannot be aborted, and is waited for (up to {@code cutover.timeout}) so that its
   * done hook runs and its last step is recorded.
   */
  public void abortIfRunning(String reason) {
    if (!attempts.done()) {
      attempts.abortIfRunning(reason);
      return;
    }
    try {
      attempts.awaitSteps(settings.timeout());
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
  }

  /**
   * On start: an attempt left running by a process that died is finished when it had begun to
   * unfreeze the old source (which may have taken writes since: the target stays frozen, the old
   * source is unfrozen again), else undone (the target unfrozen).
   *
   * @return what was done, or empty when nothing was left over
   */
  public Optional<String> recover() throws Exception {
    Optional<CutoverRecords.Attempt> latest = attempts.recovery().leftRunning();
    if (latest.isEmpty()) {
      return Optional.empty();
    }
    CutoverRecords.Attempt left = latest.get();
    if (!Step.UNFREEZE.label().equals(left.step()) && !Step.DONE.label().equals(left.step())) {
      return Optional.of(attempts.recovery().undo(left));
    }
    String unfrozen = parts.sourceFreeze().lift();
    String message =
        ("the process stopped during rollback attempt %d, step %s, once the old source was"
                + " being unfrozen; on restart the rollback was finished: %s; the target stays"
                + " frozen; downtime not measured; run rollback.done-hook yourself if it did"
                + " not run")
            .formatted(left.attempt(), left.step(), unfrozen);
    attempts.finished(left, AttemptState.ROLLED_BACK, message);
    return Optional.of(message);
  }

  /**
   * True once the old source has taken over, by a rollback of this process or one a restart
   * finished: the reverse stream stops.
   */
  public boolean finished() {
    return attempts.done();
  }

  /** True once the old source has taken over and no step of this process runs any more. */
  public boolean ended() {
    return finished() && !attempts.running();
  }

  /** The rollback as the API and CLI show it. */
  public CutoverView view(boolean dryRun) throws Exception {
    return attempts.view(dryRun);
  }

  private List<Cutover.Check> preconditions() throws Exception {
    List<Cutover.Check> checks = new ArrayList<>();
    checks.add(
        new Cutover.Check(
            "cutover done with a reverse stream",
            true,
            "the reverse stream runs from R0 = " + reverseStart));
    List<String> notStreaming = parts.reverse().notStreaming();
    checks.add(
        new Cutover.Check(
            "every table streaming back",
            notStreaming.isEmpty(),
            notStreaming.isEmpty()
                ? "the reverse stream applies every table"
                : String.join("; ", notStreaming)));
    checks.add(
        Cutover.Check.lagUnder(
            "reverse lag", parts.reverse().lagSeconds(), settings.lagThreshold()));
    checks.add(Cutover.Check.lastClean("reverse validation", parts.validation().lastProblem()));
    return checks;
  }

  private void runSteps() throws Exception {
    attempts.watchFreeze();
    step(Step.FREEZE, attempts::freeze);
    FreezeWindow.Drained drained =
        attempts.drainStep(
            Step.DRAIN.label(),
            parts.databases()::sourcePosition,
            parts.reverse(),
            parts.pausePoints()::duringRollbackDrain,
            ("target at %s; the reverse capture passed it and the applier reached every"
                + " partition's end in %.1f s"));
    step(Step.VALIDATE, () -> parts.validation().validate());
    step(Step.SEQUENCES, () -> parts.databases().sequences() + "; " + nothingLeaked(drained));
    step(Step.UNFREEZE, this::unfreezeSource);
    attempts.step(Step.DONE.label(), this::done);
  }

  /** Runs {@code step} through the attempts, then its pause point. */
  private void step(Step step, Callable<String> work) throws Exception {
    attempts.step(step.label(), work);
    parts.pausePoints().afterRollbackStep(step.label());
  }

  /** A second drain: a change the reverse stream applied since the first slipped the freeze. */
  private String nothingLeaked(FreezeWindow.Drained drained) throws Exception {
    long leaked = attempts.window().leakedSince(drained, parts.reverse());
    if (leaked != 0) {
      throw new CutoverException(
          ("%d change(s) reached the old source from the target after the target's freeze; fix:"
                  + " make sure the freeze stops every writer on the target (with read-only: list"
                  + " the application's roles in cutover.app-roles), then roll back again")
              .formatted(leaked));
    }
    return "a second drain applied nothing more";
  }

  /**
   * Unfreezes the old source under the lock an abort moves the state with: the abort comes before
   * this (and the target is unfrozen instead), or finds the rollback done. Once the old source is
   * writable the attempt is recorded rolled back, with the downtime.
   */
  private String unfreezeSource() throws Exception {
    return attempts.whileFrozen(
        () -> {
          String unfrozen;
          try {
            unfrozen = parts.sourceFreeze().lift();
          } catch (Exception e) {
            throw new CutoverException(
                ("unfreezing the old source failed (%s); check it: where it accepts writes again,"
                        + " the target is unfrozen too and the application may write to either")
                    .formatted(e.getMessage()));
          }
          long downtimeMs = attempts.window().frozenMillis();
          attempts.markDone();
          parts.store().finish(attempts.attempt(), AttemptState.ROLLED_BACK, downtimeMs, null);
          return "old source: %s; downtime %.2f s (target frozen to old source writable)"
              .formatted(unfrozen, downtimeMs / 1000.0);
        },
        () -> {});
  }

  private String done() throws Exception {
    String hook = attempts.doneHook(doneHook, settings.timeout());
    parts.reverse().finish();
    CutoverRecords.Attempt done = parts.store().latest().orElseThrow();
    String summary =
        "the old source has taken over again; downtime %.2f s (target frozen to old source writable); the target stays frozen; the reverse stream stops; %s"
            .formatted(done.downtimeMs() / 1000.0, hook);
    parts.store().log(summary);
    return summary;
  }

  /**
   * Proves zero lag of the reverse stream for everything the target committed before the call, as
   * its drain step does: the fence of {@code godwit validate --reverse}.
   */
  public void drainReverse(Duration timeout) throws Exception {
    parts.reverse().drain(timeout);
  }
}
