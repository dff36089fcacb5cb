package io.godwit.control;

/** An error the {@link ControlServer} answers with its status code and message. */
final class HttpError extends Exception {
  private static final long serialVersionUID = 1L;

  final int status;

  HttpError(int status, String message) {
    super(message);
    this.status = status;
  }
}
