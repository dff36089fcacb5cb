package io.godwit;

import io.godwit.control.CutoverDocument;
import java.io.IOException;

/** The person at the other end of a cutover or a rollback, asked where it needs one. */
public interface CutoverOperator {

  /**
   * The preconditions were checked: {@code check} holds them, each with its name, outcome and
   * detail.
   *
   * @return true to freeze now (the source for a cutover, the target for a rollback) and go on
   */
  boolean proceed(CutoverDocument check) throws IOException;

  /** The attempt as it stands: its state, and its steps with their outcome once finished. */
  void progress(CutoverDocument view);

  /**
   * A manual freeze waits for the application's writes to stop (to the source for a cutover, to the
   * target for a rollback); returns once they did.
   */
  void awaitWritesStopped() throws IOException;
}
