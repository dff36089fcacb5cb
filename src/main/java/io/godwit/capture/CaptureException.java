package io.godwit.capture;

import io.godwit.error.ErrorCode;
import io.godwit.error.GodwitException;
import java.time.Duration;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.function.Supplier;

/**
 * Change capture failed or could not start; the message names the source, the cause and the fix.
 */
public final class CaptureException extends GodwitException {

  private static final long serialVersionUID = 1L;

  CaptureException(String message) {
    super(ErrorCode.CAPTURE, message);
  }

  CaptureException(String message, Throwable cause) {
    super(ErrorCode.CAPTURE, message, cause);
  }

  /**
   * Waits for {@code future}; a failure comes out as a CaptureException, an interruption says what
   * was awaited, a timeout gives {@code onTimeout}'s message.
   */
  static <T> T await(
      Future<T> future, Duration timeout, String awaited, Supplier<String> onTimeout) {
    try {
      return future.get(timeout.toMillis(), TimeUnit.MILLISECONDS);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new CaptureException("interrupted while waiting for " + awaited, e);
    } catch (ExecutionException e) {
      throw of(e.getCause());
    } catch (TimeoutException e) {
      throw new CaptureException(onTimeout.get());
    }
  }

  /** {@code cause} itself when it is one, else one carrying its message. */
  static CaptureException of(Throwable cause) {
    return cause instanceof CaptureException c
        ? c
        : new CaptureException(cause.getMessage(), cause);
  }
}
