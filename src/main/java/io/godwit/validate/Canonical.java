package io.godwit.validate;

import java.math.BigDecimal;
import java.sql.Array;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Types;
import java.time.LocalDate;
import java.time.LocalDateTime;
import java.time.LocalTime;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;

/**
 * The engine-neutral text of a value, so the same logical value read from MariaDB, MySQL or
 * PostgreSQL gives the same string: decimals without trailing zeros, booleans as 1/0, timestamps in
 * UTC to the microsecond, binary as hex, JSON with its keys sorted, arrays and MySQL sets as
 * comma-separated elements. {@code null} stays distinct from every string, the empty one included.
 */
final class Canonical {

  private static final HexFormat HEX = HexFormat.of();

  private Canonical() {}

  /**
   * How a column is read: by its JDBC type on this side, whether it holds JSON, and whether its
   * timestamps are read as the driver's text (PostgreSQL's driver hands the server's text over; the
   * MySQL and MariaDB drivers parse and format again, so there the object way is cheaper).
   */
  record Kind(int jdbcType, boolean json, boolean timestampText) {}

  static String of(ResultSet rs, int i, Kind kind) throws SQLException {
    String value = read(rs, i, kind.jdbcType(), kind.timestampText());
    if (value == null || !kind.json()) {
      return value;
    }
    return json(value);
  }

  private static String read(ResultSet rs, int i, int type, boolean timestampText)
      throws SQLException {
    switch (type) {
      case Types.BIT, Types.BOOLEAN -> {
        Object o = rs.getObject(i);
        if (o instanceof Boolean b) {
          return b ? "1" : "0";
        }
        if (o instanceof byte[] bytes) {
          return HEX.formatHex(bytes);
        }
        return o == null ? null : o.toString();
      }
      case Types.DECIMAL, Types.NUMERIC -> {
        String text = rs.getString(i);
        if (text == null) {
          return null;
        }
        String fast = decimalText(text);
        return fast != null ? fast : decimal(new BigDecimal(text));
      }
      case Types.REAL -> {
        float f = rs.getFloat(i);
        return rs.wasNull() ? null : Float.toString(f);
      }
      case Types.FLOAT, Types.DOUBLE -> {
        double d = rs.getDouble(i);
        return rs.wasNull() ? null : Double.toString(d);
      }
      case Types.DATE -> {
        String text = rs.getString(i);
        if (text != null && text.length() == 10 && plainDate(text)) {
          return text;
        }
        LocalDate d = rs.getObject(i, LocalDate.class);
        return d == null ? null : d.toString();
      }
      case Types.TIME -> {
        LocalTime t = rs.getObject(i, LocalTime.class);
        return t == null ? null : time(t);
      }
      case Types.TIMESTAMP -> {
        String text = timestampText ? rs.getString(i) : null;
        String fast = text == null ? null : timestampText(text, false);
        if (fast != null) {
          return fast;
        }
        LocalDateTime t = rs.getObject(i, LocalDateTime.class);
        return t == null ? null : timestamp(t);
      }
      case Types.TIMESTAMP_WITH_TIMEZONE -> {
        String text = timestampText ? rs.getString(i) : null;
        String fast = text == null ? null : timestampText(text, true);
        if (fast != null) {
          return fast;
        }
        OffsetDateTime t = rs.getObject(i, OffsetDateTime.class);
        return t == null
            ? null
            : timestamp(t.withOffsetSameInstant(ZoneOffset.UTC).toLocalDateTime());
      }
      case Types.BINARY, Types.VARBINARY, Types.LONGVARBINARY, Types.BLOB -> {
        byte[] b = rs.getBytes(i);
        return b == null ? null : HEX.formatHex(b);
      }
      case Types.ARRAY -> {
        Array a = rs.getArray(i);
        if (a == null) {
          return null;
        }
        List<String> items = new ArrayList<>();
        for (Object o : (Object[]) a.getArray()) {
          items.add(o == null ? "NULL" : o.toString());
        }
        return String.join(",", items);
      }
      case Types.TINYINT, Types.SMALLINT, Types.INTEGER, Types.BIGINT -> {
        String text = rs.getString(i);
        if (text == null || plainInteger(text)) {
          return text;
        }
        Object o = rs.getObject(i);
        return o == null ? null : o.toString();
      }
      default -> {
        return rs.getString(i);
      }
    }
  }

  /*
   * The text fast paths: each engine's own text for a value is taken as it comes when it already
   * has the canonical shape (or a cheap edit gives it), skipping the parse into an object and the
   * formatting back; any other text (zero-filled numbers, zero dates, BC or infinite timestamps,
   * exponents) goes the object way.
   */

  /** An optional minus and digits, without leading zeros: both engines' text of an integer. */
  static boolean plainInteger(String s) {
    int start = s.startsWith("-") ? 1 : 0;
    if (s.length() == start || (s.charAt(start) == '0' && s.length() > start + 1)) {
      return false;
    }
    if (start == 1 && s.equals("-0")) {
      return false;
    }
    for (int k = start; k < s.length(); k++) {
      char c = s.charAt(k);
      if (c < '0' || c > '9') {
        return false;
      }
    }
    return true;
  }

