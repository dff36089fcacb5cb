package io.godwit.config;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/** The configuration in effect, defaults included, as {@code key = value} lines safe to print. */
public final class EffectiveConfig {

  private EffectiveConfig() {}

  /**
   * One line per key ({@code kafka.partitions = 1}), map entries one line each ({@code
   * kafka.properties.security.protocol = SASL_SSL}), sorted by key. Secrets, password-like
   * properties, passwords inside URLs and whatever came from {@code ${env:}} or {@code ${file:}}
   * (see {@link Provenance}) are shown as {@code ******}.
   */
  public static List<String> describe(MigrationConfig config) {
    List<String> lines = new ArrayList<>();
    for (ConfigKey<?> key : ConfigKeys.ALL) {
      describe(key, config, lines);
    }
    lines.sort(null);
    return List.copyOf(lines);
  }

  private static <T> void describe(ConfigKey<T> key, MigrationConfig config, List<String> lines) {
    T value = key.read(config);
    Provenance provenance = config.provenance();
    if (value == null) {
      lines.add(key.path() + " = (not set)");
    } else if (value instanceof Map<?, ?> map && !map.isEmpty()) {
      map.forEach(
          (name, entry) ->
              lines.add(
                  key.path()
                      + "."
                      + name
                      + " = "
                      + provenance
                          .entry(key, (String) name)
                          .orElseGet(() -> entryText(key, (String) name, (String) entry))));
    } else {
      String text = provenance.text(key, key.format(value));
      String shown =
          switch (key.secrecy()) {
            case SECRET -> Masking.maskValue(text);
            case URL, COMMAND -> Masking.maskUrl(text);
            default -> text;
          };
      lines.add(key.path() + " = " + (shown.isEmpty() ? "\"\"" : shown));
    }
  }

  private static String entryText(ConfigKey<?> key, String name, String value) {
    if (key.secrecy() == ConfigKey.Secrecy.SECRET_ENTRIES && Masking.isSecretProperty(name)) {
      return Masking.maskValue(value);
    }
    return value.isEmpty() ? "\"\"" : value;
  }
}
