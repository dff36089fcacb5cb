package io.godwit.config;

import io.godwit.schema.ColumnRules;
import java.nio.file.InvalidPathException;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.function.Function;
import java.util.regex.Pattern;
import java.util.stream.Collectors;

/**
 * The type of a configuration key: its name in the docs, how a YAML node becomes a value, and how
 * the value is written back.
 */
final class ValueType<T> {

  /** Turns a YAML node (references already resolved) into a value. */
  @FunctionalInterface
  interface Parser<T> {
    T parse(YamlNode node) throws InvalidValueException;
  }

  /** Turns the text of a scalar into a value. */
  @FunctionalInterface
  interface ScalarParser<T> {
    T parse(String text) throws InvalidValueException;
  }

  private static final Pattern WHOLE_NUMBER = Pattern.compile("[-+]?\\d+(_\\d+)*");

  static final ValueType<String> STRING = scalar("string", text -> text, ValueType::quoteEmpty);
  static final ValueType<String> JDBC_URL = scalar("JDBC URL", text -> text, ValueType::quoteEmpty);
  static final ValueType<Secret> SECRET = scalar("secret", Secret::of, Secret::toString);
  static final ValueType<Integer> INT =
      scalar(
          "integer",
          text -> Math.toIntExact(parseWhole(text, Integer.MIN_VALUE, Integer.MAX_VALUE)),
          String::valueOf);
  static final ValueType<Long> LONG =
      scalar("integer", text -> parseWhole(text, Long.MIN_VALUE, Long.MAX_VALUE), String::valueOf);
  static final ValueType<Boolean> BOOLEAN =
      scalar("boolean", ValueType::parseBoolean, String::valueOf);
  static final ValueType<Duration> DURATION =
      scalar("duration", Units::parseDuration, Units::formatDuration);
  static final ValueType<Optional<Duration>> DURATION_OR_UNLIMITED =
      scalar(
          "duration or unlimited",
          text ->
              text.equals("unlimited") ? Optional.empty() : Optional.of(Units.parseDuration(text)),
          value -> value.map(Units::formatDuration).orElse("unlimited"));
  static final ValueType<Long> SIZE = scalar("size", Units::parseSize, Units::formatSize);
  static final ValueType<Path> PATH = scalar("path", ValueType::parsePath, Path::toString);
  static final ValueType<HostPort> HOST_PORT =
      scalar("host:port", HostPort::parse, HostPort::toString);
  static final ValueType<List<String>> STRING_LIST =
      new ValueType<>("list of strings", ValueType::parseList, ValueType::formatList);
  static final ValueType<Map<String, String>> STRING_MAP =
      new ValueType<>("map of strings", ValueType::parseMap, ValueType::formatMap);

  static final ValueType<Map<String, ColumnRules>> COLUMN_RULES =
      new ValueType<>(
          "map of table to column rules", ValueType::parseColumnRules, ValueType::formatRules);

  private final String name;
  private final Parser<T> parser;
  private final Function<T, String> formatter;

  private ValueType(String name, Parser<T> parser, Function<T, String> formatter) {
    this.name = name;
    this.parser = parser;
    this.formatter = formatter;
  }

  /** An enum written with each constant's {@link YamlEnum#yamlName()}. */
  static <E extends Enum<E> & YamlEnum> ValueType<E> enumOf(Class<E> type) {
    List<String> names = Arrays.stream(type.getEnumConstants()).map(YamlEnum::yamlName).toList();
    return scalar(
        String.join(" | ", names),
        text -> {
          for (E constant : type.getEnumConstants()) {
            if (constant.yamlName().equals(text)) {
              return constant;
            }
          }
          String allowed = String.join(", ", names);
          throw new InvalidValueException(
              "must be one of " + allowed + "; found '" + text + "'",
              DidYouMean.closest(text, names)
                  .map(name -> "did you mean " + name + "?")
                  .orElse("use one of " + allowed));
        },
        YamlEnum::yamlName);
  }

  String name() {
    return name;
  }

  T parse(YamlNode node) throws InvalidValueException {
    return parser.parse(node);
  }

  String format(T value) {
    return formatter.apply(value);
  }

  private static <T> ValueType<T> scalar(
      String name, ScalarParser<T> parser, Function<T, String> formatter) {
    return new ValueType<>(
        name,
        node -> {
          if (node.kind() != YamlNode.Kind.SCALAR) {
            throw new InvalidValueException(
                "expected a single value (" + name + "), found " + node.describe(),
                node.isNull() ? "give a value" : "write a single value, not a list or mapping");
          }
          return parser.parse(node.text());
        },
        formatter);
  }

  private static long parseWhole(String text, long min, long max) throws InvalidValueException {
    if (!WHOLE_NUMBER.matcher(text).matches()) {
      throw new InvalidValueException(
          "expected a whole number, found '" + text + "'", "write digits only, e.g. 4");
    }
    try {
      long value = Long.parseLong(text.replace("_", ""));
      if (value < min || value > max) {
        throw new NumberFormatException();
      }
      return value;
    } catch (NumberFormatException e) {
      throw new InvalidValueException("'" + text + "' is too large", "use a smaller number");
    }
  }

  private static boolean parseBoolean(String text) throws InvalidValueException {
    if (text.equalsIgnoreCase("true") || text.equalsIgnoreCase("false")) {
      return Boolean.parseBoolean(text);
    }
    throw new InvalidValueException(
        "expected true or false, found '" + text + "'", "write true or false");
  }

