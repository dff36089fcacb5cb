package io.godwit.testing;

import java.time.Duration;

/** Polling for a condition in tests. */
public final class Waits {

  private Waits() {}

  /** A condition polled until it holds. */
  @FunctionalInterface
  public interface Condition {
    boolean holds() throws Exception;
  }

  /**
   * Polls {@code condition} every 250 ms until it holds.
   *
   * @param what what is waited for, as the failure names it ("the snapshot to finish")
   * @throws AssertionError naming {@code what} when {@code timeout} passed first
   */
  public static void waitUntil(Duration timeout, String what, Condition condition)
      throws Exception {
    if (!poll(timeout.toMillis(), 250, condition)) {
      throw new AssertionError("waited %s for %s in vain".formatted(timeout, what));
    }
  }

  /**
   * Polls {@code condition} every 250 ms until it holds or {@code timeout} passed, and does not
   * fail on a timeout: for the fault matrix and the trial, which look at what happened themselves.
   * Everything else waits with {@link #waitUntil(Duration, String, Condition)}.
   *
   * @return whether the condition held
   */
  public static boolean waitUntil(Duration timeout, Condition condition) throws Exception {
    return poll(timeout.toMillis(), 250, condition);
  }

  /**
   * Polls {@code condition} every 100 ms; true as soon as it holds, false once {@code millis}
   * passed.
   */
  public static boolean within(long millis, Condition condition) throws Exception {
    return poll(millis, 100, condition);
  }

  private static boolean poll(long millis, long every, Condition condition) throws Exception {
    long deadline = System.currentTimeMillis() + millis;
    while (System.currentTimeMillis() < deadline) {
      if (condition.holds()) {
        return true;
      }
      Thread.sleep(every);
    }
    return condition.holds();
  }
}
