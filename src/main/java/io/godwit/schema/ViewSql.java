package io.godwit.schema;

import io.godwit.engine.Engine;
import io.godwit.schema.ViewTranslator.Kind;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import net.sf.jsqlparser.expression.AnalyticExpression;
import net.sf.jsqlparser.expression.ArrayConstructor;
import net.sf.jsqlparser.expression.BooleanValue;
import net.sf.jsqlparser.expression.CaseExpression;
import net.sf.jsqlparser.expression.CastExpression;
import net.sf.jsqlparser.expression.DoubleValue;
import net.sf.jsqlparser.expression.Expression;
import net.sf.jsqlparser.expression.Function;
import net.sf.jsqlparser.expression.LongValue;
import net.sf.jsqlparser.expression.NullValue;
import net.sf.jsqlparser.expression.SignedExpression;
import net.sf.jsqlparser.expression.StringValue;
import net.sf.jsqlparser.expression.operators.arithmetic.Concat;
import net.sf.jsqlparser.expression.operators.relational.ExistsExpression;
import net.sf.jsqlparser.expression.operators.relational.ExpressionList;
import net.sf.jsqlparser.expression.operators.relational.ParenthesedExpressionList;
import net.sf.jsqlparser.schema.Column;
import net.sf.jsqlparser.statement.select.Select;

/** How the engines print the parts of a view definition, for {@link ViewTranslator}. */
final class ViewSql {

  private static final Set<String> NUMBER_TYPES =
      Set.of(
          "smallint",
          "integer",
          "int",
          "int2",
          "int4",
          "int8",
          "bigint",
          "numeric",
          "decimal",
          "real",
          "double precision",
          "double",
          "float",
          "float4",
          "float8",
          "tinyint",
          "mediumint");
  private static final Set<String> TEXT_TYPES =
      Set.of(
          "text",
          "character varying",
          "varchar",
          "character",
          "char",
          "bpchar",
          "tinytext",
          "mediumtext",
          "longtext");
  private static final Set<String> FIXED_TEXT_TYPES = Set.of("character", "char", "bpchar");
  private static final Set<String> TEMPORAL_TYPES =
      Set.of(
          "date",
          "timestamp",
          "timestamp without time zone",
          "datetime",
          "time",
          "time without time zone");
  private static final Set<String> BOOLEAN_TYPES = Set.of("boolean", "bool");
  private static final Set<String> AGGREGATES =
      Set.of("count", "sum", "avg", "min", "max", "string_agg", "group_concat", "array_agg");
  private static final Pattern NUMBER = Pattern.compile("-?\\d+(\\.\\d+)?([eE][-+]?\\d+)?");
  private static final Pattern TEMPORAL =
      Pattern.compile(
          "\\d{4}-\\d{2}-\\d{2}( \\d{2}:\\d{2}:\\d{2}(\\.\\d{1,6})?)?|\\d{2}:\\d{2}:\\d{2}(\\.\\d{1,6})?");
  private static final Pattern IN_LIST =
      Pattern.compile("(?i)(not\\s+)?in\\s*\\((?!\\s*(select|with)\\b)");
  private static final Pattern ARGUMENTS = Pattern.compile("\\s*\\([^)]*\\)");

  private ViewSql() {}

  /**
   * A constant as the source wrote it: its text (a string's value, a number's digits) and, for 0,
   * 1, true and false, its truth value.
   */
  record Constant(String text, Boolean bool) {}

  /**
   * PostgreSQL prints LIKE as {@code ~~} and NOT LIKE as {@code !~~} (ILIKE {@code ~~*}), which the
   * parser reads as other operators: spelled out here, outside quotes.
   */
  static String likeOperators(String query) {
    StringBuilder out = new StringBuilder();
    char quoteChar = 0;
    for (int i = 0; i < query.length(); i++) {
      char ch = query.charAt(i);
      if (quoteChar != 0) {
        out.append(ch);
        if (ch == quoteChar) {
          quoteChar = 0;
        }
      } else if (ch == '\'' || ch == '"') {
        quoteChar = ch;
        out.append(ch);
      } else if (query.startsWith("!~~*", i)) {
        out.append(" NOT ILIKE ");
        i += 3;
      } else if (query.startsWith("~~*", i)) {
        out.append(" ILIKE ");
        i += 2;
      } else if (query.startsWith("!~~", i)) {
        out.append(" NOT LIKE ");
        i += 2;
      } else if (query.startsWith("~~", i)) {
        out.append(" LIKE ");
        i += 1;
      } else {
        out.append(ch);
      }
    }
    return out.toString();
  }

  /** A name as written, without its quotes (backticks or double quotes, doubled inside). */
  static String unquote(String name) {
    if (name.length() >= 2 && name.charAt(0) == '`' && name.endsWith("`")) {
      return name.substring(1, name.length() - 1).replace("``", "`");
    }
    if (name.length() >= 2 && name.charAt(0) == '"' && name.endsWith("\"")) {
      return name.substring(1, name.length() - 1).replace("\"\"", "\"");
    }
    return name;
  }

