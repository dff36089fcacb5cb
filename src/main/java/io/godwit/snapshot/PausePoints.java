package io.godwit.snapshot;

import java.sql.SQLException;

/**
 * Named points in a run where tests stop, break or change things to prove that a resume loses
 * nothing (Ghostferry's StatusAfterRowCopy), and where {@code godwit trial} times its sample's
 * copy: before the snapshot, before its copy step, in a chunk between its rows and its checkpoint
 * commit, after a chunk, during the index build, in the applier between writing a batch and
 * committing it, in the cutover during the drain and after the final validation, and in the
 * rollback during its drain and after each of its steps that can leave a side frozen. Production
 * code passes {@link #NONE}; every point but {@link #afterChunk} does nothing unless a test
 * overrides it.
 */
@FunctionalInterface
public interface PausePoints {

  PausePoints NONE = (table, chunk) -> {};

  /** Called after a chunk's transaction committed, on the worker that copied it. */
  void afterChunk(String table, int chunk) throws Exception;

  /** Called by {@code godwit run} once the capture proved P0, before the first chunk is read. */
  default void beforeSnapshot() throws Exception {}

  /** Called in the snapshot once the target tables are prepared, before any chunk is planned. */
  default void beforeChunkPlans() throws SQLException {}

  /**
   * Called by the snapshot once its target tables are prepared and its chunks planned, before the
   * workers take their first chunk.
   */
  default void beforeCopy() throws SQLException {}

  /** Called by the applier after a batch's rows and offsets were written, before the commit. */
  default void beforeApplyCommit() throws Exception {}

  /**
   * Called by the worker copying a chunk after the chunk's rows and its checkpoint were written to
   * the target, before the transaction holding both commits.
   */
  default void beforeChunkCommit(String table, int chunk) throws SQLException {}

  /**
   * Called in the snapshot's index step once the indexes started early (as each table's copy ended)
   * were built, before the remaining secondary indexes are.
   */
  default void duringIndexBuild() throws SQLException {}

  /**
   * Called in the cutover's drain step with the source frozen and its position recorded, before the
   * applier is drained to that position.
   */
  default void duringDrain() throws Exception {}

  /**
   * Called in the cutover once the final validation was clean, before the indexes, foreign keys,
   * sequences and the done step.
   */
  default void afterFinalValidation() throws Exception {}

  /**
   * Called in the rollback's drain step with the target frozen and its position recorded, before
   * the reverse stream is drained to that position.
   */
  default void duringRollbackDrain() throws Exception {}

  /**
   * Called in the rollback once its step {@code step} succeeded and was recorded, before the next:
   * after {@code freeze}, {@code validate}, {@code sequences} and {@code unfreeze}.
   */
  default void afterRollbackStep(String step) throws Exception {}
}
