package io.godwit.error;

/**
 * The one root of the errors a user sees: a code that says what kind of error it is (and so the
 * exit code) and a message that names the thing and the fix. The command line prints the message on
 * one line; anything else that reaches it is a defect.
 */
public class GodwitException extends RuntimeException {
  private static final long serialVersionUID = 1L;

  private final ErrorCode code;

  public GodwitException(ErrorCode code, String message) {
    super(message);
    this.code = code;
  }

  public GodwitException(ErrorCode code, String message, Throwable cause) {
    super(message, cause);
    this.code = code;
  }

  public ErrorCode code() {
    return code;
  }
}
