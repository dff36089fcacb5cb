package io.godwit.state;

/**
 * Another runner took the migration over: the transaction that found out was rolled back, and this
 * runner must stop rather than write beside the new one.
 */
public final class RunnerFencedException extends RuntimeException {
  private static final long serialVersionUID = 1L;

  public RunnerFencedException(String message) {
    super(message);
  }
}
