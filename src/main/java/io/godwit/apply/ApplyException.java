package io.godwit.apply;

import io.godwit.db.TransientFailure;
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
    this(message, cause, false);
  }

  /**
   * @param retry true when the failure is known to pass by itself whatever the error says, e.g. the
   *     connection the batch ran on was found closed afterwards
   */
  public ApplyException(String message, Throwable cause, boolean retry) {
    super(message, cause);
    this.sqlState = cause instanceof SQLException e ? e.getSQLState() : null;
    this.retriable = retry || (cause != null && TransientFailure.is(cause));
  }

  /** A failure outside the target (Kafka) that may pass by itself. */
  static ApplyException retriable(String message, Throwable cause) {
    return new ApplyException(message, cause, true);
  }

  /** The target's SQLState, or null when the failure was not the database's. */
  public String sqlState() {
    return sqlState;
  }

  /**
   * True when applying the same batch again may succeed without a fix: a lost connection, a
   * deadlock or serialization failure, a server shutting down (see {@link TransientFailure}), or
   * Kafka unreachable for the dead-letter topic.
   */
  public boolean retriable() {
    return retriable;
  }
}
