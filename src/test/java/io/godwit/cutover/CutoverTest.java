package io.godwit.cutover;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.godwit.state.AttemptState;
import io.godwit.state.CutoverRecords;
import io.godwit.testing.Waits;
import java.time.Duration;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/**
 * {@link Cutover}'s state machine against fakes ({@link CutoverRig}): no database, a clock that
 * moves only when a fake advances it, gates where a test aborts, confirms or lets the process die.
 */
class CutoverTest {

  private static final Duration TIMEOUT = Duration.ofSeconds(60);
  private static final Duration WAIT = Duration.ofSeconds(10);

  private final CutoverRig rig = new CutoverRig();

  @Test
  void aCutoverRunsEveryStepInOrderAndMeasuresTheDowntimeFromTheFreeze() throws Exception {
    rig.freeze.onFreeze = () -> rig.clock.advance(Duration.ofSeconds(1));
    rig.streaming.onDrain = () -> rig.clock.advance(Duration.ofSeconds(2));
    rig.validation.onValidate = () -> rig.clock.advance(Duration.ofSeconds(3));
    Cutover cutover = rig.cutover(TIMEOUT);

    cutover.start(false);
    awaitEnd(cutover);

    CutoverRecords.Attempt attempt = rig.store.latest().orElseThrow();
    assertThat(cutover.view(false).state()).isEqualTo(AttemptState.DONE);
    assertThat(rig.steps())
        .containsExactly(
            "preconditions:ok", "freeze:ok", "drain:ok", "validate:ok", "sequences:ok", "done:ok");
    assertThat(attempt.downtimeMs())
        .as("freeze 1 s, drain 2 s, validation 3 s, second drain 2 s")
        .isEqualTo(8_000L);
    assertThat(attempt.sourcePosition()).isEqualTo("mariadb-bin.000042:1234");
    assertThat(attempt.steps().get(2).detail())
        .contains("source at mariadb-bin.000042:1234")
        .contains("in 2.0 s");
    assertThat(rig.streaming.drainTimeouts())
        .as("each drain gets what is left of cutover.timeout")
        .containsExactly(Duration.ofSeconds(59), Duration.ofSeconds(54));
    assertThat(rig.freeze.frozen).as("the source stays frozen").isTrue();
    assertThat(rig.freeze.unfreezes).hasValue(0);
    assertThat(rig.databases.sequences).hasValue(1);
    assertThat(rig.databases.created).hasValue(1);
    assertThat(rig.streaming.finished.getCount()).as("capture and apply stopped").isZero();
    assertThat(cutover.finished()).isTrue();
    assertThat(rig.store.events()).last().asString().contains("downtime 8.00 s");
    assertThat(rig.databases.reversePrepared).as("rollback.reverse off").hasValue(0);
    assertThat(rig.store.reversePosition(1)).isNull();
  }

  @Test
  void withTheReverseStreamItsStartIsPreparedBeforeTheFreezeAndTakenAfterTheLastDrain()
      throws Exception {
    rig.databases.reverse = true;
    AtomicInteger freezesAtPrepare = new AtomicInteger(-1);
    rig.databases.onPrepareReverse = () -> freezesAtPrepare.set(rig.freeze.freezes.get());
    AtomicInteger drainsAtR0 = new AtomicInteger(-1);
    List<AttemptState> stateAtR0 = new java.util.ArrayList<>();
    rig.databases.onReversePosition =
        () -> {
          drainsAtR0.set(rig.streaming.drainTimeouts().size());
          stateAtR0.add(rig.store.latest().orElseThrow().state());
          assertThat(rig.streaming.finished.getCount()).as("forward stream still on").isOne();
          assertThat(rig.databases.created).as("before the done step's objects").hasValue(0);
        };
    Cutover cutover = rig.cutover(TIMEOUT);

    cutover.start(false);
    awaitEnd(cutover);

    assertThat(cutover.view(false).state()).isEqualTo(AttemptState.DONE);
    assertThat(rig.steps())
        .containsExactly(
            "preconditions:ok",
            "reverse:ok",
            "freeze:ok",
            "drain:ok",
            "validate:ok",
            "sequences:ok",
            "done:ok");
    assertThat(freezesAtPrepare).as("prepared before the freeze").hasValue(0);
    assertThat(drainsAtR0).as("taken after the done step's second drain").hasValue(2);
    assertThat(stateAtR0)
        .as("before the attempt is recorded done")
        .containsExactly(AttemptState.RUNNING);
    assertThat(rig.store.reversePosition(1)).isEqualTo("WAL LSN 0/1A2B3C");
    assertThat(rig.databases.reverseReleased).hasValue(0);
    assertThat(rig.store.events())
        .last()
        .asString()
        .contains("the reverse stream starts at WAL LSN 0/1A2B3C");
  }

