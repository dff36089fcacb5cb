package io.godwit.schema;

import io.godwit.engine.Engine;
import java.math.BigDecimal;
import java.util.List;
import java.util.Map;
import java.util.function.Function;
import java.util.stream.Collectors;

/**
 * Which rows of a table are migrated ({@code tables.filter}): a condition on the source table's
 * columns, parsed once, checked against the table ({@link #bind}), rendered as SQL for the source's
 * reads ({@link #sql}) and evaluated on a changed row by the applier ({@link #accepts}) with SQL's
 * three-valued logic, so a row is selected exactly when the source engine finds the condition TRUE.
 * {@link #ALL} selects every row.
 */
public final class RowFilter {

  /** No filter: every row. */
  public static final RowFilter ALL = new RowFilter("", null, Map.of());

  /**
   * True when a filter may compare {@code column} of a {@code source} table by order ({@code <=}):
   * numbers, dates and timestamps; text compares only for equality.
   */
  public static boolean comparesInOrder(TargetTable.TargetColumn column, Engine source) {
    return FilterValues.kindOf(column, source)
        .filter(kind -> kind != FilterValues.Kind.TEXT)
        .isPresent();
  }

  /** A column named in the filter; {@code quoted} names match exactly, others also by case. */
  record Ref(String name, boolean quoted) {}

  /** A constant as written: a number, or text; {@code value} once bound to its column's kind. */
  record Constant(BigDecimal number, String text, FilterValues.Value value) {
    Constant(BigDecimal number, String text) {
      this(number, text, null);
    }
  }

  enum Op {
    EQ("="),
    NE("<>"),
    LT("<"),
    LE("<="),
    GT(">"),
    GE(">=");

    final String sql;

    Op(String sql) {
      this.sql = sql;
    }

    boolean holds(int comparison) {
      return switch (this) {
        case EQ -> comparison == 0;
        case NE -> comparison != 0;
        case LT -> comparison < 0;
        case LE -> comparison <= 0;
        case GT -> comparison > 0;
        case GE -> comparison >= 0;
      };
    }
  }

  /** A part of the condition: bound to a table, written as SQL, evaluated on a row. */
  sealed interface Node permits Junction, Not, Compare, In, Between, IsNull {

    Node bind(FilterBinder b);

    String sql(Writer w);

    /** SQL's three-valued logic: TRUE, FALSE, or null for UNKNOWN. */
    Boolean eval(Row r);
  }

  /**
   * {@code left AND right} when {@code conjunction}, else {@code left OR right}. A side of the
   * deciding value (FALSE for AND, TRUE for OR) decides, whatever the other side; otherwise an
   * UNKNOWN side makes the whole UNKNOWN.
   */
  record Junction(Node left, Node right, boolean conjunction) implements Node {
    static Junction and(Node left, Node right) {
      return new Junction(left, right, true);
    }

    static Junction or(Node left, Node right) {
      return new Junction(left, right, false);
    }

    public Node bind(FilterBinder b) {
      return new Junction(left.bind(b), right.bind(b), conjunction);
    }

    public String sql(Writer w) {
      return "(" + left.sql(w) + (conjunction ? " AND " : " OR ") + right.sql(w) + ")";
    }

    public Boolean eval(Row r) {
      Boolean deciding = !conjunction;
      Boolean l = left.eval(r);
      Boolean rv = right.eval(r);
      if (deciding.equals(l) || deciding.equals(rv)) {
        return deciding;
      }
      return l == null || rv == null ? null : !deciding;
    }
  }

  record Not(Node node) implements Node {
    public Node bind(FilterBinder b) {
      return new Not(node.bind(b));
    }

    public String sql(Writer w) {
      return "(NOT " + node.sql(w) + ")";
    }

    public Boolean eval(Row r) {
      Boolean v = node.eval(r);
      return v == null ? null : !v;
    }
  }

  record Compare(Ref column, Op op, Constant value) implements Node {
    public Node bind(FilterBinder b) {
      Ref ref = b.column(column);
      FilterValues.Kind kind = b.kind(ref);
      if (kind == FilterValues.Kind.TEXT && op != Op.EQ && op != Op.NE) {
        b.problem(textOnlyEquality(ref, op.sql));
      }
      return new Compare(ref, op, b.constant(ref, value));
    }

    public String sql(Writer w) {
      return w.operand(column) + " " + op.sql + " " + w.literal(column, value);
    }

    public Boolean eval(Row r) {
      FilterValues.Value v = r.value(column);
      return v == null ? null : op.holds(v.compareTo(value.value()));
    }
  }

  record In(Ref column, List<Constant> values, boolean not) implements Node {
    public Node bind(FilterBinder b) {
      Ref ref = b.column(column);
      return new In(ref, values.stream().map(v -> b.constant(ref, v)).toList(), not);
    }

    public String sql(Writer w) {
      return w.operand(column)
          + (not ? " NOT IN (" : " IN (")
          + values.stream().map(v -> w.literal(column, v)).collect(Collectors.joining(", "))
          + ")";
    }

    public Boolean eval(Row r) {
      FilterValues.Value v = r.value(column);
      if (v == null) {
        return null;
      }
      boolean found = values.stream().anyMatch(c -> v.compareTo(c.value()) == 0);
      return found != not;
    }
  }

