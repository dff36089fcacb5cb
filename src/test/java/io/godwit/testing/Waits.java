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

  /** Polls {@code condition} every 250 ms until it holds or {@code timeout} passed. */
  public static void waitUntil(Duration timeout, Condition condition) throws Exception {
    poll(timeout.toMillis(), 250, condition);
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