  /**
   * The watchdog counts cutover.timeout in real time, as a freeze waiting on the source would: the
   * reverse step outlives a 1 s timeout and the cutover still finishes.
   */
  @Test
  void aSlowReverseStepDoesNotCountAgainstTheFreezesTimeout() throws Exception {
    rig.databases.reverse = true;
    Gate slot = new Gate();
    rig.databases.onPrepareReverse = slot::pass;
    Cutover cutover = rig.cutover(Duration.ofSeconds(1));

    cutover.start(false);
    slot.reached(WAIT);
    Thread.sleep(1_500);
    slot.open();
    awaitEnd(cutover);

    assertThat(cutover.view(false).state()).isEqualTo(AttemptState.DONE);
    assertThat(rig.steps()).startsWith("preconditions:ok", "reverse:ok", "freeze:ok");
  }

  @Test
  void afterARollbackTheDoneStepLiftsTheTargetsFreezeBeforeStreamingEnds() throws Exception {
    CutoverRig.FakeFreeze target = new CutoverRig.FakeFreeze();
    target.frozen = true;
    rig.targetFreeze = Optional.of(target);
    AtomicBoolean frozenAtFinish = new AtomicBoolean();
    rig.streaming.onFinish = () -> frozenAtFinish.set(target.frozen);
    rig.validation.onValidate = () -> assertThat(target.frozen).isTrue();
    Cutover cutover = rig.cutover(TIMEOUT);

    cutover.start(false);
    awaitEnd(cutover);

    assertThat(cutover.view(false).state()).isEqualTo(AttemptState.DONE);
    assertThat(target.unfreezes).hasValue(1);
    assertThat(frozenAtFinish).as("lifted before the done hook and the end of streaming").isFalse();
    assertThat(rig.store.events())
        .last()
        .asString()
        .contains("the target's freeze by the rollback lifted: source writable again");
  }

  @Test
  void afterARollbackAnAbortedCutoverLeavesTheTargetFrozen() throws Exception {
    CutoverRig.FakeFreeze target = new CutoverRig.FakeFreeze();
    target.frozen = true;
    rig.targetFreeze = Optional.of(target);
    Cutover cutover = abortedByTheFinalValidation();

    assertThat(cutover.view(false).state()).isEqualTo(AttemptState.ABORTED);
    assertThat(target.unfreezes).hasValue(0);
    assertThat(rig.freeze.frozen).as("the source writable again").isFalse();
  }

  @Test
  void anAbortedAttemptDropsTheReverseSlotAndRecordsNoStart() throws Exception {
    rig.databases.reverse = true;
    Cutover cutover = abortedByTheFinalValidation();

    assertThat(cutover.view(false).state()).isEqualTo(AttemptState.ABORTED);
    assertThat(rig.databases.reverseReleased).hasValue(1);
    assertThat(rig.store.reversePosition(1)).isNull();
    assertThat(rig.store.latest().orElseThrow().error())
        .isEqualTo(
            "1 table differs: shop.orders (1 difference); source writable again; reverse stream:"
                + " slot dropped");
  }

  @Test
  void aFailingReverseStepAbortsBeforeAnythingIsFrozen() throws Exception {
    rig.databases.reverse = true;
    rig.databases.onPrepareReverse =
        () -> {
          throw new CutoverException(
              "the target cannot be captured for the reverse stream: wal_level must be logical");
        };
    Cutover cutover = rig.cutover(TIMEOUT);

    cutover.start(false);
    awaitEnd(cutover);

    assertThat(cutover.view(false).state()).isEqualTo(AttemptState.ABORTED);
    assertThat(rig.steps()).containsExactly("preconditions:ok", "reverse:failed");
    assertThat(rig.freeze.freezes).hasValue(0);
    assertThat(rig.freeze.unfreezes).hasValue(0);
    assertThat(rig.store.latest().orElseThrow().error())
        .startsWith("the target cannot be captured for the reverse stream");
  }

