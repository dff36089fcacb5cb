package io.godwit.config;

import java.util.List;
import java.util.Map;

/**
 * A node of the migration file exactly as written: scalars keep their source text (so a password
 * {@code 0123} stays {@code 0123} and is never read as a YAML number), with the 1-based line.
 */
record YamlNode(
    Kind kind, String text, Map<String, YamlNode> fields, List<YamlNode> items, int line) {

  enum Kind {
    MAPPING,
    SEQUENCE,
    SCALAR,
    NULL
  }

  static YamlNode scalar(String text, int line) {
    return new YamlNode(Kind.SCALAR, text, Map.of(), List.of(), line);
  }

  static YamlNode nothing(int line) {
    return new YamlNode(Kind.NULL, "", Map.of(), List.of(), line);
  }

  static YamlNode mapping(Map<String, YamlNode> fields, int line) {
    return new YamlNode(Kind.MAPPING, "", fields, List.of(), line);
  }

  static YamlNode sequence(List<YamlNode> items, int line) {
    return new YamlNode(Kind.SEQUENCE, "", Map.of(), items, line);
  }

  boolean isNull() {
    return kind == Kind.NULL;
  }

  /** How the node reads in a message: {@code 'abc'}, {@code a list}, {@code a mapping}. */
  String describe() {
    return switch (kind) {
      case MAPPING -> "a mapping";
      case SEQUENCE -> "a list";
      case SCALAR -> "'" + text + "'";
      case NULL -> "nothing";
    };
  }
}
