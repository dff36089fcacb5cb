package io.godwit.cutover;

import io.godwit.config.CutoverSettings;
import io.godwit.error.ErrorCode;
import io.godwit.error.GodwitException;
import io.godwit.snapshot.PausePoints;
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
import java.util.stream.Collectors;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The cutover state machine, run inside {@code godwit run}. Its steps follow the design: check the
 * preconditions, freeze writes on the source, drain to proven zero lag, validate every table, move
 * sequences (the identity counters and the carried standalone sequences), done (the carried
 * triggers, events and grants are created first: a failure to create them rolls back like any
 * other, and an abort that comes after drops them again). Every step is persisted ({@link
 * CutoverStore}) before and after it runs. Any failure, the freeze outliving {@code
 * cutover.timeout}, an operator's abort or a signal rolls back: the source is unfrozen and
 * streaming goes on. A run that died while frozen unfreezes the source when it starts again ({@link
 * #recover}). The attempt under way moves through {@link CutoverState} by {@link #transition}.
 */
public final class Cutover {

  private static final Logger log = LoggerFactory.getLogger(Cutover.class);

  /** The steps, in order. */
  public enum Step {
    PRECONDITIONS,
    /** Makes ready the reverse stream's start on the target; only with {@code rollback.reverse}. */
    REVERSE,
    FREEZE,
    DRAIN,
    VALIDATE,
    SEQUENCES,
    DONE;

    public String label() {
      return name().toLowerCase(java.util.Locale.ROOT);
    }
  }

  /** A precondition and whether it holds. */
  public record Check(String name, boolean ok, String detail) {}

  /**
   * The parts the cutover works with.
   *
   * @param pausePoints where tests stop the cutover; {@link PausePoints#NONE} in production
   * @param clock times the freeze against {@code cutover.timeout} and measures the downtime
   */
  public record Parts(
      CutoverDatabases databases,
      Freeze freeze,
      RunningMigration streaming,
      FinalValidation validation,
      CutoverStore store,
      CutoverMeters meters,
      PausePoints pausePoints,
      Clock clock) {}

  private final String migration;
  private final CutoverSettings settings;
  private final Parts parts;
  private final Hook doneHook;
  private final AtomicReference<CutoverState> state = new AtomicReference<>(CutoverState.IDLE);
  private Thread runner;
  private volatile int attempt;
  private volatile String abortReason;
  private volatile Instant frozenAt;
  private volatile List<Check> lastChecks = List.of();
  private volatile double expectedFreeze = Double.NaN;

  public Cutover(String migration, CutoverSettings settings, Parts parts) {
    this.migration = migration;
    this.settings = settings;
    this.parts = parts;
    this.doneHook = new Hook("cutover.done-hook", settings.doneHook(), settings.hookEnvironment());
    parts.meters().threshold(settings.lagThreshold());
  }

  /**
   * Checks the preconditions; unless {@code dryRun}, starts the steps in the background when they
   * hold, or records a refused attempt when they do not.
   */
  public synchronized CutoverView start(boolean dryRun) throws Exception {
    if (running()) {
      throw new GodwitException(
          ErrorCode.MIGRATION_STATE,
          "a cutover is already running (attempt %d); fix: follow it with `godwit cutover`, or stop it with `godwit cutover --abort`"
              .formatted(attempt));
    }
    Optional<CutoverRecords.Attempt> latest = parts.store().latest();
    if (latest.isPresent() && latest.get().state() == AttemptState.DONE) {
      throw new GodwitException(
          ErrorCode.MIGRATION_STATE,
          "migration %s was cut over at %s; there is nothing left to cut over"
              .formatted(migration, latest.get().finishedAt()));
    }
    lastChecks = preconditions();
    expectedFreeze = expectedFreezeSeconds();
    boolean ok = lastChecks.stream().allMatch(Check::ok);
    if (dryRun) {
      parts.store().log("dry run: preconditions " + (ok ? "hold" : "fail"));
      return view(true);
    }
    attempt =
        parts
            .store()
            .begin(AttemptState.RUNNING, Step.PRECONDITIONS.label(), parts.freeze().mode());
    parts.store().stepStarted(attempt, Step.PRECONDITIONS.label());
    String detail = describe(lastChecks);
    if (!ok) {
      parts.store().stepFinished(attempt, Step.PRECONDITIONS.label(), "failed", detail);
      parts
          .store()
          .finish(attempt, AttemptState.REFUSED, null, "preconditions do not hold: " + detail);
      parts.meters().step("refused");
      return view(false);
    }
    parts.store().stepFinished(attempt, Step.PRECONDITIONS.label(), "ok", detail);
    if (!transition(CutoverState.IDLE, CutoverState.RUNNING)) {
      throw new IllegalStateException(
          "cutover attempt %d began while this process's last one is %s"
              .formatted(attempt, state.get()));
    }
    abortReason = null;
    runner = new Thread(this::runSteps, "godwit-cutover");
    runner.setDaemon(true);
    runner.start();
    return view(false);
  }

  /** The operator confirms writes stopped ({@code cutover.freeze: manual}). */
  public CutoverView confirm() throws Exception {
    if (!parts.freeze().waitingForOperator()) {
      throw new GodwitException(
          ErrorCode.MIGRATION_STATE, "the cutover is not waiting for a confirmation");
    }
    parts.freeze().confirm();
    return view(false);
  }

  /**
   * Abandons the running cutover: the source is unfrozen and streaming goes on. Refused once the
   * cutover is done (see the rollback runbook).
   */
  public CutoverView abort(String reason) throws Exception {
    Thread steps;
    synchronized (this) {
      if (!running()) {
        throw new GodwitException(ErrorCode.MIGRATION_STATE, "no cutover is running");
      }
      if (state.get() == CutoverState.DONE) {
        throw new GodwitException(
            ErrorCode.MIGRATION_STATE,
            "the cutover is done and cannot be aborted; fix: roll back as ops/runbooks/rollback.md says");
      }
      if (startRollingBack()) {
        abortReason = reason;
      }
      steps = runner;
    }
    steps.interrupt();
    steps.join(30_000);
    if (steps.isAlive()) {
      log.warn("The cutover step does not answer the abort; unfreezing the source now");
      unfreeze();
    }
    return view(false);
  }

  /** Aborts a running cutover before the process stops, so the source is not left frozen. */
  public void abortIfRunning(String reason) {
    if (running() && state.get() != CutoverState.DONE) {
      try {
        abort(reason);
      } catch (Exception e) {
        log.error("Could not abort the cutover cleanly", e);
      }
    }
  }

  /**
   * On start: an attempt left running by a process that died is rolled back (the source unfrozen).
   *
   * @return what was done, or empty when nothing was left over
   */
  public Optional<String> recover() throws Exception {
    Optional<CutoverRecords.Attempt> latest = parts.store().latest();
    if (latest.isEmpty() || latest.get().state() != AttemptState.RUNNING) {
      return Optional.empty();
    }
    CutoverRecords.Attempt left = latest.get();
    String undo =
        (left.frozen() ? parts.freeze().unfreeze() : "the source was not frozen")
            + releaseReverse();
    parts.store().frozen(left.attempt(), false);
    String message =
        "the process stopped during cutover attempt %d, step %s; on restart: %s"
            .formatted(left.attempt(), left.step(), undo);
    parts.store().finish(left.attempt(), AttemptState.ABORTED, null, message);
    parts.store().log(message);
    return Optional.of(message);
  }

  /** True once a cutover finished in this process: the run stops. */
  public boolean finished() {
    return state.get() == CutoverState.DONE;
  }

  /** The cutover as the API, CLI and status page show it. */
  public CutoverView view(boolean dryRun) throws Exception {
    return new CutoverView(
        migration,
        parts.store().latest(),
        lastChecks,
        expectedFreeze,
        dryRun,
        parts.freeze().waitingForOperator(),
        parts.freeze().mode());
  }

  private boolean running() {
    return runner != null && runner.isAlive();
  }

  /**
   * Moves the state from {@code from} to {@code to} in one compare-and-set.
   *
   * @return false, with nothing changed, when the state is not {@code from}
   */
  private boolean transition(CutoverState from, CutoverState to) {
    if (!from.canMoveTo(to)) {
      throw new IllegalArgumentException("no cutover transition from %s to %s".formatted(from, to));
    }
    boolean moved = state.compareAndSet(from, to);
    if (moved) {
      log.debug("Cutover attempt {}: {} -> {}", attempt, from, to);
    }
    return moved;
  }

  /**
   * Starts rolling back: before the freeze step there is nothing to undo, after it the source is
   * unfrozen.
   *
   * @return false when the attempt was neither running nor frozen (already rolling back, or done)
   */
  private boolean startRollingBack() {
    return transition(CutoverState.RUNNING, CutoverState.ABORTING)
        || transition(CutoverState.FROZEN, CutoverState.UNFREEZING);
  }

  private List<Check> preconditions() throws Exception {
    List<Check> checks = new ArrayList<>();
    List<String> notStreaming = parts.streaming().notStreaming();
    checks.add(
        new Check(
            "every table streaming",
            notStreaming.isEmpty(),
            notStreaming.isEmpty()
                ? "all tables copied and streaming"
                : String.join("; ", notStreaming)));
    List<String> paused = parts.streaming().applyPaused();
    checks.add(
        new Check(
            "no table's applier paused",
            paused.isEmpty(),
            paused.isEmpty()
                ? "the applier applies every table"
                : ("the applier is paused for %s; fix: resume it with POST /api/apply/resume"
                        + " {\"tables\": [%s]} (or {\"all\": true}), see"
                        + " ops/runbooks/pausing-the-applier.md")
                    .formatted(
                        String.join(", ", paused),
                        paused.stream()
                            .map(t -> "\"" + t + "\"")
                            .collect(Collectors.joining(", ")))));
    double lag = parts.streaming().lagSeconds();
    double threshold = settings.lagThreshold().toMillis() / 1000.0;
    checks.add(
        new Check(
            "lag under cutover.lag-threshold",
            !Double.isNaN(lag) && lag < threshold,
            Double.isNaN(lag)
                ? "lag not proven yet"
                : "lag %.1f s, threshold %.1f s".formatted(lag, threshold)));
    Optional<String> validation = parts.validation().lastProblem();
    checks.add(
        new Check(
            "last validation clean",
            validation.isEmpty(),
            validation.orElse("every table's last validation was clean")));
    return checks;
  }

  private double expectedFreezeSeconds() throws Exception {
    double rate = Math.max(1, parts.streaming().applyRate());
    double lag = parts.streaming().lagSeconds();
    double drain = (Double.isNaN(lag) ? 0 : lag) + parts.streaming().recordsBehind() / rate + 0.5;
    return drain + parts.validation().expectedSeconds() + 0.5;
  }

  private void runSteps() {
    Thread watchdog = null;
    try {
      if (parts.databases().reverse()) {
        // before the freeze and its watchdog: creating a PostgreSQL slot waits for every
        // transaction running on the target's server, which must not count as frozen time
        step(Step.REVERSE, () -> parts.databases().prepareReverse());
      }
      // started before the freeze, which can itself wait on the source
      watchdog = watchdog();
      step(
          Step.FREEZE,
          () -> {
            if (!transition(CutoverState.RUNNING, CutoverState.FROZEN)) {
              throw new InterruptedException("aborted");
            }
            parts.store().frozen(attempt, true);
            frozenAt = parts.clock().instant();
            String done = parts.freeze().freeze();
            if (parts.freeze() instanceof ManualFreeze) {
              frozenAt = parts.clock().instant();
            }
            return done;
          });
      long[] appliedAfterDrain = new long[1];
      step(
          Step.DRAIN,
          () -> {
            String position = parts.databases().sourcePosition();
            parts.store().position(attempt, position);
            Instant started = parts.clock().instant();
            parts.pausePoints().duringDrain();
            parts.streaming().drain(remaining());
            appliedAfterDrain[0] = parts.streaming().eventsApplied();
            return "source at %s; capture passed it and the applier reached every partition's end in %.1f s"
                .formatted(position, secondsSince(started));
          });
      step(Step.VALIDATE, () -> parts.validation().validate());
      parts.pausePoints().afterFinalValidation();
      step(Step.SEQUENCES, () -> parts.databases().sequences());
      step(Step.DONE, () -> done(appliedAfterDrain[0]));
    } catch (Throwable e) {
      rollBack(e);
    } finally {
      if (watchdog != null) {
        watchdog.interrupt();
      }
    }
  }

  private String done(long appliedAfterDrain) throws Exception {
    parts.streaming().drain(remaining());
    long leaked = parts.streaming().eventsApplied() - appliedAfterDrain;
    if (leaked != 0) {
      throw new CutoverException(
          ("%d change(s) reached the source after the freeze; fix: make sure the freeze stops every"
                  + " writer (with read-only: application users must not have SUPER or READ_ONLY"
                  + " ADMIN; list them in cutover.app-roles), then cut over again")
              .formatted(leaked));
    }
    String reverse = "no reverse stream (rollback.reverse)";
    if (parts.databases().reverse()) {
      // R0: every forward change is applied (the drain above) and the application is not on the
      // target yet (the done hook below repoints it), so the reverse stream starts exactly here
      String position = parts.databases().reversePosition();
      parts.store().reversePosition(attempt, position);
      reverse = "the reverse stream starts at " + position;
    }
    String objects = parts.databases().createObjects();
    long downtimeMs;
    // under the lock an abort moves the state with: it comes before this, or finds the cutover done
    synchronized (this) {
      if (state.get() != CutoverState.FROZEN) {
        log.warn("Cutover aborted at the done step: {}", parts.databases().dropObjects());
        throw new InterruptedException("aborted");
      }
      downtimeMs = Duration.between(frozenAt, parts.clock().instant()).toMillis();
      parts.store().finish(attempt, AttemptState.DONE, downtimeMs, null);
      transition(CutoverState.FROZEN, CutoverState.DONE);
    }
    parts.meters().step(Step.DONE.label());
    parts.meters().downtime(downtimeMs / 1000.0);
    String onUpdate = onUpdateTriggers();
    String hook;
    try {
      hook = doneHook.isSet() ? doneHook.run(settings.timeout()) : "no cutover.done-hook set";
    } catch (Exception e) {
      hook = "the done hook failed (" + e.getMessage() + "): repoint the application yourself";
      log.error("Cutover done, but {}", hook);
    }
    parts.streaming().finish();
    String summary =
        "the target has taken over; downtime %.2f s (freeze to done); the source stays frozen; %s; %s; triggers, events and grants %s; %s"
            .formatted(downtimeMs / 1000.0, reverse, onUpdate, objects, hook);
    parts.store().log(summary);
    return summary;
  }

  /**
   * The triggers of {@code ON UPDATE} columns, created once the cutover is done and before the done
   * hook repoints the application: created earlier, an abort would leave them overwriting the
   * values the applier goes on replicating.
   */
  private String onUpdateTriggers() {
    try {
      return parts.databases().onUpdateTriggers();
    } catch (Exception e) {
      String failed =
          ("creating the triggers of ON UPDATE columns failed (%s): run the ON_UPDATE definitions"
                  + " of plan --json on the target")
              .formatted(e.getMessage());
      log.error("Cutover done, but {}", failed);
      return failed;
    }
  }

  private void step(Step step, Callable<String> work) throws Exception {
    if (state.get().rollingBack()) {
      throw new InterruptedException("aborted");
    }
    parts.meters().step(step.label());
    parts.store().stepStarted(attempt, step.label());
    log.info("Cutover attempt {}: {}", attempt, step.label());
    String detail;
    try {
      detail = work.call();
    } catch (Exception e) {
      String outcome = state.get().rollingBack() ? "aborted" : "failed";
      parts.store().stepFinished(attempt, step.label(), outcome, message(e));
      throw e;
    }
    parts.store().stepFinished(attempt, step.label(), "ok", detail);
    log.info("Cutover attempt {}: {} done: {}", attempt, step.label(), detail);
  }

  private void rollBack(Throwable cause) {
    if (state.get() == CutoverState.DONE) {
      log.error("Cutover done, then failed afterwards", cause);
      return;
    }
    startRollingBack();
    String reason = abortReason != null ? abortReason : message(cause);
    log.warn("Cutover attempt {} aborted: {}", attempt, reason);
    String undo = unfreeze() + releaseReverse();
    try {
      parts.store().finish(attempt, AttemptState.ABORTED, null, reason + "; " + undo);
      parts.store().log("aborted: " + reason + "; " + undo);
    } catch (Exception e) {
      log.error("Could not record the cutover's abort", e);
    }
    parts.meters().step("aborted");
    if (!transition(CutoverState.ABORTING, CutoverState.IDLE)) {
      transition(CutoverState.UNFREEZING, CutoverState.IDLE);
    }
  }

  /**
   * Undoes the freeze. Once the freeze step was entered it runs whatever an earlier call did: an
   * abort that unfroze while the freeze still waited on the source is undone by the freeze
   * completing afterwards, so the step's own roll-back unfreezes again.
   */
  private synchronized String unfreeze() {
    if (!state.get().mayBeFrozen()) {
      return "the source was not frozen";
    }
    try {
      String done = parts.freeze().unfreeze();
      parts.store().frozen(attempt, false);
      return done;
    } catch (Exception e) {
      log.error("COULD NOT UNFREEZE THE SOURCE: {}", e.getMessage(), e);
      return "UNFREEZING THE SOURCE FAILED (" + e.getMessage() + "): unfreeze it by hand now";
    }
  }

  /**
   * Drops what the reverse step made, so an aborted attempt's slot does not hold the target's WAL
   * while the forward stream goes on; the next attempt makes it again.
   *
   * @return what was done, to append to the abort's message; empty without a reverse stream
   */
  private String releaseReverse() {
    if (!parts.databases().reverse()) {
      return "";
    }
    try {
      return "; reverse stream: " + parts.databases().releaseReverse();
    } catch (Exception e) {
      log.error("Could not drop the reverse stream's slot: {}", e.getMessage(), e);
      return "; dropping the reverse stream's slot failed ("
          + e.getMessage()
          + "): drop it on the target by hand (pg_drop_replication_slot)";
    }
  }

  private Thread watchdog() {
    Thread t =
        new Thread(
            () -> {
              try {
                Thread.sleep(settings.timeout().toMillis());
                abort(
                    "the freeze lasted longer than cutover.timeout (%d s)"
                        .formatted(settings.timeout().toSeconds()));
              } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
              } catch (Exception e) {
                log.debug("Cutover watchdog: {}", e.getMessage());
              }
            },
            "godwit-cutover-watchdog");
    t.setDaemon(true);
    t.start();
    return t;
  }

  private Duration remaining() throws CutoverException {
    Duration left = settings.timeout().minus(Duration.between(frozenAt, parts.clock().instant()));
    if (left.isNegative() || left.isZero()) {
      throw new CutoverException(
          "the freeze lasted longer than cutover.timeout (%d s)"
              .formatted(settings.timeout().toSeconds()));
    }
    return left;
  }

  private double secondsSince(Instant start) {
    return Duration.between(start, parts.clock().instant()).toMillis() / 1000.0;
  }

  private static String describe(List<Check> checks) {
    List<String> parts = new ArrayList<>();
    for (Check c : checks) {
      parts.add((c.ok() ? "ok: " : "FAILED: ") + c.name() + " (" + c.detail() + ")");
    }
    return String.join("; ", parts);
  }

  private static String message(Throwable e) {
    return e instanceof InterruptedException
        ? "aborted"
        : e.getMessage() == null ? e.getClass().getSimpleName() : e.getMessage();
  }
}
