package io.godwit.transport;

import io.godwit.error.ErrorCode;
import io.godwit.error.GodwitException;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.Future;

/** Waiting for a Kafka client's answer, a failure turned into an error that names the fix. */
public final class KafkaCalls {

  private KafkaCalls() {}

  /**
   * The answer of {@code call}.
   *
   * @param doing what the call does, for the error: {@code read the topics [a, b]}
   * @param mayDo what the Kafka user must be allowed to do, for the fix: {@code describe the
   *     topics}
   */
  public static <T> T await(Future<T> call, String doing, String mayDo) {
    try {
      return call.get();
    } catch (InterruptedException e) {
      throw interrupted(doing, e);
    } catch (ExecutionException e) {
      throw failed(doing, mayDo, e);
    }
  }

  /** For a caller that waits on several answers: an interruption while it does {@code doing}. */
  static IllegalStateException interrupted(String doing, InterruptedException e) {
    Thread.currentThread().interrupt();
    return new IllegalStateException("interrupted while trying to " + doing, e);
  }

  /** For a caller that waits on several answers: a call's failure, as {@link #await} names it. */
  static GodwitException failed(String doing, String mayDo, ExecutionException e) {
    return new GodwitException(
        ErrorCode.KAFKA,
        "cannot %s: %s; fix: check kafka.bootstrap-servers and that the Kafka user may %s"
            .formatted(doing, e.getCause().getMessage(), mayDo),
        e.getCause());
  }
}
