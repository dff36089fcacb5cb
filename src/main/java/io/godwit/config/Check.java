package io.godwit.config;

/** A validation rule for one parsed value, see {@link Checks} for the stock ones. */
@FunctionalInterface
interface Check<T> {

  /** Does nothing when {@code value} is acceptable. */
  void check(T value) throws InvalidValueException;
}
