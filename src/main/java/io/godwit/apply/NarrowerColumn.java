package io.godwit.apply;

import io.godwit.db.Dialect;
import io.godwit.engine.Engine;
import io.godwit.schema.ColumnType;
import io.godwit.schema.Fidelity;
import io.godwit.schema.TargetTable.TargetColumn;
import java.math.BigDecimal;
import java.util.List;
import java.util.function.ToIntFunction;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The decoder of a column whose mapping is called exact although its declared types say the written
 * column keeps fewer digits than the captured one: the reverse stream's, where a {@code
 * tables.column-types} override made the target's column wider than the old source's. A value with
 * more decimal places, or more fractional-second digits, than the written column keeps is refused,
 * naming the fix, since the engines would change it without an error: both round a decimal (MariaDB
 * with only a note, even in strict mode); PostgreSQL rounds fractional seconds and MariaDB cuts
 * them, without a word. Where the captured column keeps no more than the written one, as in every
 * forward exact mapping, the decoder is returned as it is: a source column retyped during the
 * migration is the schema check's to stop, not this. Too many integer digits both engines refuse
 * themselves. Lossy mappings and forward overrides declare their rounding in {@code plan} and are
 * left to it. A PostgreSQL array is refused by its elements: PostgreSQL applies the column's type
 * modifier to each of them as it does to a scalar.
 */
final class NarrowerColumn {

  /** A decimal type as written in DDL: its precision, and its scale where given. */
  private static final Pattern DECIMAL =
      Pattern.compile("(?i)(?:numeric|decimal)\\((\\d+)(?:\\s*,\\s*(-?\\d+))?\\)");

  /** A time type as written in DDL, and its fractional-second digits where given. */
  private static final Pattern TEMPORAL =
      Pattern.compile("(?i)(?:timestamptz|timestamp|datetime|timetz|time)(?:\\((\\d)\\))?");

  /** The fractional seconds of a decoded time, date-time or timestamp. */
  private static final Pattern FRACTION = Pattern.compile(":\\d\\d\\.(\\d+)");

  /**
   * What separates the elements of a decoded PostgreSQL array literal of numbers or times, none of
   * which holds a brace, quote or comma: {@code {{"1.5",NULL},{"2","3"}}}.
   */
  private static final Pattern ARRAY_PUNCTUATION = Pattern.compile("[{}\",]+");

  private NarrowerColumn() {}

  /**
   * @param source the captured side's engine
   * @param target the written side's engine
   */
  static ValueDecoder guarded(TargetColumn c, Engine source, Engine target, ValueDecoder decoder) {
    ColumnType captured = c.source().type();
    String written = c.type().sqlType();
    if (c.type().fidelity() != Fidelity.EXACT || captured.isArray() != written.endsWith("]")) {
      return decoder;
    }
    if (captured.name().matches("decimal|numeric")) {
      return decimal(c, decoder);
    }
    if (captured.name().matches("timestamptz|timestamp|datetime|timetz|time")) {
      return fractionalSeconds(c, source, target, decoder);
    }
    return decoder;
  }

  private static ValueDecoder decimal(TargetColumn c, ValueDecoder decoder) {
    ColumnType captured = c.source().type();
    Matcher written = DECIMAL.matcher(c.type().sqlType());
    if (!written.lookingAt()) {
      return decoder;
    }
    int scale = written.group(2) == null ? 0 : Integer.parseInt(written.group(2));
    if (captured.scale() != null && captured.scale() <= scale) {
      return decoder;
    }
    return refusing(
        c, decoder, NarrowerColumn::places, scale, "decimal places", "rounded", "scale");
  }

  /**
   * {@code decoder}, refusing a decoded text that needs more than {@code keeps} of what {@code
   * needs} counts.
   *
   * @param what what is counted, for the message: {@code decimal places}
   * @param changed what the engine would do with the value: {@code rounded}
   * @param width the captured column's width to widen the written one to: {@code scale}
   */
  private static ValueDecoder refusing(
      TargetColumn c,
      ValueDecoder decoder,
      ToIntFunction<String> needs,
      int keeps,
      String what,
      String changed,
      String width) {
    boolean array = c.source().type().isArray();
    return value -> {
      Object decoded = decoder.decode(value);
      if (decoded instanceof String text) {
        for (String element : array ? elements(text) : List.of(text)) {
          if (needs.applyAsInt(element) > keeps) {
            throw new BadValueException(
                ("%s has more %s than the written column's %s keeps (the captured column is %s),"
                        + " so it would be written %s; fix: widen the written column (the old"
                        + " source's, for the reverse stream) to the captured column's %s and run"
                        + " again, or, before a cutover, narrow the tables.column-types override"
                        + " that widened the captured column")
                    .formatted(
                        element,
                        what,
                        c.type().sqlType(),
                        c.source().type().fullType(),
                        changed,
                        width));
          }
        }
      }
      return decoded;
    };
  }

  /** The elements of a decoded PostgreSQL array literal of numbers or times, NULLs left out. */
  private static List<String> elements(String literal) {
    return ARRAY_PUNCTUATION
        .splitAsStream(literal)
        .filter(e -> !e.isEmpty() && !e.equals("NULL"))
        .toList();
  }

  /**
   * The decimal places {@code number} needs (negative for a multiple of ten), or the least int for
   * text that is no decimal (NaN, the infinities), which the column's own rules take or refuse.
   */
  private static int places(String number) {
    try {
      return new BigDecimal(number).stripTrailingZeros().scale();
    } catch (NumberFormatException e) {
      return Integer.MIN_VALUE;
    }
  }

  /**
   * Without digits given, a time type keeps its engine's default: none on MySQL, six on PostgreSQL.
   */
  private static ValueDecoder fractionalSeconds(
      TargetColumn c, Engine source, Engine target, ValueDecoder decoder) {
    ColumnType captured = c.source().type();
    Matcher written = TEMPORAL.matcher(c.type().sqlType());
    if (!written.lookingAt()) {
      return decoder;
    }
    int keeps =
        written.group(1) != null
            ? Integer.parseInt(written.group(1))
            : Dialect.of(target).defaultFractionalSeconds();
    int carries =
        captured.fractionalSeconds() != null
            ? captured.fractionalSeconds()
            : Dialect.of(source).defaultFractionalSeconds();
    if (carries <= keeps) {
      return decoder;
    }
    return refusing(
        c,
        decoder,
        NarrowerColumn::fractionDigits,
        keeps,
        "fractional-second digits",
        "rounded or cut",
        "digits");
  }

  /** The fractional-second digits {@code time} needs, trailing zeros left out. */
  private static int fractionDigits(String time) {
    Matcher fraction = FRACTION.matcher(time);
    if (!fraction.find()) {
      return 0;
    }
    String digits = fraction.group(1);
    int end = digits.length();
    while (end > 0 && digits.charAt(end - 1) == '0') {
      end--;
    }
    return end;
  }
}
