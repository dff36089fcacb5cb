package io.godwit.config;

import io.godwit.engine.Engine;
import io.godwit.schema.ColumnRules;
import io.godwit.schema.InvalidFilterException;
import io.godwit.schema.RowFilter;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.regex.Pattern;
import java.util.stream.Collectors;

/** The stock validation rules used by {@link ConfigKeys}. */
final class Checks {

  private static final Pattern HOST_PORT =
      Pattern.compile("[^\\s:,]+:\\d{1,5}|\\[[0-9A-Fa-f:.]+]:\\d{1,5}");

  private Checks() {}

  static Check<Number> between(long min, long max) {
    return value -> {
      if (value.longValue() < min || value.longValue() > max) {
        throw new InvalidValueException(
            "must be between " + min + " and " + max + ", found " + value,
            "use a value from " + min + " to " + max);
      }
    };
  }

  static Check<Number> atLeast(long min) {
    return value -> {
      if (value.longValue() < min) {
        throw new InvalidValueException(
            "must be at least " + min + ", found " + value, "use " + min + " or more");
      }
    };
  }

  static Check<Long> sizeAtLeast(long minBytes) {
    return value -> {
      if (value < minBytes) {
        throw new InvalidValueException(
            "must be at least " + Units.formatSize(minBytes) + ", found " + Units.formatSize(value),
            "use " + Units.formatSize(minBytes) + " or more, e.g. 64MB");
      }
    };
  }

  static Check<Duration> positive() {
    return value -> {
      if (value.isZero()) {
        throw new InvalidValueException("must be longer than 0", "give a duration such as 5s");
      }
    };
  }

  /** Zero or a whole number of seconds, for what a server reports in whole seconds. */
  static Check<Duration> wholeSeconds() {
    return value -> {
      if (value.isNegative() || value.toMillis() % 1000 != 0) {
        throw new InvalidValueException(
            "must be 0 or whole seconds, found " + Units.formatDuration(value),
            "use a duration such as 30s or 2m");
      }
    };
  }

  static Check<Duration> durationAtMost(Duration max) {
    return value -> {
      if (value.isNegative() || value.compareTo(max) > 0) {
        throw new InvalidValueException(
            "must be from 0 to " + Units.formatDuration(max) + ", found " + value,
            "use a duration from 0ms to " + Units.formatDuration(max));
      }
    };
  }

  /**
   * No key that Godwit sets from one of its own settings: each maps to the Godwit key to set
   * instead.
   */
  static Check<Map<String, String>> setFromGodwitKeys(Map<String, String> godwitKeyOf) {
    return entries -> {
      for (Map.Entry<String, String> e : godwitKeyOf.entrySet()) {
        if (entries.containsKey(e.getKey())) {
          throw new InvalidValueException(
              "sets " + e.getKey() + ", which Godwit sets from " + e.getValue(),
              "remove " + e.getKey() + " and set " + e.getValue());
        }
      }
    };
  }

  static Check<Optional<Duration>> positiveIfPresent() {
    return value -> {
      if (value.isPresent()) {
        positive().check(value.get());
      }
    };
  }

  static Check<String> nonEmpty(String example) {
    return value -> {
      if (value.isEmpty()) {
        throw new InvalidValueException("must not be empty", "give a value, e.g. " + example);
      }
    };
  }

  /** The whole string matches {@code pattern}, described to the user as {@code rule}. */
  static Check<String> matches(String pattern, String rule, String example) {
    Pattern compiled = Pattern.compile(pattern);
    return value -> {
      if (!compiled.matcher(value).matches()) {
        throw new InvalidValueException(
            "must be " + rule + ", found '" + value + "'", "use a value like " + example);
      }
    };
  }

  static Check<String> jdbcUrl() {
    String prefixes =
        Arrays.stream(Engine.values()).map(Engine::urlPrefix).collect(Collectors.joining(", "));
    return value -> {
      if (Engine.fromUrl(value).isEmpty()) {
        throw new InvalidValueException(
            "'" + Masking.maskUrl(value) + "' is not a supported JDBC URL",
            "start it with one of " + prefixes + ", e.g. jdbc:postgresql://127.0.0.1:5432/shop");
      }
    };
  }

  /** Comma-separated {@code host:port} list, or empty. */
  static Check<String> hostPortList() {
    return value -> {
      if (value.isEmpty()) {
        return;
      }
      for (String server : value.split(",", -1)) {
        if (!HOST_PORT.matcher(server.strip()).matches()) {
          throw new InvalidValueException(
              "'" + server + "' in '" + value + "' is not host:port",
              "write host:port[,host:port...], e.g. kafka1:9092,kafka2:9092, or \"\" for the"
                  + " embedded broker");
        }
      }
    };
  }

  static Check<List<String>> notEmptyList(String example) {
    return values -> {
      if (values.isEmpty()) {
        throw new InvalidValueException("is an empty list", "give at least one, e.g. " + example);
      }
    };
  }

  static Check<List<String>> noEmptyItems() {
    return values -> {
      for (int i = 0; i < values.size(); i++) {
        if (values.get(i).isEmpty()) {
          throw new InvalidValueException(
              "item " + (i + 1) + " is an empty string", "remove it or give a name");
        }
      }
    };
  }

