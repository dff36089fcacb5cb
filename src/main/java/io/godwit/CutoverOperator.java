package io.godwit;

import io.godwit.control.CutoverDocument;
import java.io.IOException;

/** The person at the other end of a cutover, asked where the cutover needs one. */
public interface CutoverOperator {

  /**
   * The preconditions were checked: {@code check} holds them, each with its name, outcome and
   * detail.
   *
   * @return true to freeze the source and cut over now
   */
  boolean proceed(CutoverDocument check) throws IOException;

  /** The attempt as it stands: its state, and its steps with their outcome once finished. */
  void progress(CutoverDocument view);

  /**
   * A manual freeze waits for the application's writes to the source to stop; returns once they
   * did.
   */
  void awaitWritesStopped() throws IOException;
}
