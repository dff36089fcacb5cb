package io.godwit.snapshot;

import java.util.Collections;
import java.util.EnumSet;
import java.util.Locale;
import java.util.Set;
import java.util.concurrent.TimeUnit;

/**
 * Holds the copy to a rows-per-second ceiling, changeable while it runs, and pauses it while anyone
 * holds it: the operator, or a watch on the source's load. Each holds and releases only its own
 * hold, so a calm reading never lifts the operator's pause. Shared by all copy workers.
 *
 * <p>A {@link #stop} ends the copy whatever holds it: every worker waiting here, held or paced,
 * wakes and fails with {@link CopyStoppedException}, so its chunk rolls back and is copied by the
 * next run; no worker starts a chunk afterwards.
 */
public final class Throttle {

  /** Who holds the copy. */
  public enum Hold {
    /** The operator, through the control API. */
    OPERATOR,
    /** {@link CopyBrake#threadsRunning}: the source runs more threads than allowed. */
    SOURCE_THREADS,
    /** {@link CopyBrake#replicaLag}: the source's replica is too far behind, or not replicating. */
    REPLICA_LAG,
    /** {@link CopyBrake#applyLag}: the tables already streaming lag too far behind. */
    APPLY_LAG;

    /** The name the status shows: {@code operator}, {@code source-threads}, {@code replica-lag}. */
    public String label() {
      return name().toLowerCase(Locale.ROOT).replace('_', '-');
    }
  }

  private volatile long rowsPerSecond;
  private final Set<Hold> holds = EnumSet.noneOf(Hold.class);
  private boolean stopped;
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
    synchronized (holds) {
      return !holds.isEmpty();
    }
  }

  /** Who holds the copy now, in declaration order; empty while it runs. */
  public Set<Hold> holds() {
    synchronized (holds) {
      return Collections.unmodifiableSet(EnumSet.copyOf(holds));
    }
  }

  /** The operator's pause ({@code paused}) or resume; other holds stay as they are. */
  public void setPaused(boolean paused) {
    hold(Hold.OPERATOR, paused);
  }

  /** Takes ({@code held}) or releases {@code who}'s hold. */
  void hold(Hold who, boolean held) {
    synchronized (holds) {
      if (held) {
        holds.add(who);
      } else {
        holds.remove(who);
        holds.notifyAll();
      }
    }
  }

  /** Ends the copy: waiting workers wake and fail, and none goes on. For good. */
  public void stop() {
    synchronized (holds) {
      stopped = true;
      holds.notifyAll();
    }
  }

  /** Whether the copy was {@link #stop}ped. */
  public boolean stopped() {
    synchronized (holds) {
      return stopped;
    }
  }

  /**
   * Blocks until {@code rows} more rows may be copied.
   *
   * @throws CopyStoppedException once the copy is {@link #stop}ped, at once or while it waits
   */
  public void acquire(int rows) throws InterruptedException {
    synchronized (holds) {
      while (!stopped && !holds.isEmpty()) {
        holds.wait();
      }
      throwIfStopped();
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
    awaitStop(wait);
    synchronized (holds) {
      throwIfStopped();
    }
  }

  /**
   * Waits up to {@code nanos}, or less when the copy is stopped meanwhile.
   *
   * @return whether the copy is stopped
   */
  boolean awaitStop(long nanos) throws InterruptedException {
    long deadline = System.nanoTime() + nanos;
    synchronized (holds) {
      for (long left = nanos; !stopped && left > 0; left = deadline - System.nanoTime()) {
        TimeUnit.NANOSECONDS.timedWait(holds, left);
      }
      return stopped;
    }
  }

  private void throwIfStopped() {
    if (stopped) {
      throw new CopyStoppedException();
    }
  }
}
