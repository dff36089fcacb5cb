package io.godwit;

import static org.assertj.core.api.Assertions.assertThat;

import io.godwit.control.CutoverDocument;
import io.godwit.state.AttemptState;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.List;
import org.junit.jupiter.api.Test;

class OperatedSwitchTest {

  /** A switch whose views come from a script, recording what the driver asked of it. */
  private static final class ScriptedSwitch implements OperatedSwitch {
    final Deque<AttemptState> views;
    final List<String> calls = new ArrayList<>();

    ScriptedSwitch(AttemptState... views) {
      this.views = new ArrayDeque<>(List.of(views));
    }

    @Override
    public CutoverDocument start(boolean dryRun) {
      calls.add(dryRun ? "check" : "start");
      return new CutoverDocument(null, AttemptState.RUNNING, null);
    }

    @Override
    public void confirm() {
      calls.add("confirm");
    }

    @Override
    public void abort(String reason) {
      calls.add("abort");
    }

    @Override
    public CutoverDocument view(CutoverDocument started) {
      return new CutoverDocument(null, views.removeFirst(), null);
    }
  }

  private static final class Operator implements CutoverOperator {
    int asked;

    @Override
    public boolean proceed(CutoverDocument check) {
      return true;
    }

    @Override
    public void progress(CutoverDocument view) {}

    @Override
    public void awaitWritesStopped() {
      asked++;
    }
  }

  @Test
  void asksTheOperatorOnceWhileTheRunStillShowsTheWaitAfterTheConfirmation() throws Exception {
    ScriptedSwitch manual =
        new ScriptedSwitch(
            AttemptState.WAITING_FOR_OPERATOR,
            AttemptState.WAITING_FOR_OPERATOR,
            AttemptState.WAITING_FOR_OPERATOR,
            AttemptState.RUNNING,
            AttemptState.DONE);
    Operator operator = new Operator();

    CutoverDocument end = manual.drive("cutover", operator);

    assertThat(end.state()).isEqualTo(AttemptState.DONE);
    assertThat(operator.asked).isEqualTo(1);
    assertThat(manual.calls).containsExactly("check", "start", "confirm");
  }

  @Test
  void followsAnAttemptWithoutAWaitToItsEnd() throws Exception {
    ScriptedSwitch frozen = new ScriptedSwitch(AttemptState.RUNNING, AttemptState.ABORTED);
    Operator operator = new Operator();

    assertThat(frozen.drive("rollback", operator).state()).isEqualTo(AttemptState.ABORTED);
    assertThat(operator.asked).isZero();
    assertThat(frozen.calls).containsExactly("check", "start");
  }
}
