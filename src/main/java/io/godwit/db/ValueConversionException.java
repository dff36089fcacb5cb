package io.godwit.db;

import java.sql.SQLException;

/**
 * A source value the target cannot take as mapped. The message names the column, the value and the
 * fix; the copy adds the table and key range.
 */
public final class ValueConversionException extends SQLException {
  private static final long serialVersionUID = 1L;

  public ValueConversionException(String message) {
    super(message, "22000");
  }
}
