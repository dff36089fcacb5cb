package io.godwit.state;

/**
 * Where a table is in the migration. Transitions only go forward, except that a failed copy may be
 * retried from {@link #COPYING}.
 */
public enum TablePhase {
  /** Created on the target (or found there empty); nothing copied yet. */
  PENDING,
  /** Chunks planned and being copied. */
  COPYING,
  /** Every chunk copied. */
  COPIED,
  /** Copied, and its change events are being applied. */
  STREAMING;

  public boolean canMoveTo(TablePhase next) {
    return switch (this) {
      case PENDING -> next == COPYING;
      case COPYING -> next == COPIED;
      case COPIED -> next == STREAMING;
      case STREAMING -> false;
    };
  }

  /** Whether every row of the snapshot is on the target. */
  public boolean copyFinished() {
    return this == COPIED || this == STREAMING;
  }
}
