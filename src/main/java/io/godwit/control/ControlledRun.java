package io.godwit.control;

import java.time.Duration;
import java.util.List;

/**
 * What the control API may ask of the running migration. The server only routes and renders; the
 * run decides.
 */
public interface ControlledRun {

  /** The status document: phase, tables, lag, validation and cutover. */
  StatusView status() throws Exception;

  /** True once capture and apply are running, for readiness probes. */
  boolean ready();

  /** Proves zero lag for everything the source committed before the call (see the design). */
  void drain(Duration timeout) throws Exception;

  /**
   * Proves zero lag of the reverse stream for everything the target committed before the call:
   * after a cutover with {@code rollback.reverse}, while the run streams the target's changes back
   * to the old source.
   */
  void drainReverse(Duration timeout) throws Exception;

  /** Starts the cutover, or with {@code dryRun} only checks its preconditions; returns its view. */
  CutoverDocument cutover(boolean dryRun) throws Exception;

  /** The operator confirms that writes stopped, for {@code cutover.freeze: manual}. */
  CutoverDocument confirmFreeze() throws Exception;

  /** Abandons a cutover in progress: the source is unfrozen and streaming goes on. */
  CutoverDocument abortCutover(String reason) throws Exception;

  /** The cutover's current view. */
  CutoverDocument cutoverView() throws Exception;

  /**
   * Starts the rollback of a migration cut over with its reverse stream running, or with {@code
   * dryRun} only checks its preconditions; returns its view.
   */
  CutoverDocument rollback(boolean dryRun) throws Exception;

  /** The operator confirms that writes to the target stopped, for a manual freeze. */
  CutoverDocument confirmRollbackFreeze() throws Exception;

  /** Abandons a rollback before the old source is unfrozen: the target is unfrozen. */
  CutoverDocument abortRollback(String reason) throws Exception;

  /** The rollback's current view. */
  CutoverDocument rollbackView() throws Exception;

  /**
   * Pauses or resumes the applier for {@code tables} (every table when empty), durably: all of them
   * or, when one is not a table of the migration, none.
   *
   * @return the tables paused afterwards
   */
  ApplyPauses applyPaused(List<String> tables, boolean paused) throws Exception;

  /**
   * Asks for a fresh copy of {@code tables} (at least one), durably: all of them or, when one is
   * not a table of the migration, none. The run holds each in the applier, copies it again and
   * replays its changes over the new copy, while the other tables stream on.
   *
   * @return the tables whose re-copy is asked for and not yet begun
   */
  Resnapshots resnapshot(List<String> tables) throws Exception;

  /** Sets the snapshot copy's ceiling in rows per second (0: none); returns the new value. */
  long throttle(long rowsPerSecond, Boolean paused);
}