  @Test
  void aRestartAfterACrashInTheReverseStepDropsTheSlotAndANewAttemptTakesItsOwnStart()
      throws Exception {
    rig.databases.reverse = true;
    Gate crash = rig.store.haltAtStart("reverse");
    crashing(rig.cutover(TIMEOUT));
    crash.reached(WAIT);

    Cutover restarted = rig.cutover(TIMEOUT);

    assertThat(restarted.recover())
        .contains(
            "the process stopped during cutover attempt 1, step reverse; on restart: the source"
                + " was not frozen; reverse stream: slot dropped");
    assertThat(rig.databases.reverseReleased).hasValue(1);
    restarted.start(false);
    awaitEnd(restarted);
    assertThat(rig.store.latest().orElseThrow().state()).isEqualTo(AttemptState.DONE);
    assertThat(rig.store.reversePosition(1)).isNull();
    assertThat(rig.store.reversePosition(2)).isEqualTo("WAL LSN 0/1A2B3C");
  }

  @Test
  void aManualFreezeCountsTheDowntimeFromTheOperatorsConfirmation() throws Exception {
    rig.streaming.onDrain = () -> rig.clock.advance(Duration.ofSeconds(2));
    Cutover cutover = rig.cutover(TIMEOUT, new ManualFreeze(TIMEOUT));

    cutover.start(false);
    Waits.waitUntil(
        WAIT,
        "the attempt to wait for the operator",
        () -> cutover.view(false).state() == AttemptState.WAITING_FOR_OPERATOR);
    rig.clock.advance(Duration.ofSeconds(30));
    cutover.confirm();
    awaitEnd(cutover);

    assertThat(cutover.view(false).state()).isEqualTo(AttemptState.DONE);
    assertThat(rig.store.latest().orElseThrow().downtimeMs())
        .as("two drains of 2 s; not the 30 s the operator took to stop the application")
        .isEqualTo(4_000L);
  }

  @Test
  void preconditionsThatDoNotHoldRefuseTheAttemptWithoutFreezing() throws Exception {
    rig.streaming.notStreaming = List.of("shop.orders is copying");
    Cutover cutover = rig.cutover(TIMEOUT);

    CutoverView view = cutover.start(false);

    assertThat(view.state()).isEqualTo(AttemptState.REFUSED);
    assertThat(view.checks())
        .extracting(Cutover.Check::ok)
        .containsExactly(false, true, true, true);
    assertThat(rig.steps()).containsExactly("preconditions:failed");
    assertThat(rig.store.latest().orElseThrow().error())
        .startsWith(
            "preconditions do not hold: FAILED: every table streaming (shop.orders is copying)");
    assertThat(rig.freeze.freezes).hasValue(0);
  }

  @Test
  void theLagCheckHoldsOnlyForAProvenLagUnderTheThreshold() {
    Duration threshold = Duration.ofSeconds(5);

    assertThat(Cutover.Check.lagUnder("lag", Double.NaN, threshold))
        .isEqualTo(
            new Cutover.Check("lag under cutover.lag-threshold", false, "lag not proven yet"));
    assertThat(Cutover.Check.lagUnder("reverse lag", 4.96, threshold))
        .isEqualTo(
            new Cutover.Check(
                "reverse lag under cutover.lag-threshold",
                true,
                "reverse lag 5.0 s, threshold 5.0 s"));
    assertThat(Cutover.Check.lagUnder("lag", 5.0, threshold).ok()).isFalse();
  }

  @Test
  void theValidationCheckHoldsOnlyWithoutAProblem() {
    assertThat(Cutover.Check.lastClean("reverse validation", Optional.empty()))
        .isEqualTo(
            new Cutover.Check(
                "last reverse validation clean",
                true,
                "every table's last reverse validation was clean"));
    assertThat(Cutover.Check.lastClean("validation", Optional.of("orders: 1 rows differ")))
        .isEqualTo(new Cutover.Check("last validation clean", false, "orders: 1 rows differ"));
  }

  @Test
  void aPausedApplierRefusesTheAttemptNamingTheTablesAndTheResume() throws Exception {
    rig.streaming.applyPaused = List.of("shop.orders", "shop.items");
    Cutover cutover = rig.cutover(TIMEOUT);

    CutoverView view = cutover.start(false);

    assertThat(view.state()).isEqualTo(AttemptState.REFUSED);
    assertThat(view.checks())
        .extracting(Cutover.Check::ok)
        .containsExactly(true, false, true, true);
    assertThat(rig.store.latest().orElseThrow().error())
        .contains(
            "FAILED: no table's applier paused (the applier is paused for shop.orders,"
                + " shop.items; fix: resume it with POST /api/apply/resume {\"tables\":"
                + " [\"shop.orders\", \"shop.items\"]}");
    assertThat(rig.freeze.freezes).hasValue(0);
  }

