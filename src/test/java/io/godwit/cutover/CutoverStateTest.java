package io.godwit.cutover;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.Arrays;
import java.util.List;
import org.junit.jupiter.api.Test;

class CutoverStateTest {

  @Test
  void anAttemptMovesForwardOrRollsBackToIdleAndNeverLeavesDone() {
    List<String> moves =
        Arrays.stream(CutoverState.values())
            .flatMap(
                from ->
                    Arrays.stream(CutoverState.values())
                        .filter(from::canMoveTo)
                        .map(to -> from + "->" + to))
            .toList();

    assertThat(moves)
        .containsExactlyInAnyOrder(
            "IDLE->RUNNING",
            "RUNNING->FROZEN",
            "RUNNING->ABORTING",
            "FROZEN->DONE",
            "FROZEN->UNFREEZING",
            "ABORTING->IDLE",
            "UNFREEZING->IDLE");
  }

  @Test
  void onlyARollBackAfterTheFreezeStepUnfreezes() {
    assertThat(Arrays.stream(CutoverState.values()).filter(CutoverState::mayBeFrozen))
        .containsExactly(CutoverState.FROZEN, CutoverState.UNFREEZING);
    assertThat(Arrays.stream(CutoverState.values()).filter(CutoverState::rollingBack))
        .containsExactly(CutoverState.ABORTING, CutoverState.UNFREEZING);
  }
}
