package io.godwit.config;

import java.util.HashMap;
import java.util.Map;

/** The values read so far, one per key that parsed (or defaulted) without a problem. */
final class ConfigValues {

  private final Map<ConfigKey<?>, Object> values = new HashMap<>();

  <T> void put(ConfigKey<T> key, T value) {
    values.put(key, value);
  }

  /** The key's value; null if it is absent by default, or if it had a problem. */
  @SuppressWarnings("unchecked")
  <T> T get(ConfigKey<T> key) {
    return (T) values.get(key);
  }

  /** True when every one of {@code keys} was read without a problem. */
  boolean has(ConfigKey<?>... keys) {
    for (ConfigKey<?> key : keys) {
      if (!values.containsKey(key)) {
        return false;
      }
    }
    return true;
  }
}
