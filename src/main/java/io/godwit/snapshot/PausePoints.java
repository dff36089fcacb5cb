package io.godwit.snapshot;

/**
 * Named points in the copy where tests stop, break or change things to prove that a resume loses
 * nothing (Ghostferry's StatusAfterRowCopy). Production code passes {@link #NONE}.
 */
@FunctionalInterface
public interface PausePoints {

  PausePoints NONE = (table, chunk) -> {};

  /** Called after a chunk's transaction committed, on the worker that copied it. */
  void afterChunk(String table, int chunk) throws Exception;
}
