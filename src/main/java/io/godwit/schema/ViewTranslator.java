package io.godwit.schema;

import io.godwit.engine.Engine;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.function.UnaryOperator;
import net.sf.jsqlparser.JSQLParserException;
import net.sf.jsqlparser.expression.CastExpression;
import net.sf.jsqlparser.expression.Expression;
import net.sf.jsqlparser.expression.Function;
import net.sf.jsqlparser.expression.NotExpression;
import net.sf.jsqlparser.expression.operators.conditional.AndExpression;
import net.sf.jsqlparser.expression.operators.conditional.OrExpression;
import net.sf.jsqlparser.expression.operators.relational.Between;
import net.sf.jsqlparser.expression.operators.relational.ComparisonOperator;
import net.sf.jsqlparser.expression.operators.relational.InExpression;
import net.sf.jsqlparser.expression.operators.relational.IsBooleanExpression;
import net.sf.jsqlparser.expression.operators.relational.IsNullExpression;
import net.sf.jsqlparser.expression.operators.relational.LikeExpression;
import net.sf.jsqlparser.expression.operators.relational.ParenthesedExpressionList;
import net.sf.jsqlparser.parser.CCJSqlParserUtil;
import net.sf.jsqlparser.schema.Column;
import net.sf.jsqlparser.schema.Table;
import net.sf.jsqlparser.statement.Statement;
import net.sf.jsqlparser.statement.select.PlainSelect;
import net.sf.jsqlparser.statement.select.SelectItem;
import net.sf.jsqlparser.statement.select.SetOperationList;

/**
 * Translates a simple view to the other engine's SQL: a SELECT of plain columns of one migrated
 * table, with an optional WHERE of comparisons between a column and a constant (or two columns),
 * AND, OR, NOT, IN, BETWEEN, IS [NOT] NULL, IS [NOT] TRUE/FALSE and LIKE. The definition is parsed
 * as the source engine prints it ({@code pg_get_viewdef}, {@code information_schema.VIEWS}), walked
 * against that whitelist, and rendered with the target's names and quoting; constants keep their
 * meaning for the column's type on the target (a PostgreSQL {@code true} compared with a column
 * that became {@code tinyint(1)} is 1), and text is compared as exactly as the source does. Any
 * other construct leaves the view to the operator, with the construct named.
 */
public final class ViewTranslator {

  private final Engine source;
  private final Engine target;
  private final UnaryOperator<String> quote;

  /**
   * @param quote quotes an identifier for the target
   */
  public ViewTranslator(Engine source, Engine target, UnaryOperator<String> quote) {
    this.source = source;
    this.target = target;
    this.quote = quote;
  }

  /**
   * A view translated for the target, or why it is not.
   *
   * @param create the statements that create it on the target, replacing a view of that name
   * @param drop the statements that remove it again
   * @param rejection why the view is not simple, naming the construct; null when translated
   */
  public record Result(List<String> create, List<String> drop, String rejection) {

    public Result {
      create = List.copyOf(create);
      drop = List.copyOf(drop);
    }

    static Result rejected(String why) {
      return new Result(List.of(), List.of(), why);
    }

    public boolean translated() {
      return rejection == null;
    }
  }

  /**
   * Translates a view.
   *
   * @param name the view's name, which it keeps on the target
   * @param query its SELECT as the source engine prints it
   * @param sourceSchema the source schema or database, which the source may name the table with
   * @param bySource the migrated tables as the target gets them, by source table name
   */
  public Result translate(
      String name, String query, String sourceSchema, Map<String, TargetTable> bySource) {
    Statement statement;
    try {
      statement =
          CCJSqlParserUtil.parse(
              ViewSql.inLists(
                  source.isMySqlFamily() ? query : ViewSql.likeOperators(query),
                  source.isMySqlFamily()),
              p -> p.withBackslashEscapeCharacter(source.isMySqlFamily()));
    } catch (JSQLParserException e) {
      return Result.rejected(
          "Godwit could not parse its definition ("
              + String.valueOf(e.getMessage()).lines().findFirst().orElse("")
              + ")");
    }
    try {
      String select = select(statement, sourceSchema, bySource);
      return new Result(
          List.of("CREATE OR REPLACE VIEW %s AS %s".formatted(quote.apply(name), select)),
          List.of("DROP VIEW IF EXISTS " + quote.apply(name)),
          null);
    } catch (NotSimple e) {
      return Result.rejected(e.getMessage());
    }
  }

