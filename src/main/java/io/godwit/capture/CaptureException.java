package io.godwit.capture;

/**
 * Change capture failed or could not start; the message names the source, the cause and the fix.
 */
public final class CaptureException extends RuntimeException {

  private static final long serialVersionUID = 1L;

  CaptureException(String message) {
    super(message);
  }

  CaptureException(String message, Throwable cause) {
    super(message, cause);
  }

  /** {@code cause} itself when it is one, else one carrying its message. */
  static CaptureException of(Throwable cause) {
    return cause instanceof CaptureException c
        ? c
        : new CaptureException(cause.getMessage(), cause);
  }
}
