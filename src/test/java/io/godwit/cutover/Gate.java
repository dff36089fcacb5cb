package io.godwit.cutover;

import java.time.Duration;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;

/**
 * A point where a fake stops the cutover's thread: tests wait until the thread {@link #reached} it,
 * then act (abort, confirm, crash) and, where the scenario needs it, {@link #open} it.
 */
final class Gate {

  private final CountDownLatch reached = new CountDownLatch(1);
  private final CountDownLatch opened = new CountDownLatch(1);
  private volatile boolean interrupted;

  /** Blocks until the gate opens; an interrupt ends the wait with {@link InterruptedException}. */
  void pass() throws InterruptedException {
    reached.countDown();
    opened.await();
  }

  /**
   * Blocks until the gate opens, whatever interrupts arrive (a step that does not answer the
   * abort); {@link #interrupted} tells whether one did.
   */
  void passIgnoringInterrupts() {
    reached.countDown();
    while (true) {
      try {
        opened.await();
        return;
      } catch (InterruptedException e) {
        interrupted = true;
      }
    }
  }

  /** Waits until a thread reached the gate. */
  void reached(Duration timeout) throws InterruptedException {
    if (!reached.await(timeout.toMillis(), TimeUnit.MILLISECONDS)) {
      throw new AssertionError("the cutover did not reach the gate within " + timeout);
    }
  }

  boolean interrupted() {
    return interrupted;
  }

  void open() {
    opened.countDown();
  }
}
