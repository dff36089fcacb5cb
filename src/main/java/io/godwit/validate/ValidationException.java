package io.godwit.validate;

/** Validation could not compare a table; the message names it and the fix. */
public final class ValidationException extends RuntimeException {
  private static final long serialVersionUID = 1L;

  public ValidationException(String message) {
    super(message);
  }
}