  private String select(
      Statement statement, String sourceSchema, Map<String, TargetTable> bySource) {
    if (statement instanceof SetOperationList) {
      throw new NotSimple("it combines queries (UNION, INTERSECT or EXCEPT)");
    }
    if (!(statement instanceof PlainSelect select)) {
      throw new NotSimple("it is not a plain SELECT");
    }
    rejectClauses(select);
    if (!(select.getFromItem() instanceof Table from)) {
      throw new NotSimple(
          select.getFromItem() == null ? "it reads no table" : "it reads a subquery");
    }
    if (select.getJoins() != null && !select.getJoins().isEmpty()) {
      throw new NotSimple("it joins tables");
    }
    String tableName = ViewSql.unquote(from.getName());
    if (from.getSchemaName() != null
        && !ViewSql.unquote(from.getSchemaName()).equals(sourceSchema)) {
      throw new NotSimple(
          "it reads %s.%s, of another schema".formatted(from.getSchemaName(), tableName));
    }
    TargetTable table = bySource.get(tableName);
    if (table == null) {
      throw new NotSimple(
          "it reads %s, which is not a migrated table (a view or a table left out)"
              .formatted(tableName));
    }
    String alias = from.getAlias() == null ? null : ViewSql.unquote(from.getAlias().getName());
    Columns columns = new Columns(table, tableName, alias, sourceSchema);
    List<String> items = new ArrayList<>();
    for (SelectItem<?> item : select.getSelectItems()) {
      if (!(item.getExpression() instanceof Column c)) {
        throw new NotSimple("its select list has " + ViewSql.describe(item.getExpression()));
      }
      TargetTable.TargetColumn column = columns.of(c);
      String output =
          item.getAlias() == null
              ? column.source().name()
              : ViewSql.unquote(item.getAlias().getName());
      items.add(quote.apply(column.name()) + " AS " + quote.apply(output));
    }
    String sql = "SELECT " + String.join(", ", items) + " FROM " + quote.apply(table.name());
    if (select.getWhere() != null) {
      sql += " WHERE " + new Conditions(columns).render(select.getWhere());
    }
    return sql;
  }

  private static void rejectClauses(PlainSelect select) {
    if (select.getWithItemsList() != null && !select.getWithItemsList().isEmpty()) {
      throw new NotSimple("it has a WITH clause");
    }
    if (select.getDistinct() != null) {
      throw new NotSimple("it uses DISTINCT");
    }
    if (select.getGroupBy() != null) {
      throw new NotSimple("it groups rows (GROUP BY)");
    }
    if (select.getHaving() != null) {
      throw new NotSimple("it has HAVING");
    }
    if (select.getWindowDefinitions() != null && !select.getWindowDefinitions().isEmpty()) {
      throw new NotSimple("it uses window functions");
    }
    if (select.getOrderByElements() != null && !select.getOrderByElements().isEmpty()) {
      throw new NotSimple("it orders rows (ORDER BY)");
    }
    if (select.getLimit() != null
        || select.getOffset() != null
        || select.getFetch() != null
        || select.getTop() != null) {
      throw new NotSimple("it limits rows (LIMIT, OFFSET or FETCH)");
    }
  }

  /** The columns of the view's one table, resolved to the target's. */
  private final class Columns {
    private final TargetTable table;
    private final String tableName;
    private final String alias;
    private final String schema;

    Columns(TargetTable table, String tableName, String alias, String schema) {
      this.table = table;
      this.tableName = tableName;
      this.alias = alias;
      this.schema = schema;
    }

    TargetTable.TargetColumn of(Column c) {
      String name = ViewSql.unquote(c.getColumnName());
      Table qualifier = c.getTable();
      if (qualifier != null && qualifier.getName() != null) {
        String q = ViewSql.unquote(qualifier.getName());
        boolean ours = q.equals(alias) || (alias == null && q.equals(tableName));
        boolean sameSchema =
            qualifier.getSchemaName() == null
                || ViewSql.unquote(qualifier.getSchemaName()).equals(schema);
        if (!ours || !sameSchema) {
          throw new NotSimple("it names %s, which is not a column of its table".formatted(c));
        }
      }
      return table.columns().stream()
          .filter(t -> t.source().name().equals(name))
          .findFirst()
          .orElseThrow(
              () ->
                  new NotSimple(
                      "it names %s, which is not a migrated column of %s"
                          .formatted(name, tableName)));
    }
  }

  /** The WHERE clause, rendered for the target. */
  private final class Conditions {
    private final Columns columns;

    Conditions(Columns columns) {
      this.columns = columns;
    }

    /** An operand of AND: an OR inside it in parentheses. */
    private String render(Expression e, boolean inAnd) {
      String sql = render(e);
      return inAnd && ViewSql.withoutParentheses(e) instanceof OrExpression ? "(" + sql + ")" : sql;
    }

