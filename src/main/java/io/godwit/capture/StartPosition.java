package io.godwit.capture;

import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;

/**
 * Finds the capture's start position P0 in the records it delivers, and when the connector is
 * proven to be streaming.
 *
 * <p>P0 is the source offset of the first record delivered after start. On a first start that is
 * the heartbeat Debezium emits when its schema-only snapshot completes, carrying the position
 * streaming begins at (the binlog position or replication slot LSN read during that snapshot); on a
 * restart it is the first record streamed from the stored offset. Debezium emits nothing else
 * before it streams ({@code snapshot.mode=no_data}, no schema change events), so a second record,
 * or any change event, can only come from the log reader: that proves it is connected and reading
 * (a missing replication privilege fails before that).
 */
final class StartPosition {

  private final String heartbeatTopic;
  private Map<String, Object> first;
  private boolean proven;

  StartPosition(String heartbeatTopic) {
    this.heartbeatTopic = heartbeatTopic;
  }

  /**
   * Takes the next delivered record's topic and source offset.
   *
   * @return P0, once, on the record that proves streaming
   */
  Optional<Map<String, Object>> delivered(String topic, Map<String, ?> offset) {
    if (proven || isSnapshotOffset(offset)) {
      return Optional.empty();
    }
    boolean change = !topic.equals(heartbeatTopic);
    if (first == null) {
      first = Collections.unmodifiableMap(new LinkedHashMap<>(offset));
      if (!change) {
        return Optional.empty();
      }
    }
    proven = true;
    return Optional.of(first);
  }

  /** True for the offsets Debezium records while it snapshots, before it streams. */
  static boolean isSnapshotOffset(Map<String, ?> offset) {
    Object snapshot = offset.get("snapshot");
    return snapshot != null && !"false".equalsIgnoreCase(snapshot.toString());
  }
}
