package io.godwit.cutover;

import java.util.Set;

/**
 * Where this process's cutover or rollback attempt stands. {@link SwitchAttempts} moves it only by
 * compare-and-set, as Debezium's {@code AsyncEmbeddedEngine} moves its {@code State}: a step, an
 * abort and a roll-back racing each other see one winner. What is stored and shown is {@link
 * io.godwit.state.AttemptState}.
 *
 * <pre>
 * IDLE -> RUNNING -> FROZEN -> DONE
 *           |          |
 *           v          v
 *       ABORTING   UNFREEZING  -> IDLE (rolled back)
 * </pre>
 */
enum CutoverState {
  /** No attempt under way in this process: none yet, or the last one was rolled back. */
  IDLE,
  /** The preconditions held; the steps before the freeze run. */
  RUNNING,
  /** The freeze step was entered: the source may be frozen, whatever the freeze returned. */
  FROZEN,
  /** Aborted or failed before the freeze step: rolling back has nothing to unfreeze. */
  ABORTING,
  /** Aborted or failed once the freeze step was entered: rolling back unfreezes the source. */
  UNFREEZING,
  /** The target took over: the attempt can no longer be aborted. */
  DONE;

  /** Whether the state may move to {@code next}. */
  boolean canMoveTo(CutoverState next) {
    return switch (this) {
      case IDLE -> next == RUNNING;
      case RUNNING -> Set.of(FROZEN, ABORTING).contains(next);
      case FROZEN -> Set.of(DONE, UNFREEZING).contains(next);
      case ABORTING, UNFREEZING -> next == IDLE;
      case DONE -> false;
    };
  }

  /** An abort or a failure is being rolled back: no further step may start. */
  boolean rollingBack() {
    return this == ABORTING || this == UNFREEZING;
  }

  /** The source may be frozen: undoing the attempt unfreezes it. */
  boolean mayBeFrozen() {
    return this == FROZEN || this == UNFREEZING;
  }
}
