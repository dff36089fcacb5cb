package io.godwit.config;

/** Thrown by value parsers and checks; the loader turns it into a {@link ConfigProblem}. */
final class InvalidValueException extends Exception {

  private static final long serialVersionUID = 1L;

  private final String fix;

  InvalidValueException(String message, String fix) {
    super(message, null, false, false);
    this.fix = fix;
  }

  String fix() {
    return fix;
  }
}
