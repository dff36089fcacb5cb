package io.godwit.state;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import org.junit.jupiter.api.Test;

class CheckpointsTest {

  @Test
  void boundsRoundTripThroughTheirStoredForm() throws Exception {
    List<Object> bound = List.of("o'neil \"x\"", new byte[] {1, 2, (byte) 0xff}, "42");
    List<Object> back = Checkpoints.decode(Checkpoints.encode(bound));
    assertThat(back.get(0)).isEqualTo("o'neil \"x\"");
    assertThat((byte[]) back.get(1)).containsExactly(1, 2, 0xff);
    assertThat(back.get(2)).isEqualTo("42");
  }

  @Test
  void anOpenBoundIsStoredAsNull() throws Exception {
    assertThat(Checkpoints.encode(null)).isNull();
    assertThat(Checkpoints.decode(null)).isNull();
  }
}
