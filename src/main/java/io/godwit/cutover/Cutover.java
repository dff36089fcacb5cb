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
 * #recover}). The attempts' lifecycle, shared with {@link Rollback}, is {@link SwitchAttempts}.
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
  public record Check(String name, boolean ok, String detail) {

    /**
     * Whether a stream's lag is proven and under {@code cutover.lag-threshold}.
     *
     * @param lag the lag as the check names it: {@code lag}, {@code reverse lag}
     * @param seconds the lag now; NaN while it is not proven
     */
    static Check lagUnder(String lag, double seconds, Duration threshold) {
      double limit = threshold.toMillis() / 1000.0;
      return new Check(
          lag + " under cutover.lag-threshold",
          !Double.isNaN(seconds) && seconds < limit,
          Double.isNaN(seconds)
              ? lag + " not proven yet"
              : "%s %.1f s, threshold %.1f s".formatted(lag, seconds, limit));
    }

    /**
     * Whether every table's last validation was clean.
     *
     * @param validation the validation as the check names it: {@code validation}, {@code reverse
     *     validation}
     * @param problem the first problem of the last validations, if any
     */
    static Check lastClean(String validation, Optional<String> problem) {
      return new Check(
          "last " + validation + " clean",
          problem.isEmpty(),
          problem.orElse("every table's last " + validation + " was clean"));
    }

    /** How the attempt's records name it: whether it holds, its name and detail. */
    String described() {
      return (ok ? "ok: " : "FAILED: ") + name + " (" + detail + ")";
    }
  }

  /**
   * The parts the cutover works with.
   *
   * @param pausePoints where tests stop the cutover; {@link PausePoints#NONE} in production
   * @param clock times the freeze against {@code cutover.timeout} and measures the downtime
   * @param targetFreeze the target's freeze a rollback left, when the migration runs forward again
   *     after one: lifted once the attempt is done, before the done hook; empty otherwise
   */
  public record Parts(
      CutoverDatabases databases,
      Freeze freeze,
      Optional<Freeze> targetFreeze,
      RunningMigration streaming,
      FinalValidation validation,
      CutoverStore store,
      CutoverMeters meters,
      PausePoints pausePoints,
      Clock clock) {}

  private static final SwitchWording WORDING =
      new SwitchWording(
          "cutover",
          "source",
          "the freeze",
          "",
          "",
          "the cutover is done and cannot be aborted; fix: roll back as ops/runbooks/rollback.md says");

  private final String migration;
  private final CutoverSettings settings;
  private final Parts parts;
  private final Hook doneHook;
  private final SwitchAttempts attempts;

  public Cutover(String migration, CutoverSettings settings, Parts parts) {
    this.migration = migration;
    this.settings = settings;
    this.parts = parts;
    this.doneHook = new Hook("cutover.done-hook", settings.doneHook(), settings.hookEnvironment());
    this.attempts =
        new SwitchAttempts(
            migration,
            WORDING,
            settings.timeout(),
            parts.freeze(),
            parts.store(),
            parts.clock(),
            parts.meters()::step,
            new SwitchSteps(
                AttemptState.DONE,
                latest ->
                    "migration %s was cut over at %s; there is nothing left to cut over"
                        .formatted(migration, latest.finishedAt()),
                this::preconditions,
                () -> FreezeWindow.expectedSeconds(parts.streaming(), parts.validation()),
                this::runSteps,
                this::releaseReverse));
    parts.meters().threshold(settings.lagThreshold());
  }

  /**
   * Checks the preconditions; unless {@code dryRun}, starts the steps in the background when they
   * hold, or records a refused attempt when they do not.
   */
  public CutoverView start(boolean dryRun) throws Exception {
    return attempts.start(dryRun, Step.PRECONDITIONS.label());
  }

  /** The operator confirms writes stopped ({@code cutover.freeze: manual}). */
  public CutoverView confirm() throws Exception {
    return attempts.confirm();
  }

  /**
   * Abandons the running cutover: the source is unfrozen and streaming goes on. Refused once the
   * cutover is done (see the rollback runbook).
   */
  public CutoverView abort(String reason) throws Exception {
    return attempts.abort(reason);
  }

  /** Aborts a running cutover before the process stops, so the source is not left frozen. */
  public void abortIfRunning(String reason) {
    attempts.abortIfRunning(reason);
  }

  /**
   * On start: an attempt left running by a process that died is rolled back (the source unfrozen).
   *
   * @return what was done, or empty when nothing was left over
   */
  public Optional<String> recover() throws Exception {
    Optional<CutoverRecords.Attempt> left = attempts.recovery().leftRunning();
    return left.isEmpty() ? Optional.empty() : Optional.of(attempts.recovery().undo(left.get()));
  }

  /** True once a cutover finished in this process: the run stops. */
  public boolean finished() {
    return attempts.done();
  }

  /** The cutover as the API, CLI and status page show it. */
  public CutoverView view(boolean dryRun) throws Exception {
    return attempts.view(dryRun);
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
    checks.add(Check.lagUnder("lag", parts.streaming().lagSeconds(), settings.lagThreshold()));
    checks.add(Check.lastClean("validation", parts.validation().lastProblem()));
    return checks;
  }

  private void runSteps() throws Exception {
    if (parts.databases().reverse()) {
      // before the freeze and its watchdog: creating a PostgreSQL slot waits for every
      // transaction running on the target's server, which must not count as frozen time
      attempts.step(Step.REVERSE.label(), () -> parts.databases().prepareReverse());
    }
    // started before the freeze, which can itself wait on the source
    attempts.watchFreeze();
    attempts.step(Step.FREEZE.label(), attempts::freeze);
    FreezeWindow.Drained drained =
        attempts.drainStep(
            Step.DRAIN.label(),
            parts.databases()::sourcePosition,
            parts.streaming(),
            parts.pausePoints()::duringDrain,
            "source at %s; capture passed it and the applier reached every partition's end in %.1f s");
    attempts.step(Step.VALIDATE.label(), () -> parts.validation().validate());
    parts.pausePoints().afterFinalValidation();
    attempts.step(Step.SEQUENCES.label(), () -> parts.databases().sequences());
    attempts.step(Step.DONE.label(), () -> done(drained));
  }

  private String done(FreezeWindow.Drained drained) throws Exception {
    long leaked = attempts.window().leakedSince(drained, parts.streaming());
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
      parts.store().reversePosition(attempts.attempt(), position);
      reverse = "the reverse stream starts at " + position;
    }
    String objects = parts.databases().createObjects();
    // under the lock an abort moves the state with: it comes before this, or finds the cutover done
    long downtimeMs =
        attempts.whileFrozen(
            () -> {
              long frozenMs = attempts.window().frozenMillis();
              parts.store().finish(attempts.attempt(), AttemptState.DONE, frozenMs, null);
              attempts.markDone();
              return frozenMs;
            },
            () ->
                log.warn("Cutover aborted at the done step: {}", parts.databases().dropObjects()));
    parts.meters().step(Step.DONE.label());
    parts.meters().downtime(downtimeMs / 1000.0);
    String target = unfreezeTarget();
    String onUpdate = onUpdateTriggers();
    String hook = attempts.doneHook(doneHook, settings.timeout());
    parts.streaming().finish();
    String summary =
        "the target has taken over; downtime %.2f s (freeze to done); the source stays frozen; %s%s; %s; triggers, events and grants %s; %s"
            .formatted(downtimeMs / 1000.0, target, reverse, onUpdate, objects, hook);
    parts.store().log(summary);
    return summary;
  }

  /**
   * Lifts the target's freeze a rollback left, once the attempt is done: the application may write
   * to the target from here on, and not before (the source was the primary until the freeze).
   *
   * @return what was done, to put before the summary's reverse stream; empty when nothing was
   *     frozen
   */
  private String unfreezeTarget() {
    if (parts.targetFreeze().isEmpty()) {
      return "";
    }
    return attempts.afterDone(
        () ->
            "the target's freeze by the rollback lifted: "
                + parts.targetFreeze().get().unfreeze()
                + "; ",
        "lifting the target's freeze by the rollback failed (%s): unfreeze the target by hand"
            + " (PostgreSQL: ALTER DATABASE ... RESET default_transaction_read_only); ");
  }

  /**
   * The triggers of {@code ON UPDATE} columns, created once the cutover is done and before the done
   * hook repoints the application: created earlier, an abort would leave them overwriting the
   * values the applier goes on replicating.
   */
  private String onUpdateTriggers() {
    return attempts.afterDone(
        parts.databases()::onUpdateTriggers,
        "creating the triggers of ON UPDATE columns failed (%s): run the ON_UPDATE definitions of"
            + " plan --json on the target");
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
}
