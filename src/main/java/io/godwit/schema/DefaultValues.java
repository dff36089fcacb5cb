package io.godwit.schema;

import io.godwit.engine.Engine;
import java.util.Locale;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Translates a column default where that is safe: string, number, boolean and bit literals, and
 * CURRENT_TIMESTAMP / now(). Between engines any other expression is dropped; within PostgreSQL or
 * the MySQL family it is kept as written, but for a PostgreSQL {@code nextval} of a sequence, which
 * does not exist on the target.
 */
final class DefaultValues {

  private static final Pattern NUMBER = Pattern.compile("[-+]?\\d+(\\.\\d+)?([eE][-+]?\\d+)?");
  private static final Pattern BITS = Pattern.compile("[bB]'([01]*)'");
  private static final Pattern NOW =
      Pattern.compile(
          "(current_timestamp|now|localtimestamp)(\\s*\\(\\s*\\d*\\s*\\))?",
          Pattern.CASE_INSENSITIVE);
  private static final Pattern PG_CASTS = Pattern.compile("(::[\\w .\"()\\[\\],]+)+");
  private static final Pattern NEXTVAL =
      Pattern.compile("nextval\\s*\\(", Pattern.CASE_INSENSITIVE);
  private static final Pattern PRECISION = Pattern.compile("\\((\\d+)\\)");
  private static final Pattern MYSQL_NO_LITERAL =
      Pattern.compile("((tiny|medium|long)?(text|blob)|json|geometry)\\b.*");

  /** Source types whose literals mean something else once read as text on another engine. */
  private static final Set<String> NOT_AS_TEXT =
      Set.of(
          "bytea",
          "binary",
          "varbinary",
          "tinyblob",
          "blob",
          "mediumblob",
          "longblob",
          "interval",
          "money",
          "bit",
          "varbit",
          "geometry",
          "point",
          "linestring",
          "polygon");

  /**
   * A translated default: the target expression, or null and why it was dropped (null when the
   * source had no default).
   */
  record Result(String expression, String dropped) {}

  private enum Kind {
    NULL,
    STRING,
    NUMBER,
    BOOLEAN,
    BITS,
    NOW,
    OTHER
  }

  private DefaultValues() {}

  static Result translate(Engine source, Engine target, Column column, MappedType type) {
    String expression = column.defaultExpression().trim();
    if (source == Engine.POSTGRESQL && NEXTVAL.matcher(expression).lookingAt()) {
      return new Result(
          null, "it draws from a sequence, and Godwit creates only the sequences of key columns");
    }
    Parsed parsed = parse(source, expression);
    String value = parsed.value();
    boolean sameFamily = source.isMySqlFamily() == target.isMySqlFamily();
    String sqlType = type.sqlType().toLowerCase(Locale.ROOT);
    return switch (parsed.kind()) {
      case NULL -> new Result(null, null);
      case OTHER, NOW ->
          sameFamily
              ? keep(target, parsed.kind(), expression)
              : now(parsed.kind(), sqlType, target);
      case BOOLEAN -> new Result(bool(target, value.equalsIgnoreCase("true")), null);
      case NUMBER ->
          new Result(
              sqlType.equals("boolean") ? bool(target, !value.matches("[-+]?0*(\\.0*)?")) : value,
              null);
      case BITS -> bits(target, sqlType, value);
      case STRING -> string(source, target, column, sqlType, value, sameFamily);
    };
  }

  /** A default's kind and value: a string literal's content, a literal without casts. */
  private record Parsed(Kind kind, String value) {}

  private static Parsed parse(Engine source, String expression) {
    int end = expression.startsWith("'") ? literalEnd(expression) : -1;
    if (end > 0) {
      String rest = expression.substring(end);
      boolean casts = source == Engine.POSTGRESQL && PG_CASTS.matcher(rest).matches();
      String content = expression.substring(1, end - 1).replace("''", "'");
      return rest.isEmpty() || casts
          ? new Parsed(Kind.STRING, content)
          : new Parsed(Kind.OTHER, expression);
    }
    String value = source == Engine.POSTGRESQL ? expression.replaceFirst("::.*$", "") : expression;
    Kind kind = kindOf(value);
    return new Parsed(kind, kind == Kind.OTHER ? expression : value);
  }

