package io.godwit.transport;

import io.godwit.error.ErrorCode;
import io.godwit.error.GodwitException;

/** The embedded broker could not start; the message names its directory, the cause and the fix. */
public final class EmbeddedKafkaException extends GodwitException {

  private static final long serialVersionUID = 1L;

  EmbeddedKafkaException(String message) {
    super(ErrorCode.KAFKA, message);
  }

  EmbeddedKafkaException(String message, Throwable cause) {
    super(ErrorCode.KAFKA, message, cause);
  }
}
