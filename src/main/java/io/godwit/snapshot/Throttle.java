package io.godwit.snapshot;

import java.util.concurrent.TimeUnit;
import java.util.concurrent.locks.LockSupport;

/**
 * Holds the copy to a rows-per-second ceiling, changeable while it runs, and pauses it while the
 * source is under pressure. Shared by all copy workers.
 */
public final class Throttle {

  private volatile long rowsPerSecond;
  private volatile boolean paused;
  private long allowedAt = System.nanoTime();

  /**
   * @param rowsPerSecond the ceiling; 0 for none
   */
  public Throttle(long rowsPerSecond) {
    setRowsPerSecond(rowsPerSecond);
  }

  public long rowsPerSecond() {
    return rowsPerSecond;
  }

  public void setRowsPerSecond(long rowsPerSecond) {
    if (rowsPerSecond < 0) {
      throw new IllegalArgumentException("rows per second must be 0 (no ceiling) or more");
    }
    this.rowsPerSecond = rowsPerSecond;
  }

  public boolean isPaused() {
    return paused;
  }

  public void setPaused(boolean paused) {
    this.paused = paused;
  }

  /** Blocks until {@code rows} more rows may be copied. */
  public void acquire(int rows) throws InterruptedException {
    while (paused) {
      TimeUnit.MILLISECONDS.sleep(100);
    }
    long limit = rowsPerSecond;
    if (limit <= 0) {
      return;
    }
    long wait;
    synchronized (this) {
      long now = System.nanoTime();
      allowedAt =
          Math.max(allowedAt, now - TimeUnit.SECONDS.toNanos(1)) + rows * 1_000_000_000L / limit;
      wait = allowedAt - now;
    }
    if (wait > 0) {
      LockSupport.parkNanos(wait);
      if (Thread.interrupted()) {
        throw new InterruptedException("copy interrupted while throttled");
      }
    }
  }
}
