package io.godwit.schema;

/** A row filter that is not in the filter language, or does not fit its table; says the fix. */
public final class InvalidFilterException extends IllegalArgumentException {

  public InvalidFilterException(String message) {
    super(message);
  }
}
