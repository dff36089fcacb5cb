package io.godwit.state;

/**
 * Where a table is in the migration. Transitions only go forward, except that a failed copy may be
 * retried from {@link #COPYING}; any phase may end in {@link #DROPPED}.
 */
public enum TablePhase {
  /** Created on the target (or found there empty); nothing copied yet. */
  PENDING,
  /** Chunks planned and being copied. */
  COPYING,
  /** Every chunk copied. */
  COPIED,
  /** Copied, and its change events are being applied. */
  STREAMING,
  /**
   * Left out of the migration file's tables by the operator: no longer captured, copied or applied;
   * its target table keeps the rows it had. Following it again means copying it afresh.
   */
  DROPPED;

  public boolean canMoveTo(TablePhase next) {
    if (next == DROPPED) {
      return this != DROPPED;
    }
    return switch (this) {
      case PENDING -> next == COPYING;
      case COPYING -> next == COPIED;
      case COPIED -> next == STREAMING;
      case STREAMING, DROPPED -> false;
    };
  }

  /** Whether every row of the snapshot is on the target. */
  public boolean copyFinished() {
    return this == COPIED || this == STREAMING;
  }

  /** Whether the migration still captures and applies the table. */
  public boolean followed() {
    return this != DROPPED;
  }
}
