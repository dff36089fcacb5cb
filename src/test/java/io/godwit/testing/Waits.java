package io.godwit.testing;

import java.time.Duration;

/**
 * Polling for a condition in tests, every 50 ms: a wait ends on average 25 ms after its condition
 * came to hold, where a 250 ms poll let every wait of the live ITs overshoot by 125 ms.
 */
public final class Waits {

  private static final long EVERY_MILLIS = 50;

  private Waits() {}

  /** A condition polled until it holds. */
  @FunctionalInterface
  public interface Condition {
    boolean holds() throws Exception;
  }

  /**
   * Polls {@code condition} until it holds.
   *
   * @param what what is waited for, as the failure names it ("the snapshot to finish")
   * @throws AssertionError naming {@code what} when {@code timeout} passed first
   */
  public static void waitUntil(Duration timeout, String what, Condition condition)
      throws Exception {
    if (!poll(timeout.toMillis(), condition)) {
      throw new AssertionError("waited %s for %s in vain".formatted(timeout, what));
    }
  }

  /**
   * Polls {@code condition} until it holds or {@code timeout} passed, and does not fail on a
   * timeout: for the fault matrix and the trial, which look at what happened themselves. Everything
   * else waits with {@link #waitUntil(Duration, String, Condition)}.
   *
   * @return whether the condition held
   */
  public static boolean waitUntil(Duration timeout, Condition condition) throws Exception {
    return poll(timeout.toMillis(), condition);
  }

  /** Polls {@code condition}; true as soon as it holds, false once {@code millis} passed. */
  public static boolean within(long millis, Condition condition) throws Exception {
    return poll(millis, condition);
  }

  private static boolean poll(long millis, Condition condition) throws Exception {
    long deadline = System.currentTimeMillis() + millis;
    while (System.currentTimeMillis() < deadline) {
      if (condition.holds()) {
        return true;
      }
      Thread.sleep(EVERY_MILLIS);
    }
    return condition.holds();
  }
}
