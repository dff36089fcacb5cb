package io.godwit.cutover;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.godwit.error.GodwitException;
import io.godwit.state.AttemptState;
import io.godwit.state.CutoverRecords;
import io.godwit.testing.Waits;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@link Rollback}, the cutover's state machine run in reverse, against fakes ({@link CutoverRig}):
 * the rig's freeze is the target's, its old source starts frozen as the cutover left it, its
 * streaming is the reverse stream.
 */
class RollbackTest {

  private static final Duration TIMEOUT = Duration.ofSeconds(60);
  private static final Duration WAIT = Duration.ofSeconds(10);

  private final CutoverRig rig = new CutoverRig();

  @TempDir Path dir;

  RollbackTest() {
    rig.oldSource.frozen = true;
  }

  @Test
  void aRollbackFreezesTheTargetDrainsValidatesAndUnfreezesTheOldSourceLast() throws Exception {
    Path hookRan = dir.resolve("hook-ran");
    rig.freeze.onFreeze = () -> rig.clock.advance(Duration.ofSeconds(1));
    rig.streaming.onDrain = () -> rig.clock.advance(Duration.ofSeconds(2));
    AtomicInteger oldSourceFrozenAtValidation = new AtomicInteger(-1);
    rig.validation.onValidate =
        () -> {
          oldSourceFrozenAtValidation.set(rig.oldSource.frozen ? 1 : 0);
          rig.clock.advance(Duration.ofSeconds(3));
        };
    Rollback rollback = rig.rollback(TIMEOUT, "touch " + hookRan);

    rollback.start(false);
    awaitEnd(rollback);

    CutoverRecords.Attempt attempt = rig.store.latest().orElseThrow();
    assertThat(rollback.view(false).state()).isEqualTo(AttemptState.ROLLED_BACK);
    assertThat(rig.steps())
        .containsExactly(
            "preconditions:ok",
            "freeze:ok",
            "drain:ok",
            "validate:ok",
            "sequences:ok",
            "unfreeze:ok",
            "done:ok");
    assertThat(attempt.downtimeMs())
        .as("freeze 1 s, drain 2 s, validation 3 s, second drain 2 s")
        .isEqualTo(8_000L);
    assertThat(attempt.sourcePosition()).as("the target's position at the drain").isNotNull();
    assertThat(oldSourceFrozenAtValidation).as("validated with the old source frozen").hasValue(1);
    assertThat(rig.freeze.frozen).as("the target stays frozen").isTrue();
    assertThat(rig.freeze.unfreezes).hasValue(0);
    assertThat(rig.oldSource.frozen).as("the old source writable again").isFalse();
    assertThat(rig.databases.sequences).as("the old source's counters set").hasValue(1);
    assertThat(rig.streaming.finished.getCount()).as("the reverse stream stopped").isZero();
    assertThat(Files.exists(hookRan)).as("rollback.done-hook ran").isTrue();
    assertThat(rollback.finished()).isTrue();
    assertThat(rig.store.events()).last().asString().contains("downtime 8.00 s");
    assertThatThrownBy(() -> rollback.start(false))
        .isInstanceOf(GodwitException.class)
        .hasMessageContaining("nothing left to roll back");
  }

  @Test
  void aDifferenceAtTheFinalValidationUnfreezesTheTargetAndLeavesTheOldSourceFrozen()
      throws Exception {
    rig.validation.onValidate =
        () -> {
          throw new CutoverException("the final validation found differences: customers");
        };
    Rollback rollback = rig.rollback(TIMEOUT, "");

    rollback.start(false);
    awaitEnd(rollback);

    assertThat(rollback.view(false).state()).isEqualTo(AttemptState.ABORTED);
    assertThat(rig.steps())
        .containsExactly("preconditions:ok", "freeze:ok", "drain:ok", "validate:failed");
    assertThat(rig.freeze.frozen).as("the target unfrozen").isFalse();
    assertThat(rig.oldSource.frozen).as("the old source still frozen").isTrue();
    assertThat(rig.oldSource.unfreezes).hasValue(0);
    assertThat(rig.streaming.finished.getCount()).as("the reverse stream goes on").isOne();
    assertThat(rig.store.latest().orElseThrow().error())
        .contains("differences: customers")
        .contains("target: source writable again");
    assertThat(rollback.finished()).isFalse();
  }

  @Test
  void aChangeAppliedAfterTheDrainAbortsBeforeTheOldSourceIsUnfrozen() throws Exception {
    AtomicInteger drains = new AtomicInteger();
    rig.streaming.onDrain =
        () -> {
          if (drains.incrementAndGet() == 2) {
            rig.streaming.eventsApplied.addAndGet(3);
          }
        };
    Rollback rollback = rig.rollback(TIMEOUT, "");

    rollback.start(false);
    awaitEnd(rollback);

    assertThat(rollback.view(false).state()).isEqualTo(AttemptState.ABORTED);
    assertThat(rig.steps()).last().isEqualTo("sequences:failed");
    assertThat(rig.store.latest().orElseThrow().error())
        .startsWith("3 change(s) reached the old source from the target after the target's freeze");
    assertThat(rig.freeze.frozen).isFalse();
    assertThat(rig.oldSource.frozen).isTrue();
  }

