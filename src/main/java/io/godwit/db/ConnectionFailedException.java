package io.godwit.db;

/** A database could not be reached; the message names the side, the masked URL and the fix. */
public final class ConnectionFailedException extends RuntimeException {
  private static final long serialVersionUID = 1L;

  public ConnectionFailedException(String message, Throwable cause) {
    super(message, cause);
  }
}
