package io.godwit.schema;

import java.util.List;

/**
 * An index or unique constraint.
 *
 * @param columns key columns in order; an expression part is kept as its SQL text with {@code
 *     expression} set
 */
public record Index(String name, List<Part> columns, boolean unique, boolean primary) {

  public Index {
    columns = List.copyOf(columns);
  }

  public List<String> columnNames() {
    return columns.stream().map(Part::column).toList();
  }

  public boolean hasExpressions() {
    return columns.stream().anyMatch(Part::expression);
  }

  /**
   * One key part.
   *
   * @param prefixLength MySQL prefix length of a text key part, or null
   */
  public record Part(String column, boolean descending, Integer prefixLength, boolean expression) {
    public static Part of(String column) {
      return new Part(column, false, null, false);
    }
  }
}
