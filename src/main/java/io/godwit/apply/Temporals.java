package io.godwit.apply;

import java.time.LocalDate;
import java.time.LocalDateTime;
import java.time.LocalTime;
import java.time.OffsetDateTime;
import java.time.OffsetTime;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.time.format.DateTimeParseException;

/**
 * Debezium's temporal encodings (epoch days, epoch milli- and microseconds taken as UTC wall-clock
 * time, microseconds past midnight, ISO-8601 strings in UTC) and the text forms MySQL and
 * PostgreSQL print and parse.
 */
final class Temporals {

  private static final long MICROS_PER_SECOND = 1_000_000L;
  private static final long MICROS_PER_DAY = 86_400L * MICROS_PER_SECOND;

  private Temporals() {}

  static LocalDate epochDay(long days) {
    return LocalDate.ofEpochDay(days);
  }

  static LocalDateTime epochMillis(long millis) {
    return epochMicros(Math.multiplyExact(millis, 1000L));
  }

  static LocalDateTime epochMicros(long micros) {
    long seconds = Math.floorDiv(micros, MICROS_PER_SECOND);
    int nanos = (int) Math.floorMod(micros, MICROS_PER_SECOND) * 1000;
    return LocalDateTime.ofEpochSecond(seconds, nanos, ZoneOffset.UTC);
  }

  /** An ISO-8601 timestamp with offset ({@code ZonedTimestamp}), as UTC wall-clock time. */
  static LocalDateTime utc(String iso) {
    try {
      return OffsetDateTime.parse(iso, DateTimeFormatter.ISO_OFFSET_DATE_TIME)
          .withOffsetSameInstant(ZoneOffset.UTC)
          .toLocalDateTime();
    } catch (DateTimeParseException e) {
      throw new BadValueException("%s is not an ISO-8601 timestamp with offset".formatted(iso), e);
    }
  }

  /** An ISO-8601 time with offset ({@code ZonedTime}), as UTC wall-clock time. */
  static LocalTime utcTime(String iso) {
    try {
      return OffsetTime.parse(iso, DateTimeFormatter.ISO_OFFSET_TIME)
          .withOffsetSameInstant(ZoneOffset.UTC)
          .toLocalTime();
    } catch (DateTimeParseException e) {
      throw new BadValueException("%s is not an ISO-8601 time with offset".formatted(iso), e);
    }
  }

  /** {@code 2024-02-29}, as both engines print a date; years before 1 are PostgreSQL's BC. */
  static String date(LocalDate date) {
    int year = date.getYear();
    String text =
        "%04d-%02d-%02d"
            .formatted(year > 0 ? year : 1 - year, date.getMonthValue(), date.getDayOfMonth());
    return year > 0 ? text : text + " BC";
  }

  /**
   * MySQL's form of a datetime: {@code 2024-02-29 23:59:59.123456} with exactly {@code digits}
   * fractional digits.
   */
  static String mySqlDateTime(LocalDateTime t, int digits) {
    return date(t.toLocalDate()) + " " + clock(t.toLocalTime().toNanoOfDay() / 1000, digits);
  }

  /**
   * PostgreSQL's form of a timestamp: fractional digits without trailing zeros, BC years marked.
   */
  static String postgresTimestamp(LocalDateTime t) {
    String date = date(t.toLocalDate());
    String clock = trimmed(t.toLocalTime().toNanoOfDay() / 1000);
    return date.endsWith(" BC")
        ? date.substring(0, date.length() - 3) + " " + clock + " BC"
        : date + " " + clock;
  }

  /** The ISO form {@code to_json} gives a timestamp: {@code 2024-02-29T23:59:59.5}. */
  static String jsonTimestamp(LocalDateTime t) {
    return date(t.toLocalDate()) + "T" + trimmed(t.toLocalTime().toNanoOfDay() / 1000);
  }

  /**
   * MySQL's form of a time, which may be negative or beyond 24 hours: {@code -838:59:59.000000}
   * with exactly {@code digits} fractional digits.
   */
  static String mySqlTime(long micros, int digits) {
    String sign = micros < 0 ? "-" : "";
    return sign + clock(Math.abs(micros), digits);
  }

  /**
   * PostgreSQL's form of a time of day, {@code 24:00:00} included; fails for negative times and
   * times past 24 hours, which PostgreSQL rejects.
   */
  static String postgresTime(long micros) {
    if (micros < 0 || micros > MICROS_PER_DAY) {
      throw new BadValueException(
          ("time %s is not a time of day, which PostgreSQL's time holds; fix: map the column to"
                  + " interval or text with tables.column-types")
              .formatted(mySqlTime(micros, 6)));
    }
    return trimmed(micros);
  }

  /** {@code hh:mm:ss} and {@code digits} fractional digits of a non-negative time. */
  private static String clock(long micros, int digits) {
    long seconds = micros / MICROS_PER_SECOND;
    String text = "%02d:%02d:%02d".formatted(seconds / 3600, seconds / 60 % 60, seconds % 60);
    if (digits <= 0) {
      return text;
    }
    String fraction = "%06d".formatted(micros % MICROS_PER_SECOND);
    return text + "." + fraction.substring(0, Math.min(digits, 6));
  }

  /** {@code hh:mm:ss} and the fraction without trailing zeros, as PostgreSQL prints it. */
  static String trimmed(long micros) {
    String text = clock(micros, 6);
    int end = text.length();
    while (text.charAt(end - 1) == '0') {
      end--;
    }
    return text.charAt(end - 1) == '.' ? text.substring(0, end - 1) : text.substring(0, end);
  }
}
