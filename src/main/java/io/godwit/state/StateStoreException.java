package io.godwit.state;

import io.godwit.error.ErrorCode;
import io.godwit.error.GodwitException;

/** The state store cannot be used as asked; the message says why and what to do. */
public final class StateStoreException extends GodwitException {
  private static final long serialVersionUID = 1L;

  public StateStoreException(String message) {
    super(ErrorCode.STATE_STORE, message);
  }

  public StateStoreException(String message, Throwable cause) {
    super(ErrorCode.STATE_STORE, message, cause);
  }
}
