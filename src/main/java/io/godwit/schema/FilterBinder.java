package io.godwit.schema;

import io.godwit.engine.Engine;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;

/** Resolves a row filter's columns against one table, collecting every problem with its fix. */
final class FilterBinder {

  private final TargetTable table;
  private final Engine source;
  private final Map<String, FilterValues.Kind> kinds = new LinkedHashMap<>();
  private final List<String> problems = new ArrayList<>();

  FilterBinder(TargetTable table, Engine source) {
    this.table = table;
    this.source = source;
  }

  FilterValues.Kind kind(RowFilter.Ref ref) {
    return kinds.get(ref.name());
  }

  RowFilter.Ref column(RowFilter.Ref ref) {
    List<TargetTable.TargetColumn> matches =
        table.columns().stream().filter(c -> c.source().name().equals(ref.name())).toList();
    if (matches.isEmpty() && !ref.quoted()) {
      matches =
          table.columns().stream()
              .filter(c -> c.source().name().equalsIgnoreCase(ref.name()))
              .toList();
    }
    if (matches.size() != 1) {
      problems.add(
          "%s is not a column of table %s; fix: name one of %s"
              .formatted(
                  ref.name(),
                  table.source().name(),
                  table.columns().stream()
                      .map(c -> c.source().name())
                      .collect(Collectors.joining(", "))));
      return ref;
    }
    TargetTable.TargetColumn column = matches.get(0);
    String name = column.source().name();
    if (column.isGenerated()) {
      problems.add(
          ("column %s is generated, and its changes carry no value to filter on; fix: filter"
                  + " on the columns it is computed from")
              .formatted(name));
      return new RowFilter.Ref(name, true);
    }
    var kind = FilterValues.kindOf(column, source);
    if (kind.isEmpty()) {
      problems.add(
          ("column %s is %s (%s on the target), which a filter cannot compare the same way on"
                  + " the source and in the applier; fix: filter on an integer, decimal, date,"
                  + " timestamp without time zone (DATETIME) or varchar/text column (text with"
                  + " =, <> and IN only) that keeps its kind of type on the target")
              .formatted(name, column.source().type().fullType(), column.type().sqlType()));
    } else {
      kinds.put(name, kind.get());
    }
    return new RowFilter.Ref(name, true);
  }

  RowFilter.Constant constant(RowFilter.Ref ref, RowFilter.Constant c) {
    FilterValues.Kind kind = kinds.get(ref.name());
    if (kind == null) {
      return c;
    }
    try {
      return new RowFilter.Constant(c.number(), c.text(), FilterValues.constant(kind, c));
    } catch (InvalidFilterException e) {
      problems.add("column %s: %s".formatted(ref.name(), e.getMessage()));
      return c;
    }
  }

  void problem(String problem) {
    problems.add(problem);
  }

  List<String> problems() {
    return problems;
  }

  Map<String, FilterValues.Kind> kinds() {
    return kinds;
  }
}
