package io.godwit.plan;

import io.godwit.config.TableSelection;
import io.godwit.db.Dialect;
import io.godwit.db.Finding;
import io.godwit.schema.ColumnMapping;
import io.godwit.schema.ColumnRuleBinder;
import io.godwit.schema.ColumnRules;
import io.godwit.schema.InvalidColumnRulesException;
import io.godwit.schema.TargetTable;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.stream.Collectors;

/**
 * The planned tables with their {@code tables.columns} rules applied ({@link ColumnRuleBinder}):
 * rules that do not fit a table, or name a table that is not migrated, are blockers under {@code
 * tables.columns.<table>}; what the rules do to each table is an info finding, so {@code plan}
 * shows the columns dropped, renamed and masked.
 */
final class ColumnRulesStep {

  private ColumnRulesStep() {}

  static List<TargetTable> apply(
      List<TargetTable> tables, TableSelection selection, Dialect target, List<Finding> out) {
    Map<String, ColumnRules> unused = new LinkedHashMap<>(selection.columns());
    List<TargetTable> result = new ArrayList<>();
    Map<String, ColumnRules> byTarget = new LinkedHashMap<>();
    for (TargetTable t : tables) {
      String table = t.source().name();
      ColumnRules rules = unused.remove(table);
      if (rules == null) {
        result.add(t);
        continue;
      }
      String subject = "tables.columns." + table;
      Set<String> overridden =
          t.columns().stream()
              .map(c -> c.source().name())
              .filter(c -> selection.columnTypeOverride(table, c).isPresent())
              .collect(Collectors.toSet());
      try {
        ColumnRuleBinder.Bound bound =
            new ColumnRuleBinder(t, rules, target.engine(), overridden).bind();
        result.add(bound.table());
        byTarget.put(t.schema() + "." + t.name(), rules);
        out.add(Finding.info(subject, effect(bound.table())));
        bound.warnings().forEach(w -> out.add(Finding.warning(subject, table + ": " + w, "")));
      } catch (InvalidColumnRulesException e) {
        out.add(
            Finding.blocker(
                subject,
                "the column rules of table %s do not fit it: %s".formatted(table, e.getMessage()),
                "correct tables.columns; see docs/columns.md"));
        result.add(t);
      }
    }
    List<String> warnings = new ArrayList<>();
    result.replaceAll(t -> ColumnRuleBinder.referencing(t, byTarget, warnings));
    warnings.forEach(w -> out.add(Finding.warning("tables.columns", w, "")));
    unused.forEach(
        (table, rules) ->
            out.add(
                Finding.blocker(
                    "tables.columns." + table,
                    "tables.columns names table %s, which is not among the migrated tables (%s)"
                        .formatted(
                            table,
                            tables.stream()
                                .map(t -> t.source().name())
                                .collect(Collectors.joining(", "))),
                    "name a table that tables.include selects, as the source names it")));
    return result;
  }

  /** What the rules did to one table, in one line. */
  static String effect(TargetTable t) {
    ColumnRules rules = t.columnRules();
    List<String> parts = new ArrayList<>();
    if (!rules.exclude().isEmpty()) {
      parts.add("columns dropped: " + String.join(", ", rules.exclude()));
    }
    if (!rules.rename().isEmpty()) {
      parts.add(
          "renamed: "
              + rules.rename().entrySet().stream()
                  .map(e -> e.getKey() + " -> " + e.getValue())
                  .collect(Collectors.joining(", ")));
    }
    if (!rules.mask().isEmpty()) {
      parts.add(
          "masked: "
              + t.columns().stream()
                  .filter(TargetTable.TargetColumn::isMasked)
                  .map(
                      c ->
                          "%s (%s, %s)"
                              .formatted(c.name(), c.mask().yamlName(), c.type().sqlType()))
                  .collect(Collectors.joining(", ")));
    }
    return "table %s -> %s: %s".formatted(t.source().name(), t.name(), String.join("; ", parts));
  }

  /**
   * The column mappings plan lists, without the excluded and masked columns (their values do not
   * reach the target as mapped) and under the renamed columns' source names as before.
   */
  static List<ColumnMapping> mappings(List<ColumnMapping> mappings, List<TargetTable> tables) {
    Map<String, ColumnRules> bySource = new LinkedHashMap<>();
    tables.forEach(t -> bySource.put(t.source().name(), t.columnRules()));
    return mappings.stream()
        .filter(
            m -> {
              ColumnRules r = bySource.getOrDefault(m.table(), ColumnRules.NONE);
              return !r.exclude().contains(m.column()) && !r.mask().containsKey(m.column());
            })
        .toList();
  }
}
