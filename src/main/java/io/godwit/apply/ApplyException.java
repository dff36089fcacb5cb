package io.godwit.apply;

import java.sql.SQLException;

/**
 * A batch the target rejected or could not take. The batch's rows and offsets were rolled back
 * together, so the same events are applied again from the stored offsets once the cause is fixed.
 */
public final class ApplyException extends Exception {
  private static final long serialVersionUID = 1L;

  private final String sqlState;
  private final boolean retriable;

  public ApplyException(String message, Throwable cause) {
    super(message, cause);
    this.sqlState = cause instanceof SQLException e ? e.getSQLState() : null;
    this.retriable = sqlState != null && (sqlState.startsWith("08") || sqlState.startsWith("40"));
  }

  /** A failure outside the target (Kafka) that may pass by itself. */
  static ApplyException retriable(String message, Throwable cause) {
    return new ApplyException(message, cause, true);
  }

  private ApplyException(String message, Throwable cause, boolean retriable) {
    super(message, cause);
    this.sqlState = null;
    this.retriable = retriable;
  }

  /** The target's SQLState, or null when the failure was not the database's. */
  public String sqlState() {
    return sqlState;
  }

  /**
   * True when applying the same batch again may succeed without a fix: a lost connection (class
   * 08), a deadlock or serialization failure (class 40), or Kafka unreachable for the dead-letter
   * topic.
   */
  public boolean retriable() {
    return retriable;
  }
}