  /** What an expression the translator does not take is, for the reason it gives. */
  static String describe(Expression e) {
    if (e instanceof AnalyticExpression) {
      return "a window function (%s)".formatted(e);
    }
    if (e instanceof Function f) {
      return AGGREGATES.contains(f.getName().toLowerCase(Locale.ROOT))
          ? "an aggregate (%s)".formatted(e)
          : "a call of function %s (%s)".formatted(f.getName(), e);
    }
    if (e instanceof Select || e instanceof ExistsExpression) {
      return "a subquery (%s)".formatted(e);
    }
    if (e instanceof CaseExpression) {
      return "a CASE expression";
    }
    if (e instanceof CastExpression) {
      return "a cast (%s)".formatted(e);
    }
    if (e instanceof Concat) {
      return "a concatenation (%s)".formatted(e);
    }
    return "the expression %s".formatted(e);
  }

  /**
   * JSqlParser 5.3 reads {@code a = 1 AND x IN (1, 2) OR z = 3} as {@code a = 1 AND x IN ((1, 2) OR
   * z = 3)} (JSqlParser issues 2244, 2282), but reads {@code = ANY (ARRAY[...])} right: each IN or
   * NOT IN list of the definition is spelled so, as PostgreSQL prints it, outside quotes. An IN of
   * a subquery is left as it is.
   */
  static String inLists(String query, boolean backslashEscapes) {
    StringBuilder out = new StringBuilder();
    List<Integer> closes = new ArrayList<>();
    int depth = 0;
    char quoteChar = 0;
    for (int i = 0; i < query.length(); i++) {
      char ch = query.charAt(i);
      if (quoteChar != 0) {
        out.append(ch);
        if (backslashEscapes && ch == '\\' && i + 1 < query.length()) {
          out.append(query.charAt(++i));
        } else if (ch == quoteChar) {
          quoteChar = 0;
        }
        continue;
      }
      Matcher in = IN_LIST.matcher(query).region(i, query.length());
      boolean boundary = i > 0 && Character.isWhitespace(query.charAt(i - 1));
      if (boundary && in.lookingAt()) {
        out.append(in.group(1) == null ? "= ANY (ARRAY[" : "<> ALL (ARRAY[");
        depth++;
        closes.add(depth);
        i = in.end() - 1;
      } else if (ch == '\'' || ch == '"' || ch == '`') {
        quoteChar = ch;
        out.append(ch);
      } else if (ch == '(') {
        depth++;
        out.append(ch);
      } else if (ch == ')') {
        if (!closes.isEmpty() && closes.get(closes.size() - 1) == depth) {
          closes.remove(closes.size() - 1);
          out.append("])");
        } else {
          out.append(ch);
        }
        depth--;
      } else {
        out.append(ch);
      }
    }
    return out.toString();
  }

  /** The expression inside any number of single parentheses. */
  static Expression withoutParentheses(Expression e) {
    Expression inner = e;
    while (inner instanceof ParenthesedExpressionList<?> list && list.size() == 1) {
      inner = list.get(0);
    }
    return inner;
  }

  /** A column, or a cast of one. */
  static boolean isColumn(Expression e) {
    Expression inner = withoutParentheses(e);
    return inner instanceof Column
        || inner instanceof CastExpression cast
            && withoutParentheses(cast.getLeftExpression()) instanceof Column;
  }

  /** A constant, possibly signed, cast or in parentheses. */
  static boolean isConstant(Expression e) {
    Expression inner = withoutParentheses(e);
    while (inner instanceof CastExpression cast) {
      inner = withoutParentheses(cast.getLeftExpression());
    }
    if (inner instanceof SignedExpression signed) {
      inner = signed.getExpression();
    }
    return inner instanceof StringValue
        || inner instanceof LongValue
        || inner instanceof DoubleValue
        || inner instanceof BooleanValue
        || inner instanceof NullValue;
  }

  /** PostgreSQL's {@code ANY (ARRAY[...])} or {@code ALL (...)} on the right of a comparison. */
  static boolean isArrayTest(Function f) {
    return f.getName().equalsIgnoreCase("ANY") || f.getName().equalsIgnoreCase("ALL");
  }

  /** The constants of {@code ANY (ARRAY[...])}, through a cast of the array. */
  static List<? extends Expression> arrayElements(Function test) {
    ExpressionList<?> parameters = test.getParameters();
    if (parameters == null || parameters.size() != 1) {
      throw new ViewTranslator.NotSimple("its WHERE has " + test);
    }
    Expression array = parameters.get(0);
    while (array instanceof CastExpression cast
        && cast.getColDataType().toString().endsWith("[]")) {
      array = cast.getLeftExpression();
    }
    if (!(array instanceof ArrayConstructor constructor)) {
      throw new ViewTranslator.NotSimple(
          "it compares with %s, not a list of constants".formatted(test));
    }
    return constructor.getExpressions();
  }

  /** What a cast makes of its operand. */
  static Kind castKind(CastExpression cast) {
    return typeKind(ARGUMENTS.matcher(cast.getColDataType().toString()).replaceAll(""));
  }

