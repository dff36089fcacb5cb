package io.godwit.state;

import io.godwit.error.ErrorCode;
import io.godwit.error.GodwitException;

/**
 * Another runner took the migration over: the transaction that found out was rolled back, and this
 * runner must stop rather than write beside the new one.
 */
public final class RunnerFencedException extends GodwitException {
  private static final long serialVersionUID = 1L;

  public RunnerFencedException(String message) {
    super(ErrorCode.RUNNER_FENCED, message);
  }
}
