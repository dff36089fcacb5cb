package io.godwit.schema;

import java.math.BigDecimal;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/**
 * Reads a row filter: a column compared with constants ({@code = <> != < <= > >=}, {@code [NOT] IN
 * (...)}, {@code [NOT] BETWEEN ... AND ...}, {@code IS [NOT] NULL}), joined by {@code AND}, {@code
 * OR} and {@code NOT} with SQL's precedence (NOT, then AND, then OR) and parentheses. Anything else
 * is refused with where it was found and what to write instead.
 *
 * <p>A parser of its own rather than JSqlParser's: JSqlParser 5.3 reads {@code a IN (1) OR b = 2}
 * as {@code a IN ((1) OR b = 2)}, which would silently select other rows.
 */
final class FilterParser {

  private static final String EXAMPLE =
      "fix: write columns compared with constants, e.g. created_at >= '2024-01-01' AND tenant_id"
          + " IN (7, 9)";

  private final String text;
  private int pos;

  private FilterParser(String text) {
    this.text = text;
  }

  static RowFilter.Node parse(String text) {
    if (text == null || text.isBlank()) {
      throw new InvalidFilterException(
          "the filter is empty; fix: write a condition such as id > 0");
    }
    FilterParser p = new FilterParser(text);
    RowFilter.Node node = p.or();
    p.skipSpace();
    if (p.pos < text.length()) {
      throw p.error("unexpected text");
    }
    return node;
  }

  private RowFilter.Node or() {
    RowFilter.Node node = and();
    while (keyword("OR")) {
      node = RowFilter.Junction.or(node, and());
    }
    return node;
  }

  private RowFilter.Node and() {
    RowFilter.Node node = not();
    while (keyword("AND")) {
      node = RowFilter.Junction.and(node, not());
    }
    return node;
  }

  private RowFilter.Node not() {
    if (keyword("NOT")) {
      return new RowFilter.Not(not());
    }
    if (symbol("(")) {
      RowFilter.Node inner = or();
      expect(")");
      return inner;
    }
    return predicate();
  }

  private RowFilter.Node predicate() {
    RowFilter.Ref column = column();
    if (keyword("IS")) {
      boolean not = keyword("NOT");
      if (!keyword("NULL")) {
        throw error("IS takes NULL or NOT NULL");
      }
      return new RowFilter.IsNull(column, not);
    }
    boolean not = keyword("NOT");
    if (keyword("IN")) {
      expect("(");
      List<RowFilter.Constant> values = new ArrayList<>();
      do {
        values.add(constant());
      } while (symbol(","));
      expect(")");
      return new RowFilter.In(column, values, not);
    }
    if (keyword("BETWEEN")) {
      RowFilter.Constant low = constant();
      if (!keyword("AND")) {
        throw error("BETWEEN takes a low AND a high constant");
      }
      return new RowFilter.Between(column, low, constant(), not);
    }
    if (not) {
      throw error("NOT here must be followed by IN or BETWEEN");
    }
    for (RowFilter.Op op : List.of(RowFilter.Op.LE, RowFilter.Op.GE, RowFilter.Op.NE)) {
      if (symbol(op.sql)) {
        return new RowFilter.Compare(column, op, constant());
      }
    }
    if (symbol("!=")) {
      return new RowFilter.Compare(column, RowFilter.Op.NE, constant());
    }
    for (RowFilter.Op op : List.of(RowFilter.Op.EQ, RowFilter.Op.LT, RowFilter.Op.GT)) {
      if (symbol(op.sql)) {
        return new RowFilter.Compare(column, op, constant());
      }
    }
    throw error("expected = <> != < <= > >=, IN, BETWEEN or IS [NOT] NULL after the column");
  }

  private RowFilter.Ref column() {
    skipSpace();
    if (pos < text.length() && (text.charAt(pos) == '"' || text.charAt(pos) == '`')) {
      char q = text.charAt(pos);
      StringBuilder name = new StringBuilder();
      int i = pos + 1;
      while (true) {
        if (i >= text.length()) {
          throw error("the quoted name is not closed");
        }
        char c = text.charAt(i++);
        if (c == q && i < text.length() && text.charAt(i) == q) {
          name.append(q);
          i++;
        } else if (c == q) {
          break;
        } else {
          name.append(c);
        }
      }
      pos = i;
      return new RowFilter.Ref(name.toString(), true);
    }
    String word = word();
    if (word == null) {
      throw error("expected a column name (the column on the left, the constant on the right)");
    }
    if (isReserved(word)) {
      throw error("expected a column name, found " + word);
    }
    skipSpace();
    if (pos < text.length() && (text.charAt(pos) == '(' || text.charAt(pos) == '.')) {
      throw error("a filter compares plain columns of the table, without functions or prefixes");
    }
    return new RowFilter.Ref(word, false);
  }

