package io.godwit.apply;

/** A value that has no form the target takes; {@link EventDecoder} adds where it came from. */
final class BadValueException extends RuntimeException {
  private static final long serialVersionUID = 1L;

  BadValueException(String reason) {
    super(reason);
  }

  BadValueException(String reason, Throwable cause) {
    super(reason, cause);
  }
}
