package io.godwit.cutover;

/** A cutover step found something that must stop the cutover; the message names it and the fix. */
public final class CutoverException extends Exception {
  private static final long serialVersionUID = 1L;

  public CutoverException(String message) {
    super(message);
  }
}
