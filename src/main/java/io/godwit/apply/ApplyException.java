package io.godwit.apply;

import java.sql.SQLException;

/**
 * A batch the target rejected or could not take. The batch's rows and offsets were rolled back
 * together, so the same events are applied again from the stored offsets once the cause is fixed.
 */
public final class ApplyException extends Exception {
  private static final long serialVersionUID = 1L;

  private final String sqlState;

  public ApplyException(String message, Throwable cause) {
    super(message, cause);
    this.sqlState = cause instanceof SQLException e ? e.getSQLState() : null;
  }

  /** The target's SQLState, or null when the failure was not the database's. */
  public String sqlState() {
    return sqlState;
  }

  /**
   * True when applying the same batch again may succeed without a fix: a lost connection (class 08)
   * or a deadlock or serialization failure (class 40).
   */
  public boolean retriable() {
    return sqlState != null && (sqlState.startsWith("08") || sqlState.startsWith("40"));
  }
}
