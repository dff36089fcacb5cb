package io.godwit.schema;

import io.godwit.engine.Engine;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Function;

/**
 * The mapping table of one direction: source type names, each with a small function giving the
 * target type, and example source types that the docs and tests run through the function.
 */
final class RuleSet {

  /** Key of the rule for PostgreSQL user enum types. */
  static final String ENUM_TYPE = "<enum>";

  /** Key of the rule for PostgreSQL arrays of any element type. */
  static final String ARRAY = "<array>";

  /**
   * One row of the table.
   *
   * @param names the source type names it applies to; empty for the fallback rule
   * @param examples source types as {@link SampleColumns} reads them
   */
  record Rule(List<String> names, TypeMapper mapping, List<String> examples) {}

  private final Engine source;
  private final List<Rule> rules = new ArrayList<>();
  private final Map<String, Rule> byName = new HashMap<>();
  private Rule fallback;

  /**
   * @param source the source engine: PostgreSQL sources also dispatch arrays and enum types
   */
  RuleSet(Engine source) {
    this.source = source;
  }

  /**
   * Adds a rule that needs only the column's type.
   *
   * @param names space-separated source type names
   * @param examples example source types; the names themselves when none are given
   */
  RuleSet type(String names, Function<ColumnType, MappedType> mapping, String... examples) {
    return column(names, (table, column) -> mapping.apply(column.type()), examples);
  }

  /** Adds a rule that also looks at the column and its table (keys, auto-increment, name). */
  RuleSet column(String names, TypeMapper mapping, String... examples) {
    List<String> keys = List.of(names.split(" "));
    Rule rule = new Rule(keys, mapping, examples.length == 0 ? keys : List.of(examples));
    for (String key : keys) {
      if (byName.put(key, rule) != null) {
        throw new IllegalStateException("two rules for " + key);
      }
    }
    rules.add(rule);
    return this;
  }

  /** Sets the rule for every type no named rule matches. */
  RuleSet otherwise(TypeMapper mapping, String... examples) {
    fallback = new Rule(List.of(), mapping, List.of(examples));
    return this;
  }

  /** Every rule in table order, the fallback last. */
  List<Rule> rules() {
    List<Rule> all = new ArrayList<>(rules);
    if (fallback != null) {
      all.add(fallback);
    }
    return all;
  }

  /** The rule for the type, or null when the direction has none. */
  Rule find(ColumnType type) {
    if (source == Engine.POSTGRESQL) {
      if (type.isArray() && byName.containsKey(ARRAY)) {
        return byName.get(ARRAY);
      }
      if (!type.values().isEmpty()) {
        return byName.getOrDefault(ENUM_TYPE, fallback);
      }
    }
    return byName.getOrDefault(type.name(), fallback);
  }
}