    String render(Expression e) {
      if (e instanceof AndExpression and) {
        return render(and.getLeftExpression(), true)
            + " AND "
            + render(and.getRightExpression(), true);
      }
      if (e instanceof OrExpression or) {
        return render(or.getLeftExpression()) + " OR " + render(or.getRightExpression());
      }
      if (e instanceof NotExpression not) {
        return "NOT (%s)".formatted(render(not.getExpression()));
      }
      if (e instanceof ParenthesedExpressionList<?> list && list.size() == 1) {
        return render(list.get(0));
      }
      if (e instanceof Column c) {
        return bare(c);
      }
      if (e instanceof ComparisonOperator comparison) {
        return comparison(comparison);
      }
      if (e instanceof InExpression) {
        throw new NotSimple("its IN reads a subquery");
      }
      if (e instanceof Between between) {
        Operand column = operand(between.getLeftExpression());
        column.ordered("BETWEEN");
        return "%s %sBETWEEN %s AND %s"
            .formatted(
                column.sql(),
                between.isNot() ? "NOT " : "",
                column.constant(between.getBetweenExpressionStart()),
                column.constant(between.getBetweenExpressionEnd()));
      }
      if (e instanceof IsNullExpression isNull) {
        return operand(isNull.getLeftExpression()).plain()
            + (isNull.isNot() ? " IS NOT NULL" : " IS NULL");
      }
      if (e instanceof IsBooleanExpression isBoolean) {
        Operand column = operand(isBoolean.getLeftExpression());
        column.bool("IS " + (isBoolean.isTrue() ? "TRUE" : "FALSE"));
        return "%s IS %s%s"
            .formatted(
                column.plain(),
                isBoolean.isNot() ? "NOT " : "",
                isBoolean.isTrue() ? "TRUE" : "FALSE");
      }
      if (e instanceof LikeExpression like) {
        return like(like);
      }
      throw new NotSimple("its WHERE has " + ViewSql.describe(e));
    }

    /** A boolean column used as a condition by itself. */
    private String bare(Column c) {
      Operand column = new Operand(columns.of(c));
      column.bool("as a condition");
      return target.isMySqlFamily() ? column.plain() + " <> 0" : column.plain();
    }

    private String comparison(ComparisonOperator comparison) {
      String operator = comparison.getStringExpression();
      Expression left = comparison.getLeftExpression();
      Expression right = comparison.getRightExpression();
      if (right instanceof Function f && ViewSql.isArrayTest(f)) {
        return arrayTest(left, operator, f);
      }
      boolean leftColumn = ViewSql.isColumn(left);
      boolean rightColumn = ViewSql.isColumn(right);
      String op = "!=".equals(operator) ? "<>" : operator;
      if (!List.of("=", "<>", "<", "<=", ">", ">=").contains(op)) {
        throw new NotSimple("its WHERE has the operator " + operator);
      }
      if (leftColumn && rightColumn) {
        Operand a = operand(left);
        Operand b = operand(right);
        if (a.kind != b.kind || a.kind == Kind.OTHER || a.kind == Kind.TEXT) {
          throw new NotSimple(
              "it compares columns %s and %s, which Godwit does not compare across engines"
                  .formatted(a.column.source().name(), b.column.source().name()));
        }
        return "%s %s %s".formatted(a.plain(), op, b.plain());
      }
      if (!leftColumn && !rightColumn) {
        throw new NotSimple(
            "its WHERE has "
                + ViewSql.describe(
                    ViewSql.withoutParentheses(ViewSql.isConstant(left) ? right : left)));
      }
      Operand column = operand(leftColumn ? left : right);
      if (!op.equals("=") && !op.equals("<>")) {
        column.ordered(op);
      }
      String constant = column.constant(leftColumn ? right : left);
      return leftColumn
          ? "%s %s %s".formatted(column.sql(), op, constant)
          : "%s %s %s".formatted(constant, op, column.sql());
    }

    /** PostgreSQL's spelling of IN and NOT IN: {@code = ANY (ARRAY[...])}, {@code <> ALL (...)}. */
    private String arrayTest(Expression left, String operator, Function test) {
      boolean any = test.getName().equalsIgnoreCase("ANY");
      if (!(any && operator.equals("=")) && !(!any && operator.equals("<>"))) {
        throw new NotSimple("its WHERE has %s %s (...)".formatted(operator, test.getName()));
      }
      Operand column = operand(left);
      List<String> constants = new ArrayList<>();
      for (Expression element : ViewSql.arrayElements(test)) {
        constants.add(column.constant(element));
      }
      return "%s %sIN (%s)"
          .formatted(column.sql(), any ? "" : "NOT ", String.join(", ", constants));
    }

    private String like(LikeExpression like) {
      if (like.getLikeKeyWord() != LikeExpression.KeyWord.LIKE) {
        throw new NotSimple("its WHERE has " + like.getLikeKeyWord());
      }
      if (like.getEscape() != null) {
        throw new NotSimple("its LIKE has an ESCAPE clause");
      }
      Operand column = operand(like.getLeftExpression());
      if (column.kind != Kind.TEXT) {
        throw new NotSimple(
            "it applies LIKE to %s, which is not text".formatted(column.column.source().name()));
      }
      return "%s %sLIKE %s"
          .formatted(
              column.sql(), like.isNot() ? "NOT " : "", column.constant(like.getRightExpression()));
    }

