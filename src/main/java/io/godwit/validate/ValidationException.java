package io.godwit.validate;

import io.godwit.error.ErrorCode;
import io.godwit.error.GodwitException;

/** Validation could not compare a table; the message names it and the fix. */
public final class ValidationException extends GodwitException {
  private static final long serialVersionUID = 1L;

  public ValidationException(String message) {
    super(ErrorCode.VALIDATION, message);
  }
}
