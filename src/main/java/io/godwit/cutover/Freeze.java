package io.godwit.cutover;

/** A way to stop the application's writes on the source (cutover step 2) and let them resume. */
public interface Freeze {

  /** The mode's name as in {@code cutover.freeze}. */
  String mode();

  /** Stops writes; returns what was done, for the cutover log. */
  String freeze() throws Exception;

  /** Lets writes resume; safe to call when not frozen. Returns what was done. */
  String unfreeze() throws Exception;

  /**
   * Lifts what this freeze did to the database's own settings, without resuming the application: a
   * rollback's old source, which {@code rollback.done-hook} then repoints the application at. A
   * freeze that stopped the application itself (a hook, the operator) left the settings alone, so
   * there is nothing to lift; resuming the application before it is repointed would send its writes
   * to the target, after the rollback's last drain. Returns what was done.
   */
  default String lift() throws Exception {
    return unfreeze();
  }

  /** For the {@code manual} mode: the operator confirms writes stopped. Others ignore it. */
  default void confirm() {}

  /** True while the freeze waits for the operator. */
  default boolean waitingForOperator() {
    return false;
  }
}
