package io.godwit.config;

import com.fasterxml.jackson.annotation.JsonValue;
import java.util.Objects;

/**
 * A resolved secret (password, token). Never printed: {@link #toString()} and JSON serialisation
 * give {@code ******}, or {@code ""} when the secret is empty; only {@link #reveal()} gives the
 * value.
 */
public final class Secret {

  public static final String MASK = "******";

  private static final Secret EMPTY = new Secret("");

  private final String value;

  private Secret(String value) {
    this.value = value;
  }

  public static Secret of(String value) {
    Objects.requireNonNull(value, "value");
    return value.isEmpty() ? EMPTY : new Secret(value);
  }

  public static Secret empty() {
    return EMPTY;
  }

  /** The secret itself; pass it straight to the driver or client that needs it. */
  public String reveal() {
    return value;
  }

  public boolean isEmpty() {
    return value.isEmpty();
  }

  @JsonValue
  @Override
  public String toString() {
    return value.isEmpty() ? "" : MASK;
  }

  @Override
  public boolean equals(Object other) {
    return other instanceof Secret that && value.equals(that.value);
  }

  @Override
  public int hashCode() {
    return value.hashCode();
  }
}