  @Test
  void aDryRunRecordsNoAttempt() throws Exception {
    Cutover cutover = rig.cutover(TIMEOUT);

    CutoverView view = cutover.start(true);

    assertThat(view.dryRun()).isTrue();
    assertThat(view.state()).isEqualTo(AttemptState.IDLE);
    assertThat(view.expectedFreezeSeconds())
        .as("lag 0.4 s + 0.5 + validation 2 s + 0.5")
        .isEqualTo(3.4);
    assertThat(rig.store.latest()).isEmpty();
    assertThat(rig.store.events()).containsExactly("dry run: preconditions hold");
    assertThat(rig.freeze.freezes).hasValue(0);
  }

  @Test
  void anAbortWhileFrozenUnfreezesTheSourceAndStreamingGoesOn() throws Exception {
    Gate drain = new Gate();
    rig.streaming.onDrain = drain::pass;
    Cutover cutover = rig.cutover(TIMEOUT);

    cutover.start(false);
    drain.reached(WAIT);
    assertThat(rig.freeze.frozen).isTrue();
    CutoverView view = cutover.abort("aborted by the operator");

    assertThat(view.state()).isEqualTo(AttemptState.ABORTED);
    assertThat(rig.steps()).containsExactly("preconditions:ok", "freeze:ok", "drain:aborted");
    CutoverRecords.Attempt attempt = rig.store.latest().orElseThrow();
    assertThat(attempt.error()).isEqualTo("aborted by the operator; source writable again");
    assertThat(attempt.frozen()).isFalse();
    assertThat(rig.freeze.frozen).isFalse();
    assertThat(rig.freeze.unfreezes).hasValue(1);
    assertThat(rig.databases.sequences).hasValue(0);
    assertThat(rig.streaming.finished.getCount()).as("streaming goes on").isOne();
    assertThat(cutover.finished()).isFalse();
  }

  /**
   * The abort comes after the freeze step was recorded as started, before the freeze began: the
   * step's move to {@link CutoverState#FROZEN} loses to the abort's, so the source is never frozen
   * (before the state moved by compare-and-set, it was frozen and then unfrozen again).
   */
  @Test
  void anAbortJustBeforeTheFreezeLeavesTheSourceUntouched() throws Exception {
    Gate freezeStep = rig.store.haltAtStart("freeze");
    Cutover cutover = rig.cutover(TIMEOUT);

    cutover.start(false);
    freezeStep.reached(WAIT);
    Thread operator = abortOn(cutover);
    Waits.waitUntil(WAIT, "the abort to reach the freeze step", freezeStep::interrupted);
    freezeStep.open();
    operator.join(WAIT.toMillis());

    assertThat(cutover.view(false).state()).isEqualTo(AttemptState.ABORTED);
    assertThat(rig.steps()).containsExactly("preconditions:ok", "freeze:aborted");
    assertThat(rig.store.latest().orElseThrow().error())
        .isEqualTo("aborted by the operator; the source was not frozen");
    assertThat(rig.freeze.freezes).hasValue(0);
    assertThat(rig.freeze.unfreezes).hasValue(0);
  }

  @Test
  void anAbortBeforeAnyCutoverIsRefused() {
    Cutover cutover = rig.cutover(TIMEOUT);

    assertThatThrownBy(() -> cutover.abort("aborted by the operator"))
        .hasMessage("no cutover is running");
  }

  @Test
  void aFreezeOutlivingTheTimeoutIsAbortedByTheWatchdogAndUndone() throws Exception {
    Gate freeze = new Gate();
    rig.freeze.onFreeze = freeze::pass;
    Cutover cutover = rig.cutover(Duration.ofSeconds(1));

    cutover.start(false);
    freeze.reached(WAIT);
    awaitEnd(cutover);

    assertThat(cutover.view(false).state()).isEqualTo(AttemptState.ABORTED);
    assertThat(rig.steps()).containsExactly("preconditions:ok", "freeze:aborted");
    assertThat(rig.store.latest().orElseThrow().error())
        .isEqualTo("the freeze lasted longer than cutover.timeout (1 s); source writable again");
    assertThat(rig.freeze.unfreezes)
        .as("the freeze step was entered: undone whatever it said")
        .hasValue(1);
    assertThat(rig.freeze.frozen).isFalse();
  }