    /** A column, or PostgreSQL's cast of a text column to text, which changes nothing. */
    private Operand operand(Expression e) {
      Expression inner = ViewSql.withoutParentheses(e);
      if (inner instanceof Column c) {
        return new Operand(columns.of(c));
      }
      if (inner instanceof CastExpression cast
          && ViewSql.withoutParentheses(cast.getLeftExpression()) instanceof Column c) {
        Operand column = new Operand(columns.of(c));
        if (column.kind != Kind.TEXT || ViewSql.castKind(cast) != Kind.TEXT) {
          throw new NotSimple("it casts column %s (%s)".formatted(c.getColumnName(), cast));
        }
        return column;
      }
      throw new NotSimple("its WHERE has " + ViewSql.describe(inner));
    }
  }

  /** What a column holds, for comparing it with constants on both engines alike. */
  enum Kind {
    BOOLEAN,
    NUMBER,
    TEXT,
    TEMPORAL,
    OTHER
  }

  /** A column in a comparison: how it is written and how its constants are. */
  private final class Operand {
    private final TargetTable.TargetColumn column;
    private final Kind kind;

    Operand(TargetTable.TargetColumn column) {
      this.column = column;
      this.kind = ViewSql.kind(column, source);
    }

    String plain() {
      return quote.apply(column.name());
    }

    /** The column as compared with text: byte for byte on a MySQL target, as on PostgreSQL. */
    String sql() {
      if (kind != Kind.TEXT) {
        return plain();
      }
      if (source.isMySqlFamily()) {
        String collation = column.source().collation();
        boolean fixed = ViewSql.isFixedText(column.source().type().name());
        if (collation == null
            || !(collation.endsWith("_nopad_bin") || fixed && collation.endsWith("_bin"))) {
          throw new NotSimple(
              ("it compares text column %s, whose collation (%s) ignores case or trailing spaces;"
                      + " %s compares text exactly")
                  .formatted(
                      column.source().name(),
                      collation == null ? "the database default" : collation,
                      target.displayName()));
        }
        return plain();
      }
      boolean fixed = ViewSql.isFixedText(column.source().type().name());
      String binary =
          fixed
              ? "utf8mb4_bin"
              : target == Engine.MARIADB ? "utf8mb4_nopad_bin" : "utf8mb4_0900_bin";
      return plain() + " COLLATE " + binary;
    }

    void ordered(String operator) {
      if (kind == Kind.TEXT) {
        throw new NotSimple(
            "it orders text column %s (%s): the engines' collations order text differently"
                .formatted(column.source().name(), operator));
      }
      if (kind == Kind.OTHER || kind == Kind.BOOLEAN) {
        throw new NotSimple(
            "it compares %s column %s with %s"
                .formatted(column.source().type().name(), column.source().name(), operator));
      }
    }

    void bool(String use) {
      boolean targetBoolean =
          target.isMySqlFamily() || ViewSql.isBooleanType(column.type().sqlType());
      if (kind != Kind.BOOLEAN || !targetBoolean) {
        throw new NotSimple(
            "it uses %s column %s %s, which on %s is %s"
                .formatted(
                    column.source().type().name(),
                    column.source().name(),
                    use,
                    target.displayName(),
                    column.type().sqlType()));
      }
    }

    /** A constant compared with this column, as the target writes it. */
    String constant(Expression e) {
      ViewSql.Constant constant = ViewSql.constant(e, kind, source);
      if (constant == null) {
        throw new NotSimple(
            "it compares %s column %s with %s"
                .formatted(column.source().type().name(), column.source().name(), e));
      }
      return switch (kind) {
        case BOOLEAN -> {
          Boolean value = constant.bool();
          if (value == null) {
            throw new NotSimple(
                "it compares boolean column %s with %s, which is neither true nor false"
                    .formatted(column.source().name(), e));
          }
          yield ViewSql.isBooleanType(column.type().sqlType())
              ? value.toString().toUpperCase(Locale.ROOT)
              : value ? "1" : "0";
        }
        case NUMBER -> constant.text();
        case TEXT, TEMPORAL ->
            target.isMySqlFamily()
                ? SqlText.mySqlString(constant.text())
                : SqlText.pgString(constant.text());
        case OTHER ->
            throw new NotSimple(
                "it compares %s column %s, which Godwit does not compare across engines"
                    .formatted(column.source().type().name(), column.source().name()));
      };
    }
  }

  /** The first construct found that keeps a view from being translated. */
  static final class NotSimple extends RuntimeException {
    NotSimple(String message) {
      super(message, null, false, false);
    }
  }
}
