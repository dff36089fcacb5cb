package io.godwit.config;

import java.util.Objects;

/**
 * Choices in how source types become target types.
 *
 * @param tinyint1 what MySQL {@code tinyint(1)} becomes on a PostgreSQL target
 * @param enums what MySQL {@code enum} columns become (the YAML key is {@code mapping.enum})
 * @param zeroDates what MySQL zero dates ({@code 0000-00-00}) become where the target rejects them
 */
public record MappingOptions(Tinyint1 tinyint1, EnumStyle enums, ZeroDates zeroDates) {

  public MappingOptions {
    Objects.requireNonNull(tinyint1, "tinyint1");
    Objects.requireNonNull(enums, "enums");
    Objects.requireNonNull(zeroDates, "zeroDates");
  }

  /** {@code mapping.tinyint1}. */
  public enum Tinyint1 implements YamlEnum {
    BOOLEAN("boolean"),
    SMALLINT("smallint");

    private final String yamlName;

    Tinyint1(String yamlName) {
      this.yamlName = yamlName;
    }

    @Override
    public String yamlName() {
      return yamlName;
    }
  }

  /** {@code mapping.enum}. */
  public enum EnumStyle implements YamlEnum {
    /** Text column with a CHECK constraint listing the labels. */
    CHECK("check"),
    /** A PostgreSQL enum type. */
    NATIVE("native"),
    /** Plain text, no constraint. */
    TEXT("text");

    private final String yamlName;

    EnumStyle(String yamlName) {
      this.yamlName = yamlName;
    }

    @Override
    public String yamlName() {
      return yamlName;
    }
  }

  /** {@code mapping.zero-dates}. */
  public enum ZeroDates implements YamlEnum {
    /** Written as NULL. */
    NULL("null"),
    /** The row fails (and goes to the dead-letter topic if enabled). */
    ERROR("error");

    private final String yamlName;

    ZeroDates(String yamlName) {
      this.yamlName = yamlName;
    }

    @Override
    public String yamlName() {
      return yamlName;
    }
  }
}