  record Between(Ref column, Constant low, Constant high, boolean not) implements Node {
    public Node bind(FilterBinder b) {
      Ref ref = b.column(column);
      if (b.kind(ref) == FilterValues.Kind.TEXT) {
        b.problem(textOnlyEquality(ref, "BETWEEN"));
      }
      return new Between(ref, b.constant(ref, low), b.constant(ref, high), not);
    }

    public String sql(Writer w) {
      return w.operand(column)
          + (not ? " NOT BETWEEN " : " BETWEEN ")
          + w.literal(column, low)
          + " AND "
          + w.literal(column, high);
    }

    public Boolean eval(Row r) {
      FilterValues.Value v = r.value(column);
      if (v == null) {
        return null;
      }
      boolean inside = v.compareTo(low.value()) >= 0 && v.compareTo(high.value()) <= 0;
      return inside != not;
    }
  }

  record IsNull(Ref column, boolean not) implements Node {
    public Node bind(FilterBinder b) {
      return new IsNull(b.column(column), not);
    }

    public String sql(Writer w) {
      return w.quote(column) + (not ? " IS NOT NULL" : " IS NULL");
    }

    public Boolean eval(Row r) {
      return r.isNull(column) != not;
    }
  }

  /** How the source engine writes what a filter needs. */
  public interface Sql {

    /** The quoted identifier. */
    String quote(String column);

    /** An expression of a quoted text column that compares by its characters exactly. */
    String exactText(String quotedColumn);
  }

  private final String text;
  private final Node root;
  private final Map<String, FilterValues.Kind> kinds;

  private RowFilter(String text, Node root, Map<String, FilterValues.Kind> kinds) {
    this.text = text;
    this.root = root;
    this.kinds = Map.copyOf(kinds);
  }

  /**
   * Parses a filter; its columns are checked by {@link #bind}.
   *
   * @throws InvalidFilterException naming what is not in the filter language
   */
  public static RowFilter parse(String text) {
    return new RowFilter(text, FilterParser.parse(text), Map.of());
  }

  /** The filter as written. */
  public String text() {
    return text;
  }

  public boolean selectsAll() {
    return root == null;
  }

  /** The source names of the columns the filter reads. */
  public List<String> columns() {
    return List.copyOf(kinds.keySet());
  }

  /**
   * The filter checked against {@code table}, whose source engine is {@code source}: each column
   * must exist, be copied (not generated) and have a type filters compare, each constant must fit
   * its column's type, and text columns take only {@code =}, {@code <>} and {@code IN}.
   *
   * @throws InvalidFilterException listing every problem, each with its fix
   */
  public RowFilter bind(TargetTable table, Engine source) {
    if (root == null) {
      return this;
    }
    FilterBinder binder = new FilterBinder(table, source);
    Node node = root.bind(binder);
    if (!binder.problems().isEmpty()) {
      throw new InvalidFilterException(String.join("; ", binder.problems()));
    }
    return new RowFilter(text, node, binder.kinds());
  }

  static String textOnlyEquality(Ref ref, String op) {
    return ("text column %s cannot be compared with %s (the order depends on the column's"
            + " collation, which the applier does not know); fix: use =, <> or IN on it")
        .formatted(ref.name(), op);
  }

  /** Writes a bound filter in one engine's SQL. */
  private final class Writer {
    private final Sql dialect;

    Writer(Sql dialect) {
      this.dialect = dialect;
    }

    String quote(Ref column) {
      return dialect.quote(column.name());
    }

    String operand(Ref column) {
      String quoted = quote(column);
      return kinds.get(column.name()) == FilterValues.Kind.TEXT
          ? dialect.exactText(quoted)
          : quoted;
    }

    String literal(Ref column, Constant c) {
      return FilterValues.literal(kinds.get(column.name()), c);
    }
  }

  /** A row's values by source column name, as the applier decodes them. */
  private final class Row {
    private final Function<String, String> values;

    Row(Function<String, String> values) {
      this.values = values;
    }

    boolean isNull(Ref column) {
      return values.apply(column.name()) == null;
    }

    FilterValues.Value value(Ref column) {
      String text = values.apply(column.name());
      return text == null ? null : FilterValues.decoded(kinds.get(column.name()), text);
    }
  }

  /** The condition in the source's SQL; only for a bound filter that does not select all. */
  public String sql(Sql dialect) {
    return root.sql(new Writer(dialect));
  }

  /**
   * True when the row whose source column values {@code values} gives (null for SQL NULL, else the
   * value's text as the applier decodes it) is selected: the condition is TRUE, not FALSE or
   * UNKNOWN.
   *
   * @throws IllegalArgumentException when a value is not one of its column's type
   */
  public boolean accepts(Function<String, String> values) {
    return root == null || Boolean.TRUE.equals(root.eval(new Row(values)));
  }

  @Override
  public boolean equals(Object o) {
    return o instanceof RowFilter f && f.text.equals(text) && f.kinds.equals(kinds);
  }

  @Override
  public int hashCode() {
    return text.hashCode();
  }

  @Override
  public String toString() {
    return root == null ? "all rows" : text;
  }
}
