package io.godwit.transport;

import io.godwit.error.ErrorCode;
import io.godwit.error.GodwitException;

/**
 * The Kafka log no longer holds the change stream the target's applied offsets belong to (a new
 * cluster, a topic deleted or recreated, events deleted before they were applied). The message
 * names what changed and the fix; nothing was applied from the broken stream.
 */
public final class KafkaContinuityException extends GodwitException {

  private static final long serialVersionUID = 1L;

  public KafkaContinuityException(String message) {
    super(ErrorCode.KAFKA_CONTINUITY, message);
  }
}
