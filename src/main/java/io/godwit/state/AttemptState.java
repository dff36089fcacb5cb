package io.godwit.state;

import com.fasterxml.jackson.annotation.JsonValue;

/**
 * Where a cutover or rollback attempt stands, as {@code _godwit.cutover.state} stores it and the
 * control API, {@code godwit status}, {@code godwit cutover} and the report show it. The labels are
 * the stored and printed strings: they never change, so rows written by any earlier Godwit stay
 * readable.
 */
public enum AttemptState {
  /** No attempt yet; shown, never stored. */
  IDLE("idle"),
  /** The manual freeze waits for the operator's confirmation; shown, never stored. */
  WAITING_FOR_OPERATOR("waiting-for-operator"),
  /** The steps run (or the process running them died: the next run rolls it back). */
  RUNNING("running"),
  /** The target took over. */
  DONE("done"),
  /** Rolled back: the source unfrozen, streaming going on. */
  ABORTED("aborted"),
  /** The preconditions did not hold; nothing was frozen. */
  REFUSED("refused"),
  /**
   * A rollback's end: the old source took over again ({@code godwit rollback}); the target stays
   * frozen.
   */
  ROLLED_BACK("rolled-back");

  private final String label;

  AttemptState(String label) {
    this.label = label;
  }

  @JsonValue
  public String label() {
    return label;
  }

  /** The state a label names. */
  public static AttemptState of(String label) {
    for (AttemptState s : values()) {
      if (s.label.equals(label)) {
        return s;
      }
    }
    throw new StateStoreException(
        "unknown cutover state '%s'; fix: use the Godwit version that wrote it, or a newer one"
            .formatted(label));
  }
}