  @Test
  void anAbortDuringTheDrainUnfreezesTheTarget() throws Exception {
    Gate drain = new Gate();
    rig.streaming.onDrain = drain::pass;
    Rollback rollback = rig.rollback(TIMEOUT, "");

    rollback.start(false);
    drain.reached(WAIT);
    rollback.abort("the operator ran godwit rollback --abort");

    awaitEnd(rollback);
    assertThat(rig.steps()).last().isEqualTo("drain:aborted");
    assertThat(rig.store.latest().orElseThrow().error())
        .startsWith("the operator ran godwit rollback --abort");
    assertThat(rig.freeze.frozen).isFalse();
    assertThat(rig.oldSource.frozen).isTrue();
  }

  @Test
  void aReverseLagOverTheThresholdOrAnUncleanReverseValidationRefusesAndADryRunChangesNothing()
      throws Exception {
    rig.streaming.lagSeconds = 12;
    rig.streaming.notStreaming = List.of("customers is stopped by an event it could not apply");
    rig.validation.lastProblem =
        Optional.of("customers: last validation differences (1 rows differ)");
    Rollback rollback = rig.rollback(TIMEOUT, "");

    CutoverView dry = rollback.start(true);
    assertThat(dry.attempt()).isEmpty();
    assertThat(dry.checks())
        .extracting(Cutover.Check::name, Cutover.Check::ok)
        .containsExactly(
            org.assertj.core.groups.Tuple.tuple("cutover done with a reverse stream", true),
            org.assertj.core.groups.Tuple.tuple("every table streaming back", false),
            org.assertj.core.groups.Tuple.tuple("reverse lag under cutover.lag-threshold", false),
            org.assertj.core.groups.Tuple.tuple("last reverse validation clean", false));
    assertThat(dry.checks().get(3).detail()).contains("1 rows differ");

    rollback.start(false);
    assertThat(rollback.view(false).state()).isEqualTo(AttemptState.REFUSED);
    assertThat(rig.freeze.freezes).hasValue(0);
    assertThat(rig.oldSource.unfreezes).hasValue(0);
  }

  @Test
  void aFailingDoneHookLeavesTheRollbackDoneAndNamesTheFixByHand() throws Exception {
    Rollback rollback = rig.rollback(TIMEOUT, "exit 3");

    rollback.start(false);
    awaitEnd(rollback);

    assertThat(rollback.view(false).state()).isEqualTo(AttemptState.ROLLED_BACK);
    assertThat(rig.oldSource.frozen).as("the old source writable again").isFalse();
    assertThat(rig.store.events())
        .last()
        .asString()
        .contains(
            "the done hook failed (rollback.done-hook exited with 3;",
            "): repoint the application yourself");
  }

  @Test
  void withoutADoneHookTheSummarySaysNoneIsSet() throws Exception {
    Rollback rollback = rig.rollback(TIMEOUT, "");

    rollback.start(false);
    awaitEnd(rollback);

    assertThat(rig.store.events()).last().asString().endsWith("no rollback.done-hook set");
  }

  @Test
  void aRestartAfterACrashBeforeTheOldSourceIsUnfrozenUnfreezesTheTarget() throws Exception {
    Gate crash = rig.store.haltAtStart("validate");
    crashing(rig.rollback(TIMEOUT, ""));
    crash.reached(WAIT);

    Rollback restarted = rig.rollback(TIMEOUT, "");

    assertThat(restarted.recover())
        .contains(
            "the process stopped during rollback attempt 1, step validate; on restart: source"
                + " writable again");
    assertThat(rig.store.latest().orElseThrow().state()).isEqualTo(AttemptState.ABORTED);
    assertThat(rig.freeze.frozen).isFalse();
    assertThat(rig.oldSource.frozen).isTrue();
    assertThat(restarted.finished()).isFalse();
    assertThat(restarted.recover()).as("nothing left over").isEmpty();
  }

  @Test
  void aRestartAfterACrashWhileUnfreezingTheOldSourceFinishesTheRollback() throws Exception {
    Gate crash = rig.store.haltAtStart("unfreeze");
    crashing(rig.rollback(TIMEOUT, ""));
    crash.reached(WAIT);

    Rollback restarted = rig.rollback(TIMEOUT, "");

    assertThat(restarted.recover()).get().asString().contains("the rollback was finished");
    assertThat(rig.store.latest().orElseThrow().state()).isEqualTo(AttemptState.ROLLED_BACK);
    assertThat(rig.freeze.frozen).as("the target stays frozen").isTrue();
    assertThat(rig.oldSource.frozen).isFalse();
    assertThat(restarted.finished()).as("the reverse stream stops").isTrue();
  }

  private static void crashing(Rollback rollback) {
    Thread t =
        new Thread(
            () -> {
              try {
                rollback.start(false);
              } catch (Exception e) {
                throw new IllegalStateException(e);
              }
            },
            "crashing-rollback");
    t.setDaemon(true);
    t.start();
  }

  private static void awaitEnd(Rollback rollback) throws Exception {
    List<AttemptState> ended =
        List.of(AttemptState.ROLLED_BACK, AttemptState.ABORTED, AttemptState.REFUSED);
    Waits.waitUntil(WAIT, "the attempt to end", () -> ended.contains(rollback.view(false).state()));
  }
}
