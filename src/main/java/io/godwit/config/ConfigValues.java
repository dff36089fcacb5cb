package io.godwit.config;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/** The values read so far, one per key that parsed (or defaulted) without a problem. */
final class ConfigValues {

  private final Map<ConfigKey<?>, Object> values = new HashMap<>();
  private final Map<String, YamlNode> referenced = new HashMap<>();
  private final Map<String, Secret> hookEnvironment = new LinkedHashMap<>();
  private final List<String> referenceValues = new ArrayList<>();

  <T> void put(ConfigKey<T> key, T value) {
    values.put(key, value);
  }

  /** The key's value; null if it is absent by default, or if it had a problem. */
  @SuppressWarnings("unchecked")
  <T> T get(ConfigKey<T> key) {
    return (T) values.get(key);
  }

  /** Notes that the key's value, written as {@code node}, holds a secret reference. */
  void referenced(ConfigKey<?> key, YamlNode node) {
    referenced.put(key.path(), node);
  }

  /** Notes the value a reference was resolved to, for {@link Redaction}. */
  void referenceValue(String value) {
    referenceValues.add(value);
  }

  Provenance provenance() {
    List<String> secrets = new ArrayList<>(referenceValues);
    hookEnvironment.values().forEach(value -> secrets.add(value.reveal()));
    return new Provenance(referenced, Redaction.of(secrets));
  }

  /** The variables the hooks' commands refer to, filled as the hooks are read. */
  Map<String, Secret> hookEnvironment() {
    return hookEnvironment;
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
