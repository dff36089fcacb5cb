package io.godwit.cutover;

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
import java.util.function.Consumer;
import java.util.function.Function;
import java.util.function.Supplier;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The persisted attempts of one switch, a {@link Cutover} or a {@link Rollback}: what both do
 * around their own steps. An attempt begins with its preconditions, recorded in the {@link
 * CutoverStore} (refused there when they do not hold); its steps run in the background, each
 * persisted before and after it runs; the freeze is timed against {@code cutover.timeout} by a
 * watchdog; an operator's abort, a failure or the timeout rolls the attempt back (the frozen side
 * unfrozen, and whatever {@link Steps#release} undoes); an attempt a dead process left running is
 * undone on restart. The attempt under way moves through {@link CutoverState} by compare-and-set,
 * under this object's lock wherever an abort must come either before a step or after it.
 */
final class SwitchAttempts {

  private static final Logger log = LoggerFactory.getLogger(SwitchAttempts.class);

  /**
   * What a switch does besides the lifecycle: its own checks and steps.
   *
   * @param end the state of an attempt that switched: none may begin after it
   * @param ended the refusal to begin after such an attempt
   * @param preconditions the checks an attempt begins with
   * @param expectedFreeze how long the frozen side is expected to stay frozen, in seconds
   * @param run the steps after the preconditions, each run through {@link SwitchAttempts#step}
   * @param release what an aborted attempt undoes besides the freeze, to append to the abort's
   *     message; empty when nothing
   */
  record Steps(
      AttemptState end,
      Function<CutoverRecords.Attempt, String> ended,
      Callable<List<Cutover.Check>> preconditions,
      Callable<Double> expectedFreeze,
      Work run,
      Supplier<String> release) {}

  /** Work that may fail. */
  @FunctionalInterface
  interface Work {
    void run() throws Exception;
  }

  /**
   * How the messages name the switch.
   *
   * @param noun {@code cutover} or {@code rollback}: the command, its threads and log lines
   * @param side the database the switch freezes
   * @param freeze the freeze as a timeout names it
   * @param tag before what the freeze and the unfreeze return
   * @param logTag before the state store's log lines of a dry run and of an abort
   * @param notAbortable the refusal of an abort once the attempt is done
   */
  record Wording(
      String noun, String side, String freeze, String tag, String logTag, String notAbortable) {

    String title() {
      return Character.toUpperCase(noun.charAt(0)) + noun.substring(1);
    }
  }

  private final String migration;
  private final Wording wording;
  private final Duration timeout;
  private final Freeze freeze;
  private final CutoverStore store;
  private final Clock clock;
  private final Consumer<String> meter;
  private final Steps steps;
  private final AtomicReference<CutoverState> state = new AtomicReference<>(CutoverState.IDLE);
  private Thread runner;
  private Thread watchdog;
  private volatile int attempt;
  private volatile String abortReason;
  private volatile Instant frozenAt;
  private volatile List<Cutover.Check> lastChecks = List.of();
  private volatile double expectedFreeze = Double.NaN;

  /**
   * @param timeout {@code cutover.timeout}
   * @param freeze the freeze of the side the switch takes writes from
   * @param meter counts each step by its label, and {@code refused} and {@code aborted}
   */
  SwitchAttempts(
      String migration,
      Wording wording,
      Duration timeout,
      Freeze freeze,
      CutoverStore store,
      Clock clock,
      Consumer<String> meter,
      Steps steps) {
    this.migration = migration;
    this.wording = wording;
    this.timeout = timeout;
    this.freeze = freeze;
    this.store = store;
    this.clock = clock;
    this.meter = meter;
    this.steps = steps;
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
    String detail = describe(lastChecks);
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
    watchdog = null;
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

  /** The latest attempt, when a process that died left it running. */
  Optional<CutoverRecords.Attempt> leftRunning() throws Exception {
    return store.latest().filter(a -> a.state() == AttemptState.RUNNING);
  }

  /**
   * On start: undoes {@code left}, an attempt a dead process left running (the frozen side
   * unfrozen, and {@link Steps#release}).
   *
   * @return what was done
   */
  String undo(CutoverRecords.Attempt left) throws Exception {
    String undo =
        (left.frozen() ? freeze.unfreeze() : "the %s was not frozen".formatted(wording.side()))
            + steps.release().get();
    store.frozen(left.attempt(), false);
    String message =
        "the process stopped during %s attempt %d, step %s; on restart: %s"
            .formatted(wording.noun(), left.attempt(), left.step(), undo);
    store.finish(left.attempt(), AttemptState.ABORTED, null, message);
    store.log(message);
    return message;
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
    watchdog =
        new Thread(
            () -> {
              try {
                Thread.sleep(timeout.toMillis());
                abort(overTime());
              } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
              } catch (Exception e) {
                log.debug("{} watchdog: {}", wording.title(), e.getMessage());
              }
            },
            "godwit-" + wording.noun() + "-watchdog");
    watchdog.setDaemon(true);
    watchdog.start();
  }

  /** The freeze step's work: the attempt is frozen from here on, whatever the freeze returns. */
  String freeze() throws Exception {
    if (!transition(CutoverState.RUNNING, CutoverState.FROZEN)) {
      throw new InterruptedException("aborted");
    }
    store.frozen(attempt, true);
    frozenAt = clock.instant();
    String done = freeze.freeze();
    if (freeze instanceof ManualFreeze) {
      frozenAt = clock.instant();
    }
    return wording.tag() + done;
  }

  /**
   * Runs {@code work} under the lock an abort moves the state with, while the attempt is frozen: an
   * abort comes before it ({@code aborted} runs, and the step fails), or after it.
   */
  synchronized <T> T whileFrozen(Callable<T> work, Work aborted) throws Exception {
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
   * How long a switch is expected to stay frozen, in seconds: {@code stream}'s drain at its apply
   * rate, then the final validation.
   */
  static double expectedFreezeSeconds(RunningMigration stream, FinalValidation validation)
      throws Exception {
    double rate = Math.max(1, stream.applyRate());
    double lag = stream.lagSeconds();
    double drain = (Double.isNaN(lag) ? 0 : lag) + stream.recordsBehind() / rate + 0.5;
    return drain + validation.expectedSeconds() + 0.5;
  }

  /** Milliseconds since the freeze. */
  long frozenMillis() {
    return Duration.between(frozenAt, clock.instant()).toMillis();
  }

  /** What is left of {@code cutover.timeout} since the freeze. */
  private Duration remaining() throws CutoverException {
    Duration left = timeout.minus(Duration.between(frozenAt, clock.instant()));
    if (left.isNegative() || left.isZero()) {
      throw new CutoverException(overTime());
    }
    return left;
  }

  /**
   * How a drain ended.
   *
   * @param applied the events the stream had applied once drained
   */
  record Drained(long applied) {}

  /**
   * The drain step: records where the frozen side stands, then drains {@code stream} to it within
   * what is left of {@code cutover.timeout}.
   *
   * @param position reads the frozen side's position
   * @param positioned runs once the position is recorded, before the drain
   * @param done the step's detail, formatted with the position and the drain's seconds
   */
  Drained drainStep(
      String label,
      Callable<String> position,
      RunningMigration stream,
      Work positioned,
      String done)
      throws Exception {
    Drained[] drained = new Drained[1];
    step(
        label,
        () -> {
          String at = position.call();
          store.position(attempt, at);
          Instant started = clock.instant();
          positioned.run();
          stream.drain(remaining());
          double seconds = Duration.between(started, clock.instant()).toMillis() / 1000.0;
          drained[0] = new Drained(stream.eventsApplied());
          return done.formatted(at, seconds);
        });
    return drained[0];
  }

  /**
   * A second drain of {@code stream}: how many events it applied since the first ended with {@code
   * drained}; any is a change that slipped past the freeze.
   */
  long leakedSince(Drained drained, RunningMigration stream) throws Exception {
    stream.drain(remaining());
    return stream.eventsApplied() - drained.applied();
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

  private void runSteps() {
    try {
      steps.run().run();
    } catch (Throwable e) {
      rollBack(e);
    } finally {
      if (watchdog != null) {
        watchdog.interrupt();
      }
    }
  }

  private String overTime() {
    return "%s lasted longer than cutover.timeout (%d s)"
        .formatted(wording.freeze(), timeout.toSeconds());
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
}