  @Test
  void aDrainStartingAfterTheTimeoutIsSpentFailsAndUnfreezes() throws Exception {
    rig.freeze.onFreeze = () -> rig.clock.advance(TIMEOUT.plusSeconds(1));
    Cutover cutover = rig.cutover(TIMEOUT);

    cutover.start(false);
    awaitEnd(cutover);

    assertThat(cutover.view(false).state()).isEqualTo(AttemptState.ABORTED);
    assertThat(rig.steps()).containsExactly("preconditions:ok", "freeze:ok", "drain:failed");
    assertThat(rig.store.latest().orElseThrow().error())
        .isEqualTo("the freeze lasted longer than cutover.timeout (60 s); source writable again");
    assertThat(rig.streaming.drainTimeouts()).isEmpty();
    assertThat(rig.freeze.unfreezes).hasValue(1);
  }

  @Test
  void aFailingFinalValidationAbortsAndUnfreezes() throws Exception {
    Cutover cutover = abortedByTheFinalValidation();

    assertThat(cutover.view(false).state()).isEqualTo(AttemptState.ABORTED);
    assertThat(rig.steps())
        .containsExactly("preconditions:ok", "freeze:ok", "drain:ok", "validate:failed");
    assertThat(rig.store.latest().orElseThrow().steps().get(3).detail())
        .isEqualTo("1 table differs: shop.orders (1 difference)");
    assertThat(rig.store.latest().orElseThrow().error())
        .isEqualTo("1 table differs: shop.orders (1 difference); source writable again");
    assertThat(rig.databases.sequences).hasValue(0);
    assertThat(rig.freeze.unfreezes).hasValue(1);
    assertThat(rig.streaming.finished.getCount()).isOne();
  }

  @Test
  void aWriteThatSlippedPastTheFreezeAbortsAtTheDoneStep() throws Exception {
    AtomicInteger drains = new AtomicInteger();
    rig.streaming.onDrain =
        () -> {
          if (drains.incrementAndGet() == 2) {
            rig.streaming.eventsApplied.incrementAndGet();
          }
        };
    Cutover cutover = rig.cutover(TIMEOUT);

    cutover.start(false);
    awaitEnd(cutover);

    assertThat(cutover.view(false).state()).isEqualTo(AttemptState.ABORTED);
    assertThat(rig.steps()).last().isEqualTo("done:failed");
    assertThat(rig.store.latest().orElseThrow().error())
        .startsWith("1 change(s) reached the source after the freeze");
    assertThat(rig.databases.created).as("nothing created").hasValue(0);
    assertThat(rig.freeze.unfreezes).hasValue(1);
  }

  @Test
  void anAbortArrivingWhileTheObjectsAreCreatedDropsThemAgain() throws Exception {
    Gate create = new Gate();
    rig.databases.onCreateObjects = create::passIgnoringInterrupts;
    Cutover cutover = rig.cutover(TIMEOUT);

    cutover.start(false);
    create.reached(WAIT);
    Thread operator = abortOn(cutover);
    Waits.waitUntil(WAIT, "the abort to reach the create step", create::interrupted);
    create.open();
    operator.join(WAIT.toMillis());

    assertThat(cutover.view(false).state()).isEqualTo(AttemptState.ABORTED);
    assertThat(rig.steps()).last().isEqualTo("done:aborted");
    assertThat(rig.databases.created).hasValue(1);
    assertThat(rig.databases.dropped).hasValue(1);
    assertThat(rig.freeze.unfreezes).hasValue(1);
    assertThat(rig.streaming.finished.getCount()).isOne();
    assertThat(cutover.finished()).isFalse();
  }

