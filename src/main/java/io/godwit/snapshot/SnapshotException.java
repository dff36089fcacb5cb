package io.godwit.snapshot;

import io.godwit.error.ErrorCode;
import io.godwit.error.GodwitException;

/** The snapshot cannot go on as configured; the message names the table and the fix. */
public final class SnapshotException extends GodwitException {
  private static final long serialVersionUID = 1L;

  public SnapshotException(String message) {
    super(ErrorCode.SNAPSHOT, message);
  }

  public SnapshotException(String message, Throwable cause) {
    super(ErrorCode.SNAPSHOT, message, cause);
  }
}
