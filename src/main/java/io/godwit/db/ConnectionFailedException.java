package io.godwit.db;

import io.godwit.error.ErrorCode;
import io.godwit.error.GodwitException;

/** A database could not be reached; the message names the side, the masked URL and the fix. */
public final class ConnectionFailedException extends GodwitException {
  private static final long serialVersionUID = 1L;

  public ConnectionFailedException(String message, Throwable cause) {
    super(ErrorCode.CONNECTION, message, cause);
  }
}
