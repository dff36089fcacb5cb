package io.godwit.state;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.ObjectMapper;
import java.util.Arrays;
import org.junit.jupiter.api.Test;

class AttemptStateTest {

  /** Rows written by every earlier Godwit hold these strings; the JSON of the API shows them. */
  @Test
  void theLabelsAreTheStoredAndPrintedStrings() throws Exception {
    assertThat(Arrays.stream(AttemptState.values()).map(AttemptState::label))
        .containsExactly(
            "idle", "waiting-for-operator", "running", "done", "aborted", "refused", "rolled-back");
    for (String stored : new String[] {"running", "done", "aborted", "refused", "rolled-back"}) {
      assertThat(AttemptState.of(stored).label()).isEqualTo(stored);
    }
    assertThat(new ObjectMapper().writeValueAsString(AttemptState.WAITING_FOR_OPERATOR))
        .as("status --json renders the label")
        .isEqualTo("\"waiting-for-operator\"");
  }

  @Test
  void anUnknownStateNamesItAndTheFix() {
    assertThatThrownBy(() -> AttemptState.of("paused"))
        .isInstanceOf(StateStoreException.class)
        .hasMessage(
            "unknown cutover state 'paused'; fix: use the Godwit version that wrote it, or a newer one");
  }
}