  /**
   * {@code -12.50} as {@link #decimal} writes it ({@code -12.5}), or {@code null} when the text is
   * not a plain decimal without leading zeros.
   */
  static String decimalText(String s) {
    int dot = s.indexOf('.');
    String whole = dot < 0 ? s : s.substring(0, dot);
    if (!plainInteger(whole) && !whole.equals("0") && !whole.equals("-0")) {
      return null;
    }
    if (dot < 0) {
      return whole.equals("-0") ? "0" : whole;
    }
    int end = s.length();
    for (int k = dot + 1; k < end; k++) {
      char c = s.charAt(k);
      if (c < '0' || c > '9') {
        return null;
      }
    }
    if (end == dot + 1) {
      return null;
    }
    while (end > dot + 1 && s.charAt(end - 1) == '0') {
      end--;
    }
    if (end == dot + 1) {
      return whole.equals("-0") ? "0" : whole;
    }
    return s.substring(0, end);
  }

  /** {@code yyyy-MM-dd} with a year from 1 and a month and day that are not zero. */
  private static boolean plainDate(String s) {
    for (int k = 0; k < 10; k++) {
      char c = s.charAt(k);
      boolean dash = k == 4 || k == 7;
      if (dash ? c != '-' : c < '0' || c > '9') {
        return false;
      }
    }
    return !s.startsWith("0000") && !s.startsWith("00", 5) && !s.startsWith("00", 8);
  }

  /**
   * {@code yyyy-MM-dd HH:mm:ss[.f]} (with {@code +00} after it where {@code utc}: a PostgreSQL
   * timestamptz read in a UTC session) as {@link #timestamp} writes it, or {@code null}.
   */
  static String timestampText(String s, boolean utc) {
    int end = s.length();
    if (utc) {
      if (!s.endsWith("+00")) {
        return null;
      }
      end -= 3;
    }
    if (end < 19 || !plainDate(s) || s.charAt(10) != ' ') {
      return null;
    }
    for (int k = 11; k < 19; k++) {
      char c = s.charAt(k);
      boolean colon = k == 13 || k == 16;
      if (colon ? c != ':' : c < '0' || c > '9') {
        return null;
      }
    }
    int digits = end - 20;
    if (end > 19 && (s.charAt(19) != '.' || digits < 1 || digits > 6)) {
      return null;
    }
    StringBuilder out = new StringBuilder(26);
    out.append(s, 0, 10).append('T').append(s, 11, 19).append('.');
    if (end > 19) {
      for (int k = 20; k < end; k++) {
        char c = s.charAt(k);
        if (c < '0' || c > '9') {
          return null;
        }
      }
      out.append(s, 20, end);
    }
    for (int k = Math.max(digits, 0); k < 6; k++) {
      out.append('0');
    }
    return out.toString();
  }

  static String decimal(BigDecimal d) {
    return d.signum() == 0 ? "0" : d.stripTrailingZeros().toPlainString();
  }

  /** JSON re-written with sorted keys and normalised numbers; text that is not JSON stays. */
  static String json(String text) {
    return CanonicalJson.of(text);
  }

  /** {@code uuuu-MM-dd'T'HH:mm:ss.SSSSSS}, written directly: the formatter is slow per row. */
  static String timestamp(LocalDateTime t) {
    StringBuilder out = new StringBuilder(26);
    date(t.toLocalDate(), out);
    out.append('T');
    time(t.toLocalTime(), out);
    return out.toString();
  }

  static String time(LocalTime t) {
    StringBuilder out = new StringBuilder(15);
    time(t, out);
    return out.toString();
  }

  private static void date(LocalDate d, StringBuilder out) {
    int year = d.getYear();
    if (year < 0 || year > 9999) {
      out.append(d);
      return;
    }
    pad(out, year, 4).append('-');
    pad(out, d.getMonthValue(), 2).append('-');
    pad(out, d.getDayOfMonth(), 2);
  }

  private static void time(LocalTime t, StringBuilder out) {
    pad(out, t.getHour(), 2).append(':');
    pad(out, t.getMinute(), 2).append(':');
    pad(out, t.getSecond(), 2).append('.');
    pad(out, t.getNano() / 1000, 6);
  }

  /** {@code value} (not negative) in {@code width} digits or more, zero-padded. */
  private static StringBuilder pad(StringBuilder out, int value, int width) {
    char[] digits = new char[10];
    int at = digits.length;
    int v = value;
    do {
      digits[--at] = (char) ('0' + v % 10);
      v /= 10;
    } while (v > 0);
    for (int i = digits.length - at; i < width; i++) {
      out.append('0');
    }
    return out.append(digits, at, digits.length - at);
  }
}
