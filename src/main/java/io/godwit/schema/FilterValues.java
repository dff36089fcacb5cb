package io.godwit.schema;

import io.godwit.engine.Engine;
import java.math.BigDecimal;
import java.time.LocalDate;
import java.time.LocalDateTime;
import java.time.format.DateTimeParseException;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The column types a row filter compares, and their values in an order that agrees with the source
 * engine's: numbers exactly (PostgreSQL's {@code -Infinity < numbers < Infinity < NaN}), dates and
 * timestamps by their fields (PostgreSQL's {@code -infinity} and {@code infinity} outside, a MySQL
 * zero date before every real one), text only for equality, by its characters. Floating-point
 * columns, time zones and collations would each make the applier and the engine disagree, so those
 * columns are refused.
 */
final class FilterValues {

  /** How a column's values compare. */
  enum Kind {
    NUMBER,
    DATE,
    TIMESTAMP,
    TEXT
  }

  private static final Set<String> NUMBERS =
      Set.of(
          "tinyint",
          "smallint",
          "mediumint",
          "int",
          "integer",
          "bigint",
          "int2",
          "int4",
          "int8",
          "decimal",
          "numeric");
  private static final Set<String> TEXTS =
      Set.of("varchar", "character varying", "text", "tinytext", "mediumtext", "longtext");

  private static final Pattern DATE_TEXT = Pattern.compile("(\\d{4,})-(\\d{2})-(\\d{2})( BC)?");
  private static final Pattern TIMESTAMP_TEXT =
      Pattern.compile(
          "(\\d{4,})-(\\d{2})-(\\d{2})[ T](\\d{2}):(\\d{2}):(\\d{2})(?:\\.(\\d{1,9}))?( BC)?");
  private static final Pattern DATE_CONSTANT = Pattern.compile("\\d{4}-\\d{2}-\\d{2}");
  private static final Pattern TIMESTAMP_CONSTANT =
      Pattern.compile("\\d{4}-\\d{2}-\\d{2}( \\d{2}:\\d{2}:\\d{2}(\\.\\d{1,6})?)?");

  private FilterValues() {}

  /**
   * How {@code column} of a {@code source} table compares in a filter, or the reason it cannot be
   * filtered on.
   */
  static Optional<Kind> kindOf(TargetTable.TargetColumn column, Engine source) {
    ColumnType type = column.source().type();
    String name = type.name().toLowerCase(Locale.ROOT);
    String target = column.type().sqlType().toLowerCase(Locale.ROOT);
    if (type.arrayDimensions() > 0) {
      return Optional.empty();
    }
    Kind kind;
    if (NUMBERS.contains(name)) {
      kind = Kind.NUMBER;
    } else if (name.equals("date")) {
      kind = Kind.DATE;
    } else if (source.isMySqlFamily()
        ? name.equals("datetime")
        : name.equals("timestamp") || name.equals("timestamp without time zone")) {
      kind = Kind.TIMESTAMP;
    } else if (TEXTS.contains(name)) {
      kind = Kind.TEXT;
    } else {
      return Optional.empty();
    }
    return TARGETS.get(kind).matcher(target).matches() ? Optional.of(kind) : Optional.empty();
  }

  /**
   * The target types that keep each kind's values in the text form the applier compares: a column
   * mapped to a boolean, or overridden ({@code tables.column-types}) to another kind of type, is
   * decoded in another form.
   */
  private static final Map<Kind, Pattern> TARGETS =
      Map.of(
          Kind.NUMBER,
          Pattern.compile(
              "((tiny|small|medium|big)?int(eger)?|int[248]|numeric|decimal)(\\(.*\\))?"
                  + "( unsigned)?"),
          Kind.DATE,
          Pattern.compile("date"),
          Kind.TIMESTAMP,
          Pattern.compile("(datetime|timestamp)(\\(\\d\\))?( without time zone)?"),
          Kind.TEXT,
          Pattern.compile(
              "(varchar|character varying|text|tinytext|mediumtext|longtext)(\\(\\d+\\))?"));

  /**
   * A value in comparable form: {@code rank} 0 for an ordinary value ({@code key}), -1 below every
   * one ({@code -infinity}, a zero date), 1 above ({@code infinity}), 2 for NaN, above those.
   */
  record Value(int rank, Comparable<Object> key) implements Comparable<Value> {

    @Override
    public int compareTo(Value o) {
      if (rank != o.rank) {
        return Integer.compare(rank, o.rank);
      }
      return rank == 0 ? key.compareTo(o.key) : 0;
    }

    @SuppressWarnings("unchecked")
    static Value of(Comparable<?> key) {
      return new Value(0, (Comparable<Object>) key);
    }
  }

