package io.godwit.cutover;

import io.godwit.error.ErrorCode;
import io.godwit.error.GodwitException;
import io.godwit.state.AttemptState;
import io.godwit.state.CutoverRecords;
import java.time.Clock;
import java.time.Duration;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.Callable;
import java.util.concurrent.atomic.AtomicReference;
import java.util.function.Consumer;
import java.util.stream.Collectors;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The persisted attempts of one switch, a {@link Cutover} or a {@link Rollback}: what both do
 * around their own steps. An attempt begins with its preconditions, recorded in the {@link
 * CutoverStore} (refused there when they do not hold); its steps run in the background, each
 * persisted before and after it runs; the frozen stretch is timed against {@code cutover.timeout}
 * by its {@link FreezeWindow}; an operator's abort, a failure or the timeout rolls the attempt back
 * (the frozen side unfrozen, and whatever {@link SwitchSteps#release} undoes); an attempt a dead
 * process left running is undone on restart by its {@link AttemptRecovery}. The attempt under way
 * moves through {@link CutoverState} by compare-and-set, under this object's lock wherever an abort
 * must come either before a step or after it.
 */
final class SwitchAttempts {

  private static final Logger log = LoggerFactory.getLogger(SwitchAttempts.class);

  private final String migration;
  private final SwitchWording wording;
  private final Freeze freeze;
  private final CutoverStore store;
  private final Consumer<String> meter;
  private final SwitchSteps steps;
  private final FreezeWindow window;
  private final AttemptRecovery recovery;
  private final AtomicReference<CutoverState> state = new AtomicReference<>(CutoverState.IDLE);
  private Thread runner;
  private volatile int attempt;
  private volatile String abortReason;
  private volatile List<Cutover.Check> lastChecks = List.of();
  private volatile double expectedFreeze = Double.NaN;

  /**
   * @param timeout {@code cutover.timeout}
   * @param freeze the freeze of the side the switch takes writes from
   * @param meter counts each step by its label, and {@code refused} and {@code aborted}
   */
  SwitchAttempts(
      String migration,
      SwitchWording wording,
      Duration timeout,
      Freeze freeze,
      CutoverStore store,
      Clock clock,
      Consumer<String> meter,
      SwitchSteps steps) {
    this.migration = migration;
    this.wording = wording;
    this.freeze = freeze;
    this.store = store;
    this.meter = meter;
    this.steps = steps;
    this.window = new FreezeWindow(wording, timeout, clock);
    this.recovery = new AttemptRecovery(wording, freeze, store, steps.release());
  }

  /**
   * Checks the preconditions; unless {@code dryRun}, starts the steps in the background when they
   * hold, or records a refused attempt when they do not.
   *
   * @param first the label of the preconditions' step
   */
  synchronized CutoverView start(boolean dryRun, String first) throws Exception {
    if (running()) {
      throw new GodwitException(
          ErrorCode.MIGRATION_STATE,
          "a %1$s is already running (attempt %2$d); fix: follow it with `godwit %1$s`, or stop it with `godwit %1$s --abort`"
              .formatted(wording.noun(), attempt));
    }
    Optional<CutoverRecords.Attempt> latest = store.latest();
    if (latest.isPresent() && latest.get().state() == steps.end()) {
      throw new GodwitException(ErrorCode.MIGRATION_STATE, steps.ended().apply(latest.get()));
    }
    lastChecks = steps.preconditions().call();
    expectedFreeze = steps.expectedFreeze().call();
    boolean ok = lastChecks.stream().allMatch(Cutover.Check::ok);
    if (dryRun) {
      store.log(wording.logTag() + "dry run: preconditions " + (ok ? "hold" : "fail"));
      return view(true);
    }
    attempt = store.begin(AttemptState.RUNNING, first, freeze.mode());
    store.stepStarted(attempt, first);
    String detail =
        lastChecks.stream().map(Cutover.Check::described).collect(Collectors.joining("; "));
    if (!ok) {
      store.stepFinished(attempt, first, "failed", detail);
      store.finish(attempt, AttemptState.REFUSED, null, "preconditions do not hold: " + detail);
      meter.accept("refused");
      return view(false);
    }
    store.stepFinished(attempt, first, "ok", detail);
    if (!transition(CutoverState.IDLE, CutoverState.RUNNING)) {
      throw new IllegalStateException(
          "%s attempt %d began while this process's last one is %s"
              .formatted(wording.noun(), attempt, state.get()));
    }
    abortReason = null;
    window.reset();
    runner = new Thread(this::runSteps, "godwit-" + wording.noun());
    runner.setDaemon(true);
    runner.start();
    return view(false);
  }

  /** The operator confirms the application's writes stopped (manual freeze). */
  CutoverView confirm() throws Exception {
    if (!freeze.waitingForOperator()) {
      throw new GodwitException(
          ErrorCode.MIGRATION_STATE,
          "the %s is not waiting for a confirmation".formatted(wording.noun()));
    }
    freeze.confirm();
    return view(false);
  }

  /** Abandons the running attempt: the frozen side is unfrozen. Refused once it is done. */
  CutoverView abort(String reason) throws Exception {
    Thread stepping;
    synchronized (this) {
      if (!running()) {
        throw new GodwitException(
            ErrorCode.MIGRATION_STATE, "no %s is running".formatted(wording.noun()));
      }
      if (state.get() == CutoverState.DONE) {
        throw new GodwitException(ErrorCode.MIGRATION_STATE, wording.notAbortable());
      }
      if (startRollingBack()) {
        abortReason = reason;
      }
      stepping = runner;
    }
    stepping.interrupt();
    stepping.join(30_000);
    if (stepping.isAlive()) {
      log.warn(
          "The {} step does not answer the abort; unfreezing the {} now",
          wording.noun(),
          wording.side());
      unfreeze();
    }
    return view(false);
  }

  /**
   * Aborts a running attempt before the process stops, so the frozen side is not left frozen; one
   * that is done is left to end.
   */
  void abortIfRunning(String reason) {
    if (running() && state.get() != CutoverState.DONE) {
      try {
        abort(reason);
      } catch (Exception e) {
        log.error("Could not abort the {} cleanly", wording.noun(), e);
      }
    }
  }

  /** Waits up to {@code wait} for the steps of a done attempt to end. */
  void awaitSteps(Duration wait) throws InterruptedException {
    Thread stepping = runner;
    if (stepping != null) {
      stepping.join(wait.toMillis());
    }
  }

  /** On start: the attempt a dead process left running, found and undone. */
  AttemptRecovery recovery() {
    return recovery;
  }

  /** On start: {@code left} was finished as {@code message} says; this process sees it done. */
  void finished(CutoverRecords.Attempt left, AttemptState end, String message) throws Exception {
    store.finish(left.attempt(), end, null, message);
    state.set(CutoverState.DONE);
    store.log(message);
  }

  /** True once an attempt was done, by this process or on its restart. */
  boolean done() {
    return state.get() == CutoverState.DONE;
  }

  boolean running() {
    return runner != null && runner.isAlive();
  }

  CutoverView view(boolean dryRun) throws Exception {
    return new CutoverView(
        migration,
        store.latest(),
        lastChecks,
        expectedFreeze,
        dryRun,
        freeze.waitingForOperator(),
        running(),
        freeze.mode());
  }

  /** The attempt the steps run for. */
  int attempt() {
    return attempt;
  }

  /** Starts timing the freeze against {@code cutover.timeout}; before the freeze step. */
  void watchFreeze() {
    window.watch(() -> abort(window.overTime()));
  }

  /** The attempt's frozen stretch: its downtime and the drains within {@code cutover.timeout}. */
  FreezeWindow window() {
    return window;
  }

  /** The freeze step's work: the attempt is frozen from here on, whatever the freeze returns. */
  String freeze() throws Exception {
    if (!transition(CutoverState.RUNNING, CutoverState.FROZEN)) {
      throw new InterruptedException("aborted");
    }
    store.frozen(attempt, true);
    window.frozenNow();
    String done = freeze.freeze();
    if (freeze instanceof ManualFreeze) {
      window.frozenNow();
    }
    return wording.tag() + done;
  }

  /**
   * Runs {@code work} under the lock an abort moves the state with, while the attempt is frozen: an
   * abort comes before it ({@code aborted} runs, and the step fails), or after it.
   */
  synchronized <T> T whileFrozen(Callable<T> work, SwitchSteps.Work aborted) throws Exception {
    if (state.get() != CutoverState.FROZEN) {
      aborted.run();
      throw new InterruptedException("aborted");
    }
    return work.call();
  }

  /** The frozen attempt is done: it can no longer be aborted. */
  void markDone() {
    transition(CutoverState.FROZEN, CutoverState.DONE);
  }

  /**
   * The drain step: records where the frozen side stands, then drains {@code stream} to it within
   * what is left of {@code cutover.timeout}.
   *
   * @param position reads the frozen side's position
   * @param positioned runs once the position is recorded, before the drain
   * @param done the step's detail, formatted with the position and the drain's seconds
   */
  FreezeWindow.Drained drainStep(
      String label,
      Callable<String> position,
      RunningMigration stream,
      SwitchSteps.Work positioned,
      String done)
      throws Exception {
    FreezeWindow.Drained[] drained = new FreezeWindow.Drained[1];
    step(
        label,
        () -> {
          String at = position.call();
          store.position(attempt, at);
          drained[0] = window.drain(stream, positioned);
          return done.formatted(at, drained[0].seconds());
        });
    return drained[0];
  }

  /** Runs one step, persisted before and after it; refused once the attempt rolls back. */
  void step(String label, Callable<String> work) throws Exception {
    if (state.get().rollingBack()) {
      throw new InterruptedException("aborted");
    }
    meter.accept(label);
    store.stepStarted(attempt, label);
    log.info("{} attempt {}: {}", wording.title(), attempt, label);
    String detail;
    try {
      detail = work.call();
    } catch (Exception e) {
      String outcome = state.get().rollingBack() ? "aborted" : "failed";
      store.stepFinished(attempt, label, outcome, message(e));
      throw e;
    }
    store.stepFinished(attempt, label, "ok", detail);
    log.info("{} attempt {}: {} done: {}", wording.title(), attempt, label, detail);
  }

  /**
   * Work after the attempt is done, which can no longer abort it: what {@code work} did, or, when
   * it fails, {@code failed} (a format taking the failure's message, naming the fix by hand),
   * logged.
   */
  String afterDone(Callable<String> work, String failed) {
    try {
      return work.call();
    } catch (Exception e) {
      String what = failed.formatted(e.getMessage());
      log.error("{} done, but {}", wording.title(), what);
      return what;
    }
  }

  /** The done hook, run once the attempt is done ({@link #afterDone}); says so when none is set. */
  String doneHook(Hook hook, Duration timeout) {
    return afterDone(
        () -> hook.isSet() ? hook.run(timeout) : "no " + hook.name() + " set",
        "the done hook failed (%s): repoint the application yourself");
  }

  private void runSteps() {
    try {
      steps.run().run();
    } catch (Throwable e) {
      rollBack(e);
    } finally {
      window.stopWatching();
    }
  }

  /**
   * Moves the state from {@code from} to {@code to} in one compare-and-set.
   *
   * @return false, with nothing changed, when the state is not {@code from}
   */
  private boolean transition(CutoverState from, CutoverState to) {
    if (!from.canMoveTo(to)) {
      throw new IllegalArgumentException(
          "no %s transition from %s to %s".formatted(wording.noun(), from, to));
    }
    boolean moved = state.compareAndSet(from, to);
    if (moved) {
      log.debug("{} attempt {}: {} -> {}", wording.title(), attempt, from, to);
    }
    return moved;
  }

  /**
   * Starts rolling back: before the freeze step there is nothing to undo, after it the frozen side
   * is unfrozen.
   *
   * @return false when the attempt was neither running nor frozen (already rolling back, or done)
   */
  private boolean startRollingBack() {
    return transition(CutoverState.RUNNING, CutoverState.ABORTING)
        || transition(CutoverState.FROZEN, CutoverState.UNFREEZING);
  }

  private void rollBack(Throwable cause) {
    if (state.get() == CutoverState.DONE) {
      log.error("{} done, then failed afterwards", wording.title(), cause);
      return;
    }
    startRollingBack();
    String reason = abortReason != null ? abortReason : message(cause);
    log.warn("{} attempt {} aborted: {}", wording.title(), attempt, reason);
    String undo = unfreeze() + steps.release().get();
    try {
      store.finish(attempt, AttemptState.ABORTED, null, reason + "; " + undo);
      store.log(wording.logTag() + "aborted: " + reason + "; " + undo);
    } catch (Exception e) {
      log.error("Could not record the {}'s abort", wording.noun(), e);
    }
    meter.accept("aborted");
    if (!transition(CutoverState.ABORTING, CutoverState.IDLE)) {
      transition(CutoverState.UNFREEZING, CutoverState.IDLE);
    }
  }

  /**
   * Undoes the freeze. Once the freeze step was entered it runs whatever an earlier call did: an
   * abort that unfroze while the freeze still waited on its database is undone by the freeze
   * completing afterwards, so the step's own roll-back unfreezes again.
   */
  private synchronized String unfreeze() {
    if (!state.get().mayBeFrozen()) {
      return "the %s was not frozen".formatted(wording.side());
    }
    try {
      String done = freeze.unfreeze();
      store.frozen(attempt, false);
      return wording.tag() + done;
    } catch (Exception e) {
      String side = wording.side().toUpperCase(java.util.Locale.ROOT);
      log.error("COULD NOT UNFREEZE THE {}: {}", side, e.getMessage(), e);
      return "UNFREEZING THE " + side + " FAILED (" + e.getMessage() + "): unfreeze it by hand now";
    }
  }

  private static String message(Throwable e) {
    return e instanceof InterruptedException
        ? "aborted"
        : e.getMessage() == null ? e.getClass().getSimpleName() : e.getMessage();
  }
}
