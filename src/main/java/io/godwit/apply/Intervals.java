package io.godwit.apply;

import java.math.BigDecimal;
import java.math.RoundingMode;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * PostgreSQL intervals: Debezium sends {@code P<y>Y<m>M<d>DT<h>H<m>M<s>S} with every field ({@code
 * interval.handling.mode=string}, {@code io.debezium.time.Interval}); the snapshot writes
 * PostgreSQL's own ISO-8601 output ({@code IntervalStyle = iso_8601}), which leaves out zero fields
 * and folds months into years and the time into hours, minutes and seconds of one sign.
 */
final class Intervals {

  private static final Pattern DEBEZIUM =
      Pattern.compile("P(-?\\d+)Y(-?\\d+)M(-?\\d+)DT(-?\\d+)H(-?\\d+)M(-?\\d+(?:\\.\\d+)?)S");
  private static final BigDecimal MICROS_PER_SECOND = BigDecimal.valueOf(1_000_000);

  private Intervals() {}

  /** PostgreSQL's ISO-8601 form of a Debezium interval. */
  static String postgres(String debezium) {
    Matcher m = DEBEZIUM.matcher(debezium);
    if (!m.matches()) {
      throw new BadValueException(
          ("%s is not an interval as Debezium writes it (P1Y2M3DT4H5M6.5S); fix: set"
                  + " interval.handling.mode=string on the connector")
              .formatted(debezium));
    }
    long months = Long.parseLong(m.group(1)) * 12 + Long.parseLong(m.group(2));
    long days = Long.parseLong(m.group(3));
    long micros =
        BigDecimal.valueOf(Long.parseLong(m.group(4)) * 3600 + Long.parseLong(m.group(5)) * 60)
            .add(new BigDecimal(m.group(6)))
            .multiply(MICROS_PER_SECOND)
            .setScale(0, RoundingMode.DOWN)
            .longValueExact();
    StringBuilder text = new StringBuilder("P");
    field(text, months / 12, "Y");
    field(text, months % 12, "M");
    field(text, days, "D");
    if (micros != 0) {
      text.append('T');
      long seconds = micros / 1_000_000;
      field(text, seconds / 3600, "H");
      field(text, seconds / 60 % 60, "M");
      long rest = micros % 60_000_000;
      if (rest != 0) {
        text.append(
                BigDecimal.valueOf(rest)
                    .divide(MICROS_PER_SECOND)
                    .stripTrailingZeros()
                    .toPlainString())
            .append('S');
      }
    }
    return text.length() == 1 ? "PT0S" : text.toString();
  }

  private static void field(StringBuilder text, long value, String unit) {
    if (value != 0) {
      text.append(value).append(unit);
    }
  }
}