  private RowFilter.Constant constant() {
    skipSpace();
    int start = pos;
    if (pos < text.length() && text.charAt(pos) == '\'') {
      return new RowFilter.Constant(null, string());
    }
    String word = word();
    if (word != null) {
      String upper = word.toUpperCase(Locale.ROOT);
      if (upper.equals("DATE") || upper.equals("TIMESTAMP")) {
        skipSpace();
        if (pos < text.length() && text.charAt(pos) == '\'') {
          return new RowFilter.Constant(null, string());
        }
      }
      pos = start;
      throw error(
          upper.equals("NULL")
              ? "a comparison with NULL is never true; write IS NULL or IS NOT NULL"
              : "expected a number or a '...' constant; a filter compares a column with"
                  + " constants, not with another column or an expression");
    }
    int end = pos;
    if (end < text.length() && (text.charAt(end) == '-' || text.charAt(end) == '+')) {
      end++;
    }
    while (end < text.length()
        && (Character.isDigit(text.charAt(end))
            || text.charAt(end) == '.'
            || text.charAt(end) == 'e'
            || text.charAt(end) == 'E'
            || (end > start
                && (text.charAt(end) == '-' || text.charAt(end) == '+')
                && (text.charAt(end - 1) == 'e' || text.charAt(end - 1) == 'E')))) {
      end++;
    }
    try {
      BigDecimal number = new BigDecimal(text.substring(start, end));
      pos = end;
      return new RowFilter.Constant(number, null);
    } catch (NumberFormatException e) {
      throw error("expected a number or a '...' constant");
    }
  }

  /** A '...' constant, {@code ''} standing for one quote; no backslash. */
  private String string() {
    StringBuilder value = new StringBuilder();
    int i = pos + 1;
    while (true) {
      if (i >= text.length()) {
        throw error("the '...' constant is not closed");
      }
      char c = text.charAt(i++);
      if (c == '\'' && i < text.length() && text.charAt(i) == '\'') {
        value.append('\'');
        i++;
      } else if (c == '\'') {
        break;
      } else if (c == '\\') {
        pos = i - 1;
        throw error(
            "a constant may not hold a backslash (MySQL and MariaDB read it as an escape,"
                + " PostgreSQL as itself)");
      } else {
        value.append(c);
      }
    }
    pos = i;
    return value.toString();
  }

  private static boolean isReserved(String word) {
    return List.of("AND", "OR", "NOT", "IN", "BETWEEN", "IS", "NULL", "LIKE", "SELECT")
        .contains(word.toUpperCase(Locale.ROOT));
  }

  /** The identifier-like word at the position, consumed; null if there is none. */
  private String word() {
    skipSpace();
    int end = pos;
    while (end < text.length()
        && (Character.isLetter(text.charAt(end))
            || text.charAt(end) == '_'
            || text.charAt(end) == '$'
            || (end > pos && Character.isDigit(text.charAt(end))))) {
      end++;
    }
    if (end == pos) {
      return null;
    }
    String word = text.substring(pos, end);
    pos = end;
    return word;
  }

  private boolean keyword(String keyword) {
    skipSpace();
    int start = pos;
    String word = word();
    if (word != null && word.equalsIgnoreCase(keyword)) {
      return true;
    }
    pos = start;
    return false;
  }

  private boolean symbol(String symbol) {
    skipSpace();
    if (text.startsWith(symbol, pos)) {
      pos += symbol.length();
      return true;
    }
    return false;
  }

  private void expect(String symbol) {
    if (!symbol(symbol)) {
      throw error("expected " + symbol);
    }
  }

  private void skipSpace() {
    while (pos < text.length() && Character.isWhitespace(text.charAt(pos))) {
      pos++;
    }
  }

  private InvalidFilterException error(String why) {
    String at =
        pos >= text.length()
            ? "at the end"
            : "at \"" + text.substring(pos, Math.min(text.length(), pos + 20)) + "\"";
    return new InvalidFilterException("%s: %s %s; %s".formatted(text, why, at, EXAMPLE));
  }
}