  /**
   * The process dies right after recording the start of {@code step}; the next {@code godwit run}
   * unfreezes the source when the attempt had recorded it frozen, records the attempt aborted, and
   * a new attempt then finishes.
   */
  @ParameterizedTest(name = "{0}")
  @CsvSource({
    "preconditions, false",
    "freeze, false",
    "drain, true",
    "validate, true",
    "sequences, true",
    "done, true"
  })
  void aRestartAfterACrashAtAStepRollsTheAttemptBack(String step, boolean frozen) throws Exception {
    Gate crash = rig.store.haltAtStart(step);
    crashing(rig.cutover(TIMEOUT));
    crash.reached(WAIT);
    assertThat(rig.store.latest().orElseThrow().frozen()).isEqualTo(frozen);

    Cutover restarted = rig.cutover(TIMEOUT);
    Optional<String> recovered = restarted.recover();

    String undo = frozen ? "source writable again" : "the source was not frozen";
    String message =
        "the process stopped during cutover attempt 1, step %s; on restart: %s"
            .formatted(step, undo);
    assertThat(recovered).contains(message);
    assertThat(rig.freeze.unfreezes).hasValue(frozen ? 1 : 0);
    CutoverRecords.Attempt attempt = rig.store.latest().orElseThrow();
    assertThat(attempt.state()).isEqualTo(AttemptState.ABORTED);
    assertThat(attempt.frozen()).isFalse();
    assertThat(attempt.error()).isEqualTo(message);
    assertThat(rig.store.events()).contains(message);

    restarted.start(false);
    awaitEnd(restarted);
    assertThat(rig.store.latest().orElseThrow())
        .extracting(CutoverRecords.Attempt::attempt, CutoverRecords.Attempt::state)
        .containsExactly(2, AttemptState.DONE);
  }

  @Test
  void aRestartAfterACrashInsideTheFreezeUnfreezesTheSource() throws Exception {
    Gate crash = new Gate();
    rig.freeze.onFreeze = crash::passIgnoringInterrupts;
    crashing(rig.cutover(TIMEOUT));
    crash.reached(WAIT);
    assertThat(rig.freeze.frozen).isTrue();

    Optional<String> recovered = rig.cutover(TIMEOUT).recover();

    assertThat(recovered)
        .contains(
            "the process stopped during cutover attempt 1, step freeze; on restart: source"
                + " writable again");
    assertThat(rig.freeze.frozen).isFalse();
    assertThat(rig.store.latest().orElseThrow().state()).isEqualTo(AttemptState.ABORTED);
  }

  @Test
  void aRestartAfterTheDoneStepRecordedItLeavesTheSourceFrozenAndRefusesANewAttempt()
      throws Exception {
    Gate crash = new Gate();
    rig.streaming.onFinish = crash::passIgnoringInterrupts;
    crashing(rig.cutover(TIMEOUT));
    crash.reached(WAIT);

    Cutover restarted = rig.cutover(TIMEOUT);

    assertThat(restarted.recover()).isEmpty();
    assertThat(rig.freeze.unfreezes).hasValue(0);
    assertThat(rig.store.latest().orElseThrow().state()).isEqualTo(AttemptState.DONE);
    assertThatThrownBy(() -> restarted.start(false))
        .hasMessageStartingWith("migration cutover_test was cut over at")
        .hasMessageEndingWith("there is nothing left to cut over");
  }

  @Test
  void aRestartWithoutAnAttemptHasNothingToRecover() throws Exception {
    assertThat(rig.cutover(TIMEOUT).recover()).isEmpty();
    assertThat(rig.freeze.unfreezes).hasValue(0);
  }

  /**
   * The operator aborts {@code cutover} from a thread of its own (the abort waits for the steps).
   */
  private static Thread abortOn(Cutover cutover) {
    Thread t =
        new Thread(
            () -> {
              try {
                cutover.abort("aborted by the operator");
              } catch (Exception e) {
                throw new IllegalStateException(e);
              }
            },
            "operator");
    t.start();
    return t;
  }

  /** Starts {@code cutover} on a thread of its own, which the test then lets halt for good. */
  private static void crashing(Cutover cutover) {
    Thread t =
        new Thread(
            () -> {
              try {
                cutover.start(false);
              } catch (Exception e) {
                throw new IllegalStateException(e);
              }
            },
            "crashing-cutover");
    t.setDaemon(true);
    t.start();
  }

  /** A cutover whose final validation found one row differing, run until it ended. */
  private Cutover abortedByTheFinalValidation() throws Exception {
    rig.validation.onValidate =
        () -> {
          throw new CutoverException("1 table differs: shop.orders (1 difference)");
        };
    Cutover cutover = rig.cutover(TIMEOUT);
    cutover.start(false);
    awaitEnd(cutover);
    return cutover;
  }

  private static void awaitEnd(Cutover cutover) throws Exception {
    List<AttemptState> ended =
        List.of(AttemptState.DONE, AttemptState.ABORTED, AttemptState.REFUSED);
    Waits.waitUntil(WAIT, "the attempt to end", () -> ended.contains(cutover.view(false).state()));
  }
}
