package io.godwit.schema;

/** Column rules ({@code tables.columns}) that do not fit their table; the message says the fix. */
public final class InvalidColumnRulesException extends IllegalArgumentException {

  public InvalidColumnRulesException(String message) {
    super(message);
  }
}
