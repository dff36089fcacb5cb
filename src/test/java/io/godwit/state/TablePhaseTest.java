package io.godwit.state;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class TablePhaseTest {

  @Test
  void everyFollowedPhaseMayEndInDroppedAndADroppedTableMovesNowhere() {
    for (TablePhase phase : TablePhase.values()) {
      assertThat(phase.canMoveTo(TablePhase.DROPPED))
          .as("%s to DROPPED", phase)
          .isEqualTo(phase != TablePhase.DROPPED);
      assertThat(TablePhase.DROPPED.canMoveTo(phase)).as("DROPPED to %s", phase).isFalse();
    }
  }

  @Test
  void aDroppedTableIsNeitherFollowedNorCopied() {
    assertThat(TablePhase.DROPPED.followed()).isFalse();
    assertThat(TablePhase.DROPPED.copyFinished()).isFalse();
    assertThat(TablePhase.STREAMING.followed()).isTrue();
  }

  @Test
  void theForwardPathIsUnchanged() {
    assertThat(TablePhase.PENDING.canMoveTo(TablePhase.COPYING)).isTrue();
    assertThat(TablePhase.COPYING.canMoveTo(TablePhase.COPIED)).isTrue();
    assertThat(TablePhase.COPIED.canMoveTo(TablePhase.STREAMING)).isTrue();
    assertThat(TablePhase.STREAMING.canMoveTo(TablePhase.PENDING)).isFalse();
    assertThat(TablePhase.PENDING.canMoveTo(TablePhase.STREAMING)).isFalse();
  }
}
