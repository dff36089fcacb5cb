package io.godwit.capture;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.Map;
import org.junit.jupiter.api.Test;

class StartPositionTest {

  static final String HEARTBEAT = "__debezium-heartbeat.godwit.shop";
  static final String ORDERS = "godwit.shop.shop.orders";
  static final Map<String, Object> SNAPSHOT_END = Map.of("file", "bin.000001", "pos", 400L);
  static final Map<String, Object> STREAMED = Map.of("file", "bin.000001", "pos", 900L);

  final StartPosition start = new StartPosition(HEARTBEAT);

  @Test
  void aFirstStartIsProvenByTheHeartbeatAfterTheSnapshotOneAndStartsWhereTheSnapshotEnded() {
    assertThat(start.delivered(HEARTBEAT, SNAPSHOT_END)).isEmpty();
    assertThat(start.delivered(HEARTBEAT, STREAMED)).contains(SNAPSHOT_END);
    assertThat(start.delivered(HEARTBEAT, Map.of("pos", 1000L))).isEmpty();
  }

  @Test
  void aChangeEventProvesStreamingAtOnce() {
    assertThat(start.delivered(ORDERS, STREAMED)).contains(STREAMED);
  }

  @Test
  void offsetsTakenWhileSnapshottingAreNotAStartPosition() {
    assertThat(start.delivered(HEARTBEAT, Map.of("pos", 4L, "snapshot", true))).isEmpty();
    assertThat(start.delivered(HEARTBEAT, Map.of("lsn", 1L, "snapshot", "INITIAL"))).isEmpty();
    assertThat(start.delivered(HEARTBEAT, SNAPSHOT_END)).isEmpty();
    assertThat(start.delivered(ORDERS, Map.of("lsn", 2L, "snapshot", false)))
        .contains(SNAPSHOT_END);
  }
}