  private static Path parsePath(String text) throws InvalidValueException {
    if (text.isEmpty()) {
      throw new InvalidValueException("is empty", "give a directory, e.g. godwit-work/shop");
    }
    try {
      return Path.of(text);
    } catch (InvalidPathException e) {
      throw new InvalidValueException(
          "'" + text + "' is not a valid path: " + e.getReason(), "give a valid path");
    }
  }

  private static List<String> parseList(YamlNode node) throws InvalidValueException {
    if (node.kind() != YamlNode.Kind.SEQUENCE) {
      throw new InvalidValueException(
          "expected a list, found " + node.describe(),
          "write a list, e.g. [\"orders\", \"users\"]");
    }
    List<String> values = new ArrayList<>();
    for (YamlNode item : node.items()) {
      if (item.kind() != YamlNode.Kind.SCALAR) {
        throw new InvalidValueException(
            "item "
                + (values.size() + 1)
                + " (line "
                + item.line()
                + ") is "
                + item.describe()
                + ", expected a string",
            "write each item as a plain or quoted string");
      }
      values.add(item.text());
    }
    return List.copyOf(values);
  }

  private static Map<String, String> parseMap(YamlNode node) throws InvalidValueException {
    if (node.kind() != YamlNode.Kind.MAPPING) {
      throw new InvalidValueException(
          "expected a mapping, found " + node.describe(), "write key: value pairs, e.g. { a: b }");
    }
    Map<String, String> values = new LinkedHashMap<>();
    for (Map.Entry<String, YamlNode> entry : node.fields().entrySet()) {
      YamlNode value = entry.getValue();
      if (value.kind() != YamlNode.Kind.SCALAR) {
        throw new InvalidValueException(
            "the value of '"
                + entry.getKey()
                + "' (line "
                + value.line()
                + ") is "
                + value.describe()
                + ", expected a string",
            value.isNull()
                ? "give a value, or \"\" for an empty one"
                : "write the property name in full as one key, e.g. ssl.truststore.location: /path");
      }
      values.put(entry.getKey(), value.text());
    }
    return Collections.unmodifiableMap(values);
  }

  private static Map<String, ColumnRules> parseColumnRules(YamlNode node)
      throws InvalidValueException {
    if (node.kind() != YamlNode.Kind.MAPPING) {
      throw new InvalidValueException(
          "expected a mapping of table names, found " + node.describe(),
          "write e.g. { customers: { exclude: [ssn], mask: { email: sha256 } } }");
    }
    Map<String, ColumnRules> values = new LinkedHashMap<>();
    for (Map.Entry<String, YamlNode> table : node.fields().entrySet()) {
      values.put(table.getKey(), parseRules(table.getKey(), table.getValue()));
    }
    return Collections.unmodifiableMap(values);
  }

  private static ColumnRules parseRules(String table, YamlNode node) throws InvalidValueException {
    if (node.kind() != YamlNode.Kind.MAPPING) {
      throw new InvalidValueException(
          "the rules of table '%s' (line %d) are %s, expected a mapping"
              .formatted(table, node.line(), node.describe()),
          "write { exclude: [...], rename: { old: new }, mask: { column: sha256 } }");
    }
    List<String> exclude = List.of();
    Map<String, String> rename = Map.of();
    Map<String, ColumnRules.Mask> mask = new LinkedHashMap<>();
    for (Map.Entry<String, YamlNode> rule : node.fields().entrySet()) {
      String where = "table '" + table + "', " + rule.getKey() + ": ";
      try {
        switch (rule.getKey()) {
          case "exclude" -> exclude = parseList(rule.getValue());
          case "rename" -> rename = parseMap(rule.getValue());
          case "mask" -> {
            for (Map.Entry<String, String> m : parseMap(rule.getValue()).entrySet()) {
              mask.put(
                  m.getKey(),
                  ColumnRules.Mask.named(m.getValue())
                      .orElseThrow(
                          () ->
                              new InvalidValueException(
                                  "column '%s' has the unknown mask '%s'"
                                      .formatted(m.getKey(), m.getValue()),
                                  "use one of " + String.join(", ", ColumnRules.Mask.names()))));
            }
          }
          default ->
              throw new InvalidValueException(
                  "unknown rule (line %d)".formatted(rule.getValue().line()),
                  "use exclude, rename or mask");
        }
      } catch (InvalidValueException e) {
        throw new InvalidValueException(where + e.getMessage(), e.fix());
      }
    }
    return new ColumnRules(exclude, rename, mask);
  }

  private static String formatRules(Map<String, ColumnRules> values) {
    return values.entrySet().stream()
        .map(e -> e.getKey() + ": {" + e.getValue().describe() + "}")
        .collect(Collectors.joining(", ", "{", "}"));
  }

  private static String quoteEmpty(String text) {
    return text.isEmpty() ? "\"\"" : text;
  }

  private static String formatList(List<String> values) {
    return values.stream().map(v -> "\"" + v + "\"").collect(Collectors.joining(", ", "[", "]"));
  }

  private static String formatMap(Map<String, String> values) {
    return values.entrySet().stream()
        .map(e -> e.getKey() + ": " + e.getValue())
        .collect(Collectors.joining(", ", "{", "}"));
  }
}
