package io.godwit.plan;

import io.godwit.error.ErrorCode;
import io.godwit.error.GodwitException;

/** The plan cannot be made as configured; the message names the setting and the fix. */
public final class PlanException extends GodwitException {
  private static final long serialVersionUID = 1L;

  public PlanException(String message) {
    super(ErrorCode.PLAN, message);
  }
}
