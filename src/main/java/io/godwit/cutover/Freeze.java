package io.godwit.cutover;

/** A way to stop the application's writes on the source (cutover step 2) and let them resume. */
public interface Freeze {

  /** The mode's name as in {@code cutover.freeze}. */
  String mode();

  /** Stops writes; returns what was done, for the cutover log. */
  String freeze() throws Exception;

  /** Lets writes resume; safe to call when not frozen. Returns what was done. */
  String unfreeze() throws Exception;

  /** For the {@code manual} mode: the operator confirms writes stopped. Others ignore it. */
  default void confirm() {}

  /** True while the freeze waits for the operator. */
  default boolean waitingForOperator() {
    return false;
  }
}