  private static Kind typeKind(String type) {
    String name = type.toLowerCase(Locale.ROOT).trim();
    if (BOOLEAN_TYPES.contains(name)) {
      return Kind.BOOLEAN;
    }
    if (NUMBER_TYPES.contains(name)) {
      return Kind.NUMBER;
    }
    if (TEXT_TYPES.contains(name)) {
      return Kind.TEXT;
    }
    return TEMPORAL_TYPES.contains(name) ? Kind.TEMPORAL : Kind.OTHER;
  }

  /**
   * What a column holds on both sides: the source's type and the target's agree on it, or it is
   * {@link Kind#OTHER}. A time with a time zone is other: its constants mean a different instant in
   * another session's time zone.
   */
  static Kind kind(TargetTable.TargetColumn column, Engine source) {
    String from = column.source().type().name().toLowerCase(Locale.ROOT);
    String to =
        ARGUMENTS
            .matcher(column.type().sqlType().toLowerCase(Locale.ROOT))
            .replaceAll("")
            .replace(" unsigned", "")
            .replace(" zerofill", "")
            .trim();
    if (BOOLEAN_TYPES.contains(from) || BOOLEAN_TYPES.contains(to)) {
      return Kind.BOOLEAN;
    }
    if (source.isMySqlFamily() && from.equals("timestamp")) {
      return Kind.OTHER;
    }
    Kind target = typeKind(to);
    return target == typeKind(from.replace(" unsigned", "")) ? target : Kind.OTHER;
  }

  /** {@code char(n)}: compared with trailing spaces ignored on both engines. */
  static boolean isFixedText(String sourceType) {
    return FIXED_TEXT_TYPES.contains(sourceType.toLowerCase(Locale.ROOT));
  }

  static boolean isBooleanType(String targetSqlType) {
    return BOOLEAN_TYPES.contains(targetSqlType.toLowerCase(Locale.ROOT));
  }

  /**
   * A constant compared with a column of {@code kind}, through casts of the constant to a type of
   * that kind (PostgreSQL prints {@code 'x'::text}, {@code '-3'::integer}); null when it is not one
   * that such a column is compared with alike on both engines. A string is a number only when cast
   * to one: MySQL compares a decimal column with a string as floating point.
   */
  static Constant constant(Expression e, Kind kind, Engine source) {
    Expression inner = withoutParentheses(e);
    boolean cast = false;
    while (inner instanceof CastExpression c) {
      if (castKind(c) != kind) {
        return null;
      }
      cast = true;
      inner = withoutParentheses(c.getLeftExpression());
    }
    if (inner instanceof BooleanValue b) {
      return kind == Kind.BOOLEAN ? new Constant(String.valueOf(b.getValue()), b.getValue()) : null;
    }
    if (inner instanceof LongValue || inner instanceof DoubleValue) {
      return number(inner.toString(), kind);
    }
    if (inner instanceof SignedExpression signed
        && signed.getSign() == '-'
        && (signed.getExpression() instanceof LongValue
            || signed.getExpression() instanceof DoubleValue)) {
      return number("-" + signed.getExpression(), kind);
    }
    if (inner instanceof StringValue s && (s.getPrefix() == null || s.getPrefix().isEmpty())) {
      String value =
          source.isMySqlFamily() ? mySqlValue(s.getValue()) : s.getValue().replace("''", "'");
      return switch (kind) {
        case TEXT -> new Constant(value, null);
        case NUMBER -> cast && NUMBER.matcher(value).matches() ? new Constant(value, null) : null;
        case TEMPORAL -> TEMPORAL.matcher(value).matches() ? new Constant(value, null) : null;
        case BOOLEAN, OTHER -> null;
      };
    }
    return null;
  }

  private static Constant number(String text, Kind kind) {
    if (kind == Kind.BOOLEAN) {
      return new Constant(text, text.equals("1") ? Boolean.TRUE : text.equals("0") ? false : null);
    }
    return kind == Kind.NUMBER && NUMBER.matcher(text).matches() ? new Constant(text, null) : null;
  }

  /**
   * The value of a MySQL string literal's text: backslash escapes and doubled quotes resolved.
   * {@code \%} and {@code \_} keep their backslash, as MySQL does, for LIKE patterns.
   */
  static String mySqlValue(String text) {
    StringBuilder out = new StringBuilder();
    for (int i = 0; i < text.length(); i++) {
      char ch = text.charAt(i);
      if (ch == '\\' && i + 1 < text.length()) {
        char next = text.charAt(++i);
        switch (next) {
          case '0' -> out.append('\0');
          case 'b' -> out.append('\b');
          case 'n' -> out.append('\n');
          case 'r' -> out.append('\r');
          case 't' -> out.append('\t');
          case 'Z' -> out.append('\u001a');
          case '%', '_' -> out.append('\\').append(next);
          default -> out.append(next);
        }
      } else if (ch == '\'' && i + 1 < text.length() && text.charAt(i + 1) == '\'') {
        out.append('\'');
        i++;
      } else {
        out.append(ch);
      }
    }
    return out.toString();
  }
}
