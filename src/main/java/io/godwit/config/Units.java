package io.godwit.config;

import java.time.Duration;
import java.util.Locale;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/** Durations ({@code 200ms}, {@code 5s}, {@code 10m}, {@code 2h}, {@code 1d}) and byte sizes. */
final class Units {

  private static final Pattern DURATION = Pattern.compile("(\\d+)(ms|s|m|h|d)");
  private static final Pattern SIZE = Pattern.compile("(\\d+)(KB|MB|GB)?");
  private static final Pattern NUMBER = Pattern.compile("[-+]?\\d+(\\.\\d+)?");

  private static final String DURATION_FIX =
      "write a whole number followed by a unit: ms, s, m, h or d, e.g. 200ms, 5s, 10m";
  private static final String SIZE_FIX =
      "write a whole number of bytes or one followed by KB, MB or GB (1024-based), e.g. 64MB";

  private static final String[] DURATION_UNITS = {"d", "h", "m", "s"};
  private static final long[] DURATION_MILLIS = {86_400_000L, 3_600_000L, 60_000L, 1_000L};
  private static final String[] SIZE_UNITS = {"GB", "MB", "KB"};
  private static final long[] SIZE_BYTES = {1L << 30, 1L << 20, 1L << 10};

  private Units() {}

  /** Parses {@code 200ms}, {@code 5s}, {@code 10m}, {@code 2h} or {@code 1d}. */
  static Duration parseDuration(String text) throws InvalidValueException {
    if (NUMBER.matcher(text).matches()) {
      throw new InvalidValueException(
          "'" + text + "' has no unit", "add a unit, e.g. " + text + "s or " + text + "ms");
    }
    Matcher m = DURATION.matcher(text);
    if (!m.matches()) {
      throw new InvalidValueException("'" + text + "' is not a duration", DURATION_FIX);
    }
    long amount = parseAmount(m.group(1), text, DURATION_FIX);
    try {
      return switch (m.group(2)) {
        case "ms" -> Duration.ofMillis(amount);
        case "s" -> Duration.ofSeconds(amount);
        case "m" -> Duration.ofMinutes(amount);
        case "h" -> Duration.ofHours(amount);
        default -> Duration.ofDays(amount);
      };
    } catch (ArithmeticException e) {
      throw new InvalidValueException("'" + text + "' is too long a duration", DURATION_FIX);
    }
  }

  /** The shortest spelling {@link #parseDuration} reads back as {@code duration}. */
  static String formatDuration(Duration duration) {
    long millis = duration.toMillis();
    for (int i = 0; i < DURATION_UNITS.length; i++) {
      if (millis != 0 && millis % DURATION_MILLIS[i] == 0) {
        return millis / DURATION_MILLIS[i] + DURATION_UNITS[i];
      }
    }
    return millis + "ms";
  }

  /** Parses a byte count: {@code 1048576}, {@code 512KB}, {@code 64MB}, {@code 1GB}. */
  static long parseSize(String text) throws InvalidValueException {
    Matcher m = SIZE.matcher(text);
    if (!m.matches()) {
      String upper = text.toUpperCase(Locale.ROOT);
      boolean caseOnly = !upper.equals(text) && SIZE.matcher(upper).matches();
      throw new InvalidValueException(
          "'" + text + "' is not a size",
          caseOnly ? "write " + upper + " (units are upper case)" : SIZE_FIX);
    }
    long amount = parseAmount(m.group(1), text, SIZE_FIX);
    long unit =
        m.group(2) == null
            ? 1
            : switch (m.group(2)) {
              case "KB" -> 1L << 10;
              case "MB" -> 1L << 20;
              default -> 1L << 30;
            };
    try {
      return Math.multiplyExact(amount, unit);
    } catch (ArithmeticException e) {
      throw new InvalidValueException("'" + text + "' is too large", SIZE_FIX);
    }
  }

  /** The shortest spelling {@link #parseSize} reads back as {@code bytes}. */
  static String formatSize(long bytes) {
    for (int i = 0; i < SIZE_UNITS.length; i++) {
      if (bytes != 0 && bytes % SIZE_BYTES[i] == 0) {
        return bytes / SIZE_BYTES[i] + SIZE_UNITS[i];
      }
    }
    return Long.toString(bytes);
  }

  private static long parseAmount(String digits, String text, String fix)
      throws InvalidValueException {
    try {
      return Long.parseLong(digits);
    } catch (NumberFormatException e) {
      throw new InvalidValueException("'" + text + "' is too large", fix);
    }
  }
}
