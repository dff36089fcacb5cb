package io.godwit;

import java.io.IOException;
import java.util.Map;

/** The person at the other end of a cutover, asked where the cutover needs one. */
public interface CutoverOperator {

  /**
   * The preconditions were checked: {@code check} holds them under {@code checks}, each with {@code
   * name}, {@code ok} and {@code detail}.
   *
   * @return true to freeze the source and cut over now
   */
  boolean proceed(Map<String, Object> check) throws IOException;

  /** The attempt as it stands: its state, and its steps with their outcome once finished. */
  void progress(Map<String, Object> view);

  /**
   * A manual freeze waits for the application's writes to the source to stop; returns once they
   * did.
   */
  void awaitWritesStopped() throws IOException;
}
