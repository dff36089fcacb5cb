package io.godwit.cutover;

import java.time.Duration;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

/**
 * {@code cutover.freeze: manual}: the operator stops the application's writes and confirms ({@code
 * godwit cutover} asks, or {@code POST /api/cutover/confirm}; for the target's freeze in a rollback
 * {@code godwit rollback}, or {@code POST /api/rollback/confirm}). Its messages name no side: the
 * switch tags them with the side it froze.
 */
final class ManualFreeze implements Freeze {

  private final Duration wait;
  private volatile CountDownLatch confirmed = new CountDownLatch(1);
  private volatile boolean waiting;

  ManualFreeze(Duration wait) {
    this.wait = wait;
  }

  @Override
  public String mode() {
    return "manual";
  }

  @Override
  public String freeze() throws Exception {
    confirmed = new CountDownLatch(1);
    waiting = true;
    try {
      if (!confirmed.await(wait.toMillis(), TimeUnit.MILLISECONDS)) {
        throw new TimeoutException(
            "the operator did not confirm within %d s that writes stopped; fix: stop the"
                    .formatted(wait.toSeconds())
                + " application's writes, then answer `godwit cutover` (or POST"
                + " /api/cutover/confirm), for a rollback `godwit rollback` (or POST"
                + " /api/rollback/confirm)");
      }
    } finally {
      waiting = false;
    }
    return "the operator confirmed that the application's writes stopped";
  }

  @Override
  public void confirm() {
    waiting = false;
    confirmed.countDown();
  }

  @Override
  public boolean waitingForOperator() {
    return waiting;
  }

  @Override
  public String unfreeze() {
    return "the freeze was manual: let the application write again";
  }

  @Override
  public String lift() {
    return "the freeze was manual: repoint the application at the old source, then let it write";
  }
}
