package io.godwit.schema;

import io.godwit.engine.Engine;
import java.util.Locale;
import java.util.Map;
import java.util.regex.Pattern;

/**
 * The type mapping of each direction, as tables of rules ({@code docs/type-mapping.md} lists them).
 * Per-column overrides from the migration file ({@code tables.column-types}) win over the rules.
 */
public final class TypeMappings {

  static final String OVERRIDE_NOTE =
      "override from tables.column-types: Godwit does not check that every value fits";

  static final String OVERRIDE_BACK =
      "any the source type refuses: Godwit does not check which values an override's type takes";

  /**
   * What an override may contain: words, one parenthesised list of numbers or string literals, more
   * words, array brackets ({@code numeric(20,0)}, {@code timestamp(3) with time zone}, {@code
   * enum('a','b')}, {@code text[]}). Nothing that could end the statement or start a comment.
   */
  private static final Pattern OVERRIDE =
      Pattern.compile(
          "[A-Za-z_][A-Za-z0-9_ ]*"
              + "(\\(\\s*(\\d+|'([^'\\\\]|'')*')(\\s*,\\s*(\\d+|'([^'\\\\]|'')*'))*\\s*\\))?"
              + "[A-Za-z0-9_ ]*(\\[\\])*");

  private static final Pattern CONSTRAINT_WORDS =
      Pattern.compile(
          "\\b(null|default|check|references|collate|primary|unique|constraint|generated|identity"
              + "|auto_increment)\\b");

  private TypeMappings() {}

  public static TypeMapper between(Engine source, Engine target, TypeOptions options) {
    return between(source, target, options, Map.of());
  }

  /**
   * The mapper of one direction.
   *
   * @param overrides target SQL types by {@code "table.column"} (source names)
   * @throws IllegalArgumentException when an override is not a plain type
   */
  public static TypeMapper between(
      Engine source, Engine target, TypeOptions options, Map<String, String> overrides) {
    overrides.forEach(TypeMappings::checkOverride);
    Map<String, String> byColumn = Map.copyOf(overrides);
    RuleSet rules = rules(source, target, options);
    return (table, column) -> {
      String override = byColumn.get(table.name() + "." + column.name());
      RuleSet.Rule rule = rules.find(column.type());
      if (override == null) {
        if (rule == null) {
          throw new UnsupportedTypeException(table, column, target.displayName());
        }
        return rule.mapping().map(table, column);
      }
      MappedType ruled = rule == null ? null : rule.mapping().map(table, column);
      if (ruled != null && ruled.sqlType().equalsIgnoreCase(override.trim())) {
        return ruled;
      }
      return MappedType.widened(override.trim(), OVERRIDE_NOTE, OVERRIDE_BACK);
    };
  }

  static RuleSet rules(Engine source, Engine target, TypeOptions options) {
    if (source.isMySqlFamily()) {
      return target.isMySqlFamily()
          ? SameEngine.mySql(source, target)
          : MySqlToPostgres.rules(source, options);
    }
    return target.isMySqlFamily() ? PostgresToMySql.rules(target) : SameEngine.postgres();
  }

  private static void checkOverride(String column, String sqlType) {
    String where = "tables.column-types.\"%s\"".formatted(column);
    if (column.indexOf('.') <= 0 || column.endsWith(".")) {
      throw new IllegalArgumentException(where + ": the key must be table.column");
    }
    if (sqlType == null || !OVERRIDE.matcher(sqlType.trim()).matches()) {
      throw new IllegalArgumentException(
          "%s: '%s' is not a plain SQL type; write one such as numeric(20,0) or varchar(255)"
              .formatted(where, sqlType));
    }
    String words = sqlType.replaceAll("'([^']|'')*'", "''").toLowerCase(Locale.ROOT);
    if (CONSTRAINT_WORDS.matcher(words).find()) {
      throw new IllegalArgumentException(
          where + ": give only the type; defaults and constraints come from the source");
    }
  }
}