  private static Kind kindOf(String value) {
    if (value.equalsIgnoreCase("null")) {
      return Kind.NULL;
    }
    if (value.equalsIgnoreCase("true") || value.equalsIgnoreCase("false")) {
      return Kind.BOOLEAN;
    }
    if (NUMBER.matcher(value).matches()) {
      return Kind.NUMBER;
    }
    if (BITS.matcher(value).matches()) {
      return Kind.BITS;
    }
    return NOW.matcher(value).matches() ? Kind.NOW : Kind.OTHER;
  }

  /** The index after the closing quote of the literal the expression starts with, or -1. */
  private static int literalEnd(String expression) {
    for (int i = 1; i < expression.length(); i++) {
      if (expression.charAt(i) == '\'') {
        if (i + 1 < expression.length() && expression.charAt(i + 1) == '\'') {
          i++;
        } else {
          return i + 1;
        }
      }
    }
    return -1;
  }

  /** Keeps the expression; MySQL wants an expression default in parentheses. */
  private static Result keep(Engine target, Kind kind, String expression) {
    boolean wrap = target.isMySqlFamily() && kind == Kind.OTHER && !expression.startsWith("(");
    return new Result(wrap ? "(" + expression + ")" : expression, null);
  }

  private static Result now(Kind kind, String sqlType, Engine target) {
    if (kind == Kind.OTHER) {
      return new Result(null, "expressions are not translated between engines");
    }
    if (!sqlType.startsWith("timestamp") && !sqlType.startsWith("datetime")) {
      return new Result(null, "the current time is not translated for a " + sqlType + " column");
    }
    Matcher precision = PRECISION.matcher(sqlType);
    if (target.isMySqlFamily() && precision.find() && !precision.group(1).equals("0")) {
      return new Result("CURRENT_TIMESTAMP(" + precision.group(1) + ")", null);
    }
    return new Result("CURRENT_TIMESTAMP", null);
  }

  private static String bool(Engine target, boolean value) {
    if (target.isMySqlFamily()) {
      return value ? "1" : "0";
    }
    return value ? "true" : "false";
  }

  private static Result bits(Engine target, String sqlType, String literal) {
    String bits = literal.substring(2, literal.length() - 1);
    if (sqlType.equals("boolean")) {
      return new Result(bool(target, bits.contains("1")), null);
    }
    Matcher width = PRECISION.matcher(sqlType);
    if (!sqlType.startsWith("bit") || !width.find()) {
      return new Result(null, "a bit literal does not fit a " + sqlType + " column");
    }
    int n = Integer.parseInt(width.group(1));
    String padded = "0".repeat(Math.max(0, n - bits.length())) + bits;
    return new Result("B'" + padded + "'", null);
  }

  private static Result string(
      Engine source,
      Engine target,
      Column column,
      String sqlType,
      String value,
      boolean sameFamily) {
    if (source.isMySqlFamily() && value.contains("\\")) {
      return new Result(null, "MySQL and MariaDB report backslashes in defaults differently");
    }
    ColumnType from = column.type();
    if (!sameFamily && (from.isArray() || NOT_AS_TEXT.contains(from.name()))) {
      return new Result(null, "a " + from.name() + " literal is not translated between engines");
    }
    if (!target.isMySqlFamily()) {
      if (value.startsWith("0000-00-00")) {
        return new Result(null, "PostgreSQL has no zero date");
      }
      if (sqlType.equals("boolean") && value.matches("[01]")) {
        return new Result(bool(target, value.equals("1")), null);
      }
      return new Result(SqlText.pgString(value), null);
    }
    String literal = SqlText.mySqlString(value);
    return new Result(
        MYSQL_NO_LITERAL.matcher(sqlType).matches() ? "(" + literal + ")" : literal, null);
  }
}
