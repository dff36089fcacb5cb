package io.godwit.cutover;

import io.godwit.config.CutoverSettings;
import io.godwit.error.ErrorCode;
import io.godwit.error.GodwitException;
import io.godwit.state.AttemptState;
import io.godwit.state.CutoverRecords;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.Callable;
import java.util.concurrent.atomic.AtomicReference;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

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

  private static final Logger log = LoggerFactory.getLogger(Rollback.class);

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
   * @param clock times the freeze against {@code cutover.timeout} and measures the downtime
   */
  public record Parts(
      CutoverDatabases databases,
      Freeze targetFreeze,
      Freeze sourceFreeze,
      RunningMigration reverse,
      FinalValidation validation,
      CutoverStore store,
      Clock clock) {}

  private final String migration;
  private final String reverseStart;
  private final CutoverSettings settings;
  private final Parts parts;
  private final Hook doneHook;
  private final AtomicReference<CutoverState> state = new AtomicReference<>(CutoverState.IDLE);
  private Thread runner;
  private volatile int attempt;
  private volatile String abortReason;
  private volatile Instant frozenAt;
  private volatile List<Cutover.Check> lastChecks = List.of();
  private volatile double expectedFreeze = Double.NaN;

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
  }

  /**
   * Checks the preconditions; unless {@code dryRun}, starts the steps in the background when they
   * hold, or records a refused attempt when they do not.
   */
  public synchronized CutoverView start(boolean dryRun) throws Exception {
    if (running()) {
      throw new GodwitException(
          ErrorCode.MIGRATION_STATE,
          "a rollback is already running (attempt %d); fix: follow it with `godwit rollback`, or stop it with `godwit rollback --abort`"
              .formatted(attempt));
    }
    Optional<CutoverRecords.Attempt> latest = parts.store().latest();
    if (latest.isPresent() && latest.get().state() == AttemptState.ROLLED_BACK) {
      throw new GodwitException(
          ErrorCode.MIGRATION_STATE,
          "migration %s was rolled back at %s; the old source has taken over and there is nothing left to roll back"
              .formatted(migration, latest.get().finishedAt()));
    }
    lastChecks = preconditions();
    expectedFreeze = expectedFreezeSeconds();
    boolean ok = lastChecks.stream().allMatch(Cutover.Check::ok);
    if (dryRun) {
      parts.store().log("rollback dry run: preconditions " + (ok ? "hold" : "fail"));
      return view(true);
    }
    attempt =
        parts
            .store()
            .begin(AttemptState.RUNNING, Step.PRECONDITIONS.label(), parts.targetFreeze().mode());
    parts.store().stepStarted(attempt, Step.PRECONDITIONS.label());
    String detail = describe(lastChecks);
    if (!ok) {
      parts.store().stepFinished(attempt, Step.PRECONDITIONS.label(), "failed", detail);
      parts
          .store()
          .finish(attempt, AttemptState.REFUSED, null, "preconditions do not hold: " + detail);
      return view(false);
    }
    parts.store().stepFinished(attempt, Step.PRECONDITIONS.label(), "ok", detail);
    if (!transition(CutoverState.IDLE, CutoverState.RUNNING)) {
      throw new IllegalStateException(
          "rollback attempt %d began while this process's last one is %s"
              .formatted(attempt, state.get()));
    }
    abortReason = null;
    runner = new Thread(this::runSteps, "godwit-rollback");
    runner.setDaemon(true);
    runner.start();
    return view(false);
  }

  /** The operator confirms the application's writes to the target stopped (manual freeze). */
  public CutoverView confirm() throws Exception {
    if (!parts.targetFreeze().waitingForOperator()) {
      throw new GodwitException(
          ErrorCode.MIGRATION_STATE, "the rollback is not waiting for a confirmation");
    }
    parts.targetFreeze().confirm();
    return view(false);
  }

  /**
   * Abandons the running rollback: the target is unfrozen and the reverse stream goes on. Refused
   * once the old source is unfrozen.
   */
  public CutoverView abort(String reason) throws Exception {
    Thread steps;
    synchronized (this) {
      if (!running()) {
        throw new GodwitException(ErrorCode.MIGRATION_STATE, "no rollback is running");
      }
      if (state.get() == CutoverState.DONE) {
        throw new GodwitException(
            ErrorCode.MIGRATION_STATE,
            "the old source is writable again and has taken over; the rollback cannot be aborted");
      }
      if (startRollingBack()) {
        abortReason = reason;
      }
      steps = runner;
    }
    steps.interrupt();
    steps.join(30_000);
    if (steps.isAlive()) {
      log.warn("The rollback step does not answer the abort; unfreezing the target now");
      unfreezeTarget();
    }
    return view(false);
  }

  /**
   * Before the process stops: aborts a running rollback, so the target is not left frozen; one past
   * the unfreeze cannot be aborted, and is waited for (up to {@code cutover.timeout}) so that its
   * done hook runs and its last step is recorded.
   */
  public void abortIfRunning(String reason) {
    if (!running()) {
      return;
    }
    try {
      if (state.get() == CutoverState.DONE) {
        runner.join(settings.timeout().toMillis());
      } else {
        abort(reason);
      }
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    } catch (Exception e) {
      log.error("Could not abort the rollback cleanly", e);
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
    Optional<CutoverRecords.Attempt> latest = parts.store().latest();
    if (latest.isEmpty() || latest.get().state() != AttemptState.RUNNING) {
      return Optional.empty();
    }
    CutoverRecords.Attempt left = latest.get();
    String message;
    if (Step.UNFREEZE.label().equals(left.step()) || Step.DONE.label().equals(left.step())) {
      String unfrozen = parts.sourceFreeze().lift();
      message =
          ("the process stopped during rollback attempt %d, step %s, once the old source was"
                  + " being unfrozen; on restart the rollback was finished: %s; the target stays"
                  + " frozen; downtime not measured; run rollback.done-hook yourself if it did"
                  + " not run")
              .formatted(left.attempt(), left.step(), unfrozen);
      parts.store().finish(left.attempt(), AttemptState.ROLLED_BACK, null, message);
      state.set(CutoverState.DONE);
    } else {
      String undo = left.frozen() ? parts.targetFreeze().unfreeze() : "the target was not frozen";
      parts.store().frozen(left.attempt(), false);
      message =
          "the process stopped during rollback attempt %d, step %s; on restart: %s"
              .formatted(left.attempt(), left.step(), undo);
      parts.store().finish(left.attempt(), AttemptState.ABORTED, null, message);
    }
    parts.store().log(message);
    return Optional.of(message);
  }

  /**
   * True once the old source has taken over, by a rollback of this process or one a restart
   * finished: the reverse stream stops.
   */
  public boolean finished() {
    return state.get() == CutoverState.DONE;
  }

  /** True once the old source has taken over and no step of this process runs any more. */
  public boolean ended() {
    return finished() && !running();
  }

  /** The rollback as the API and CLI show it. */
  public CutoverView view(boolean dryRun) throws Exception {
    return new CutoverView(
        migration,
        parts.store().latest(),
        lastChecks,
        expectedFreeze,
        dryRun,
        parts.targetFreeze().waitingForOperator(),
        parts.targetFreeze().mode());
  }

  private boolean running() {
    return runner != null && runner.isAlive();
  }

  private boolean transition(CutoverState from, CutoverState to) {
    if (!from.canMoveTo(to)) {
      throw new IllegalArgumentException(
          "no rollback transition from %s to %s".formatted(from, to));
    }
    boolean moved = state.compareAndSet(from, to);
    if (moved) {
      log.debug("Rollback attempt {}: {} -> {}", attempt, from, to);
    }
    return moved;
  }

  private boolean startRollingBack() {
    return transition(CutoverState.RUNNING, CutoverState.ABORTING)
        || transition(CutoverState.FROZEN, CutoverState.UNFREEZING);
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
    double lag = parts.reverse().lagSeconds();
    double threshold = settings.lagThreshold().toMillis() / 1000.0;
    checks.add(
        new Cutover.Check(
            "reverse lag under cutover.lag-threshold",
            !Double.isNaN(lag) && lag < threshold,
            Double.isNaN(lag)
                ? "reverse lag not proven yet"
                : "reverse lag %.1f s, threshold %.1f s".formatted(lag, threshold)));
    Optional<String> validation = parts.validation().lastProblem();
    checks.add(
        new Cutover.Check(
            "last reverse validation clean",
            validation.isEmpty(),
            validation.orElse("every table's last reverse validation was clean")));
    return checks;
  }

  private double expectedFreezeSeconds() throws Exception {
    double rate = Math.max(1, parts.reverse().applyRate());
    double lag = parts.reverse().lagSeconds();
    double drain = (Double.isNaN(lag) ? 0 : lag) + parts.reverse().recordsBehind() / rate + 0.5;
    return drain + parts.validation().expectedSeconds() + 0.5;
  }

  private void runSteps() {
    Thread watchdog = watchdog();
    try {
      step(
          Step.FREEZE,
          () -> {
            if (!transition(CutoverState.RUNNING, CutoverState.FROZEN)) {
              throw new InterruptedException("aborted");
            }
            parts.store().frozen(attempt, true);
            frozenAt = parts.clock().instant();
            String done = parts.targetFreeze().freeze();
            if (parts.targetFreeze() instanceof ManualFreeze) {
              frozenAt = parts.clock().instant();
            }
            return "target: " + done;
          });
      long[] appliedAfterDrain = new long[1];
      step(
          Step.DRAIN,
          () -> {
            String position = parts.databases().sourcePosition();
            parts.store().position(attempt, position);
            Instant started = parts.clock().instant();
            parts.reverse().drain(remaining());
            appliedAfterDrain[0] = parts.reverse().eventsApplied();
            return ("target at %s; the reverse capture passed it and the applier reached every"
                    + " partition's end in %.1f s")
                .formatted(position, secondsSince(started));
          });
      step(Step.VALIDATE, () -> parts.validation().validate());
      step(
          Step.SEQUENCES,
          () -> parts.databases().sequences() + "; " + nothingLeaked(appliedAfterDrain[0]));
      step(Step.UNFREEZE, this::unfreezeSource);
      step(Step.DONE, this::done);
    } catch (Throwable e) {
      rollBack(e);
    } finally {
      watchdog.interrupt();
    }
  }

  /** A second drain: a change the reverse stream applied since the first slipped the freeze. */
  private String nothingLeaked(long appliedAfterDrain) throws Exception {
    parts.reverse().drain(remaining());
    long leaked = parts.reverse().eventsApplied() - appliedAfterDrain;
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
  private synchronized String unfreezeSource() throws Exception {
    if (state.get() != CutoverState.FROZEN) {
      throw new InterruptedException("aborted");
    }
    String unfrozen;
    try {
      unfrozen = parts.sourceFreeze().lift();
    } catch (Exception e) {
      throw new CutoverException(
          ("unfreezing the old source failed (%s); check it: where it accepts writes again, the"
                  + " target is unfrozen too and the application may write to either")
              .formatted(e.getMessage()));
    }
    long downtimeMs = Duration.between(frozenAt, parts.clock().instant()).toMillis();
    transition(CutoverState.FROZEN, CutoverState.DONE);
    parts.store().finish(attempt, AttemptState.ROLLED_BACK, downtimeMs, null);
    return "old source: %s; downtime %.2f s (target frozen to old source writable)"
        .formatted(unfrozen, downtimeMs / 1000.0);
  }

  private String done() throws Exception {
    String hook;
    try {
      hook = doneHook.isSet() ? doneHook.run(settings.timeout()) : "no rollback.done-hook set";
    } catch (Exception e) {
      hook = "the done hook failed (" + e.getMessage() + "): repoint the application yourself";
      log.error("Rollback done, but {}", hook);
    }
    parts.reverse().finish();
    CutoverRecords.Attempt done = parts.store().latest().orElseThrow();
    String summary =
        "the old source has taken over again; downtime %.2f s (target frozen to old source writable); the target stays frozen; the reverse stream stops; %s"
            .formatted(done.downtimeMs() / 1000.0, hook);
    parts.store().log(summary);
    return summary;
  }

  private void step(Step step, Callable<String> work) throws Exception {
    if (state.get().rollingBack()) {
      throw new InterruptedException("aborted");
    }
    parts.store().stepStarted(attempt, step.label());
    log.info("Rollback attempt {}: {}", attempt, step.label());
    String detail;
    try {
      detail = work.call();
    } catch (Exception e) {
      String outcome = state.get().rollingBack() ? "aborted" : "failed";
      parts.store().stepFinished(attempt, step.label(), outcome, message(e));
      throw e;
    }
    parts.store().stepFinished(attempt, step.label(), "ok", detail);
    log.info("Rollback attempt {}: {} done: {}", attempt, step.label(), detail);
  }

  private void rollBack(Throwable cause) {
    if (state.get() == CutoverState.DONE) {
      log.error("Rollback done, then failed afterwards", cause);
      return;
    }
    startRollingBack();
    String reason = abortReason != null ? abortReason : message(cause);
    log.warn("Rollback attempt {} aborted: {}", attempt, reason);
    String undo = unfreezeTarget();
    try {
      parts.store().finish(attempt, AttemptState.ABORTED, null, reason + "; " + undo);
      parts.store().log("rollback aborted: " + reason + "; " + undo);
    } catch (Exception e) {
      log.error("Could not record the rollback's abort", e);
    }
    if (!transition(CutoverState.ABORTING, CutoverState.IDLE)) {
      transition(CutoverState.UNFREEZING, CutoverState.IDLE);
    }
  }

  /** Undoes the target's freeze, once the freeze step was entered (as {@link Cutover} does). */
  private synchronized String unfreezeTarget() {
    if (!state.get().mayBeFrozen()) {
      return "the target was not frozen";
    }
    try {
      String done = parts.targetFreeze().unfreeze();
      parts.store().frozen(attempt, false);
      return "target: " + done;
    } catch (Exception e) {
      log.error("COULD NOT UNFREEZE THE TARGET: {}", e.getMessage(), e);
      return "UNFREEZING THE TARGET FAILED (" + e.getMessage() + "): unfreeze it by hand now";
    }
  }

  private Thread watchdog() {
    Thread t =
        new Thread(
            () -> {
              try {
                Thread.sleep(settings.timeout().toMillis());
                abort(
                    "the target's freeze lasted longer than cutover.timeout (%d s)"
                        .formatted(settings.timeout().toSeconds()));
              } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
              } catch (Exception e) {
                log.debug("Rollback watchdog: {}", e.getMessage());
              }
            },
            "godwit-rollback-watchdog");
    t.setDaemon(true);
    t.start();
    return t;
  }

  private Duration remaining() throws CutoverException {
    Duration left = settings.timeout().minus(Duration.between(frozenAt, parts.clock().instant()));
    if (left.isNegative() || left.isZero()) {
      throw new CutoverException(
          "the target's freeze lasted longer than cutover.timeout (%d s)"
              .formatted(settings.timeout().toSeconds()));
    }
    return left;
  }

  private double secondsSince(Instant start) {
    return Duration.between(start, parts.clock().instant()).toMillis() / 1000.0;
  }

  private static String describe(List<Cutover.Check> checks) {
    List<String> described = new ArrayList<>();
    for (Cutover.Check c : checks) {
      described.add((c.ok() ? "ok: " : "FAILED: ") + c.name() + " (" + c.detail() + ")");
    }
    return String.join("; ", described);
  }

  private static String message(Throwable e) {
    return e instanceof InterruptedException
        ? "aborted"
        : e.getMessage() == null ? e.getClass().getSimpleName() : e.getMessage();
  }

  /**
   * Proves zero lag of the reverse stream for everything the target committed before the call, as
   * its drain step does: the fence of {@code godwit validate --reverse}.
   */
  public void drainReverse(Duration timeout) throws Exception {
    parts.reverse().drain(timeout);
  }
}