  /** A calendar day as {@code year * 10000 + month * 100 + day}, years astronomical, and micros. */
  record Stamp(long day, long micros) implements Comparable<Stamp> {
    @Override
    public int compareTo(Stamp o) {
      return day != o.day ? Long.compare(day, o.day) : Long.compare(micros, o.micros);
    }
  }

  /** The constant as a value of {@code kind}, or why it is not one. */
  static Value constant(Kind kind, RowFilter.Constant c) {
    switch (kind) {
      case NUMBER -> {
        if (c.number() == null) {
          throw new InvalidFilterException(
              "'%s' is text; compare a number column with a number".formatted(c.text()));
        }
        return Value.of(c.number());
      }
      case TEXT -> {
        if (c.text() == null) {
          throw new InvalidFilterException(
              "%s is a number; compare a text column with a '...' constant"
                  .formatted(c.number().toPlainString()));
        }
        return Value.of(c.text());
      }
      default -> {
        Pattern form = kind == Kind.DATE ? DATE_CONSTANT : TIMESTAMP_CONSTANT;
        if (c.text() == null || !form.matcher(c.text()).matches()) {
          throw new InvalidFilterException(
              "%s is not a %s constant; write %s"
                  .formatted(
                      c.text() == null ? c.number().toPlainString() : "'" + c.text() + "'",
                      kind == Kind.DATE ? "date" : "timestamp",
                      kind == Kind.DATE
                          ? "'2024-01-31'"
                          : "'2024-01-31' or '2024-01-31 23:59:59.5'"));
        }
        try {
          if (c.text().length() == 10) {
            LocalDate.parse(c.text());
          } else {
            LocalDateTime.parse(c.text().replace(' ', 'T'));
          }
        } catch (DateTimeParseException e) {
          throw new InvalidFilterException("'%s' is not a real date or time".formatted(c.text()));
        }
        return decoded(kind, c.text());
      }
    }
  }

  /** The SQL literal of a constant of {@code kind}, the same on every engine. */
  static String literal(Kind kind, RowFilter.Constant c) {
    return switch (kind) {
      case NUMBER -> c.number().toPlainString();
      case TEXT -> "'" + c.text().replace("'", "''") + "'";
      case DATE -> "DATE '" + c.text() + "'";
      case TIMESTAMP ->
          "TIMESTAMP '" + (c.text().length() == 10 ? c.text() + " 00:00:00" : c.text()) + "'";
    };
  }

  /**
   * A value of {@code kind} in the text form the applier decodes it to (the target's input form,
   * which the snapshot writes too).
   *
   * @throws IllegalArgumentException for text that is no value of the kind
   */
  static Value decoded(Kind kind, String text) {
    return switch (kind) {
      case TEXT -> Value.of(text);
      case NUMBER ->
          switch (text) {
            case "NaN" -> new Value(2, null);
            case "Infinity" -> new Value(1, null);
            case "-Infinity" -> new Value(-1, null);
            default -> Value.of(new BigDecimal(text));
          };
      case DATE, TIMESTAMP -> temporal(kind, text);
    };
  }

  private static Value temporal(Kind kind, String text) {
    if (text.equals("infinity")) {
      return new Value(1, null);
    }
    if (text.equals("-infinity")) {
      return new Value(-1, null);
    }
    Matcher date = DATE_TEXT.matcher(text);
    if (date.matches()) {
      long day = day(date.group(1), date.group(2), date.group(3), date.group(4) != null);
      return kind == Kind.DATE ? Value.of(day) : Value.of(new Stamp(day, 0));
    }
    Matcher ts = TIMESTAMP_TEXT.matcher(text);
    if (kind == Kind.TIMESTAMP && ts.matches()) {
      long day = day(ts.group(1), ts.group(2), ts.group(3), ts.group(8) != null);
      long seconds =
          Long.parseLong(ts.group(4)) * 3600
              + Long.parseLong(ts.group(5)) * 60
              + Long.parseLong(ts.group(6));
      String fraction = ts.group(7) == null ? "" : ts.group(7);
      long micros = Long.parseLong((fraction + "000000").substring(0, 6));
      return Value.of(new Stamp(day, seconds * 1_000_000 + micros));
    }
    throw new IllegalArgumentException("%s is not a %s".formatted(text, kind.name().toLowerCase()));
  }

  /** The day key; a MySQL zero date ({@code 0000-00-00}) sorts before every real day. */
  private static long day(String year, String month, String day, boolean bc) {
    long y = Long.parseLong(year);
    long astronomical = bc ? 1 - y : y;
    return astronomical * 10_000 + Long.parseLong(month) * 100 + Long.parseLong(day);
  }
}
