package io.godwit.snapshot;

/**
 * Named points in a run where tests stop, break or change things to prove that a resume loses
 * nothing (Ghostferry's StatusAfterRowCopy): after a snapshot chunk, before the snapshot, and in
 * the applier between writing a batch and committing it. Production code passes {@link #NONE}.
 */
@FunctionalInterface
public interface PausePoints {

  PausePoints NONE = (table, chunk) -> {};

  /** Called after a chunk's transaction committed, on the worker that copied it. */
  void afterChunk(String table, int chunk) throws Exception;

  /** Called by {@code godwit run} once the capture proved P0, before the first chunk is read. */
  default void beforeSnapshot() throws Exception {}

  /** Called by the applier after a batch's rows and offsets were written, before the commit. */
  default void beforeApplyCommit() throws Exception {}
}
