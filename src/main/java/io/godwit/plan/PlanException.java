package io.godwit.plan;

/** The plan cannot be made as configured; the message names the setting and the fix. */
public final class PlanException extends RuntimeException {
  private static final long serialVersionUID = 1L;

  public PlanException(String message) {
    super(message);
  }
}
