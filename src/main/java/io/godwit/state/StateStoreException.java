package io.godwit.state;

/** The state store cannot be used as asked; the message says why and what to do. */
public final class StateStoreException extends RuntimeException {
  private static final long serialVersionUID = 1L;

  public StateStoreException(String message) {
    super(message);
  }
}