  /** Empty (none), or at least {@code min} characters; never shows the secret. */
  static Check<Secret> emptyOrAtLeast(int min) {
    return value -> {
      int length = value.reveal().length();
      if (length > 0 && length < min) {
        throw new InvalidValueException(
            "is " + length + " characters long; a token needs at least " + min,
            "use a random token of "
                + min
                + " or more characters, e.g. from `openssl rand -hex 16`");
      }
    };
  }

  /** Every item is a DNS host name: letters, digits, dots and hyphens, no port or scheme. */
  static Check<List<String>> hostNames() {
    Pattern name =
        Pattern.compile(
            "[A-Za-z0-9]([A-Za-z0-9-]*[A-Za-z0-9])?(\\.[A-Za-z0-9]([A-Za-z0-9-]*[A-Za-z0-9])?)*");
    return values -> {
      for (String value : values) {
        if (!name.matcher(value).matches()) {
          throw new InvalidValueException(
              "'" + value + "' is not a host name",
              "list bare host names without port or scheme, e.g. [godwit.internal]");
        }
      }
    };
  }

  /** Every item is one of {@code allowed}. */
  static Check<List<String>> itemsAmong(List<String> allowed) {
    return values -> {
      for (String value : values) {
        if (!allowed.contains(value)) {
          String closest =
              DidYouMean.closest(value, allowed).map(c -> "did you mean " + c + "? ").orElse("");
          throw new InvalidValueException(
              "'" + value + "' is not one of " + String.join(", ", allowed),
              closest + "use only " + String.join(", ", allowed));
        }
      }
    };
  }

  static Check<Map<String, String>> noEmptyKeysOrValues() {
    return entries -> {
      for (Map.Entry<String, String> entry : entries.entrySet()) {
        if (entry.getKey().isEmpty() || entry.getValue().isEmpty()) {
          throw new InvalidValueException(
              "has an entry with an empty name or value: '"
                  + entry.getKey()
                  + "': '"
                  + entry.getValue()
                  + "'",
              "give both a name and a value, or remove the entry");
        }
      }
    };
  }

  /**
   * None of {@code keys} is set: Godwit sets them itself, and the pass-through, applied last, would
   * undo it.
   */
  static Check<Map<String, String>> withoutKeys(List<String> keys, String why) {
    return entries -> {
      for (String key : keys) {
        if (entries.containsKey(key)) {
          throw new InvalidValueException(
              "sets " + key + ", which Godwit sets itself: " + why, "remove " + key);
        }
      }
    };
  }

  /** No two source tables are renamed to the same target table. */
  static Check<Map<String, String>> distinctValues() {
    return entries -> {
      Map<String, String> seen = new HashMap<>();
      for (Map.Entry<String, String> entry : entries.entrySet()) {
        String earlier = seen.putIfAbsent(entry.getValue(), entry.getKey());
        if (earlier != null) {
          throw new InvalidValueException(
              "'"
                  + earlier
                  + "' and '"
                  + entry.getKey()
                  + "' are both renamed to '"
                  + entry.getValue()
                  + "'",
              "give each table its own target name");
        }
      }
    };
  }

  /** Every key is {@code table.column}: exactly one dot, text on both sides. */
  static Check<Map<String, String>> tableDotColumnKeys() {
    return entries -> {
      List<String> bad = new ArrayList<>();
      for (String key : entries.keySet()) {
        int dot = key.indexOf('.');
        if (dot <= 0 || dot == key.length() - 1 || key.indexOf('.', dot + 1) >= 0) {
          bad.add("'" + key + "'");
        }
      }
      if (!bad.isEmpty()) {
        throw new InvalidValueException(
            "keys must be table.column with exactly one dot; found " + String.join(", ", bad),
            "write each key as \"table.column\", e.g. \"orders.total\": numeric(12,2)");
      }
    };
  }

  /**
   * Every value is a row filter in the filter language ({@link RowFilter#parse}); whether its
   * columns exist is checked against the source's catalog by {@code plan}.
   */
  static Check<Map<String, String>> rowFilters() {
    return entries -> {
      for (Map.Entry<String, String> entry : entries.entrySet()) {
        try {
          RowFilter.parse(entry.getValue());
        } catch (InvalidFilterException e) {
          throw new InvalidValueException(
              "filter of table '" + entry.getKey() + "': " + e.getMessage(),
              "write the filter as columns compared with constants, e.g. created_at >="
                  + " '2024-01-01' AND tenant_id IN (7, 9); see docs/filters.md");
        }
      }
    };
  }

  /**
   * The rules of every table are consistent by themselves: no empty names, no column both excluded
   * and masked or renamed, no two columns renamed to one name. Whether the columns exist, and may
   * be excluded or masked, is checked against the source's catalog by {@code plan}.
   */
  static Check<Map<String, ColumnRules>> columnRules() {
    return entries -> {
      List<String> problems = new ArrayList<>();
      entries.forEach(
          (table, rules) -> {
            if (table.isEmpty()
                || rules.exclude().stream().anyMatch(String::isEmpty)
                || rules.rename().keySet().stream().anyMatch(String::isEmpty)
                || rules.rename().values().stream().anyMatch(String::isBlank)
                || rules.mask().keySet().stream().anyMatch(String::isEmpty)) {
              problems.add("table '" + table + "': an empty table or column name");
            }
            rules.conflicts().forEach(p -> problems.add("table '" + table + "': " + p));
          });
      if (!problems.isEmpty()) {
        throw new InvalidValueException(
            String.join("; ", problems),
            "give each column one rule and each renamed column its own name; see docs/columns.md");
      }
    };
  }
}
