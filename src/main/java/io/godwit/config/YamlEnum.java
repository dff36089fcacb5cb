package io.godwit.config;

/** An enum whose constants are written in the migration file with a fixed spelling. */
public interface YamlEnum {

  /** The spelling used in the migration file, e.g. {@code read-only}. */
  String yamlName();
}
