package io.godwit.validate;

import io.godwit.db.ComparisonReads;
import java.math.BigDecimal;
import java.math.BigInteger;
import java.sql.Array;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.ResultSetMetaData;
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
import java.util.Locale;

/**
 * The engine-neutral text of a value, so the same logical value read from MariaDB, MySQL or
 * PostgreSQL gives the same string: decimals without trailing zeros, booleans as 1/0, timestamps in
 * UTC to the microsecond, times as {@code [-]HH:mm:ss.ffffff}, floats and doubles as the shortest
 * text of the same double, binary as hex, JSON with its keys sorted, arrays and MySQL sets as
 * comma-separated elements. {@code null} stays distinct from every string, the empty one included.
 */
final class Canonical {

  private static final HexFormat HEX = HexFormat.of();

  private Canonical() {}

  /** How a value is read and written as text, by its type on one side. */
  enum Form {
    BITS,
    DECIMAL,
    INTEGER,
    REAL,
    DOUBLE,
    DATE,
    TIME,
    TIME_WITH_ZONE,
    TIMESTAMP,
    TIMESTAMP_WITH_ZONE,
    BINARY,
    ARRAY,
    /** Fixed-length text whose trailing spaces are padding (PostgreSQL character(n)). */
    CHAR,
    TEXT
  }

  /**
   * How a column is read on one side: its form, whether it holds JSON, whether the side's driver
   * hands the server's text over ({@link ComparisonReads#serverText}; the MySQL and MariaDB drivers
   * parse and format again, so there the object way is cheaper for timestamps), and whether what
   * only some engines keep counts because both sides keep it: the sign of a floating-point zero
   * (MySQL and MariaDB print -0 as 0) and a bit string's leading zeros.
   */
  record Kind(Form form, boolean json, boolean serverText, boolean signedZero, boolean bitLength) {

    /**
     * Column {@code i} of a result on a side read as {@code side} reads, the other side read as
     * {@code other} reads. PostgreSQL's driver reports {@code timestamptz} and {@code timetz} as
     * plain TIMESTAMP and TIME, so the type's name tells them apart.
     */
    static Kind of(
        ResultSetMetaData meta, int i, boolean json, ComparisonReads side, ComparisonReads other)
        throws SQLException {
      String name = String.valueOf(meta.getColumnTypeName(i)).toLowerCase(Locale.ROOT);
      Form form =
          switch (meta.getColumnType(i)) {
            case Types.BIT, Types.BOOLEAN -> Form.BITS;
            case Types.DECIMAL, Types.NUMERIC -> Form.DECIMAL;
            case Types.TINYINT, Types.SMALLINT, Types.INTEGER, Types.BIGINT -> Form.INTEGER;
            case Types.REAL -> Form.REAL;
            case Types.FLOAT, Types.DOUBLE -> Form.DOUBLE;
            case Types.DATE -> Form.DATE;
            case Types.TIME -> name.equals("timetz") ? Form.TIME_WITH_ZONE : Form.TIME;
            case Types.TIME_WITH_TIMEZONE -> Form.TIME_WITH_ZONE;
            case Types.TIMESTAMP ->
                name.equals("timestamptz") ? Form.TIMESTAMP_WITH_ZONE : Form.TIMESTAMP;
            case Types.TIMESTAMP_WITH_TIMEZONE -> Form.TIMESTAMP_WITH_ZONE;
            case Types.BINARY, Types.VARBINARY, Types.LONGVARBINARY, Types.BLOB -> Form.BINARY;
            case Types.ARRAY -> Form.ARRAY;
            default -> Form.TEXT;
          };
      if (side.paddedChar(name)) {
        form = Form.CHAR;
      }
      if (side.integerReportedAsOther(name)) {
        form = Form.INTEGER;
      }
      return new Kind(
          form,
          json,
          side.serverText(),
          side.keepsNegativeZero() && other.keepsNegativeZero(),
          side.keepsBitLength() && other.keepsBitLength());
    }
  }

  static String of(ResultSet rs, int i, Kind kind) throws SQLException {
    String value = read(rs, i, kind);
    if (value == null || !kind.json()) {
      return value;
    }
    return json(value);
  }

  private static String read(ResultSet rs, int i, Kind kind) throws SQLException {
    switch (kind.form()) {
      case BITS -> {
        Object o = rs.getObject(i);
        if (o instanceof Boolean b) {
          return b ? "1" : "0";
        }
        if (o instanceof byte[] bytes) {
          return new BigInteger(1, bytes).toString(2);
        }
        if (o == null) {
          return null;
        }
        // a MySQL bit holds a number: across engines, a bit string's leading zeros do not count
        String bits = o.toString();
        String digits = kind.bitLength() ? bits : bits.replaceFirst("^0+(?=.)", "");
        return digits;
      }
      case DECIMAL -> {
        String text = rs.getString(i);
        if (text == null) {
          return null;
        }
        String fast = decimalText(text);
        return fast != null ? fast : decimal(new BigDecimal(text));
      }
      case REAL -> {
        float f = rs.getFloat(i);
        return rs.wasNull() ? null : floating(f, kind.signedZero());
      }
      case DOUBLE -> {
        double d = rs.getDouble(i);
        return rs.wasNull() ? null : floating(d, kind.signedZero());
      }
      case DATE -> {
        String text = rs.getString(i);
        if (text == null
            || kind.serverText()
            || (text.length() == 10 && plainDate(text))
            || zeroDate(text)) {
          return text;
        }
        LocalDate d = rs.getObject(i, LocalDate.class);
        return d == null ? null : d.toString();
      }
      case TIME -> {
        String text = rs.getString(i);
        return text == null ? null : timeText(text);
      }
      case TIME_WITH_ZONE -> {
        String text = rs.getString(i);
        return text == null ? null : timeWithZone(text);
      }
      case TIMESTAMP -> {
        if (kind.serverText()) {
          String text = rs.getString(i);
          String fast = text == null ? null : timestampText(text, false);
          return fast != null ? fast : text;
        }
        String text = rs.getString(i);
        if (text == null || zeroDate(text)) {
          return text;
        }
        return timestamp(rs.getObject(i, LocalDateTime.class));
      }
      case TIMESTAMP_WITH_ZONE -> {
        if (kind.serverText()) {
          String text = rs.getString(i);
          String fast = text == null ? null : timestampText(text, true);
          return fast != null ? fast : text;
        }
        OffsetDateTime t = rs.getObject(i, OffsetDateTime.class);
        return t == null
            ? null
            : timestamp(t.withOffsetSameInstant(ZoneOffset.UTC).toLocalDateTime());
      }
      case BINARY -> {
        byte[] b = rs.getBytes(i);
        return b == null ? null : HEX.formatHex(b);
      }
      case ARRAY -> {
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
      case INTEGER -> {
        String text = rs.getString(i);
        if (text == null || plainInteger(text)) {
          return text;
        }
        Object o = rs.getObject(i);
        return o == null ? null : o.toString();
      }
      case CHAR -> {
        String text = rs.getString(i);
        return text == null ? null : text.stripTrailing();
      }
      default -> {
        return rs.getString(i);
      }
    }
  }

  /**
   * Binds a key value in canonical text to parameter {@code p}, typed for the column of {@code
   * kind}, so that it finds the row it was read from: bytes for binary, numbers for numbers (a
   * MySQL number compared with text is compared as a double), and on PostgreSQL the text as an
   * untyped literal that the server reads as the column's own type (uuid, timestamptz, bit, ...).
   */
  static void bind(PreparedStatement ps, int p, String value, Kind kind) throws SQLException {
    if (kind.form() == Form.BINARY) {
      ps.setBytes(p, HEX.parseHex(value));
    } else if (kind.serverText()) {
      ps.setObject(p, value, Types.OTHER);
    } else {
      switch (kind.form()) {
        case INTEGER, DECIMAL -> ps.setBigDecimal(p, new BigDecimal(value));
        case REAL, DOUBLE -> ps.setDouble(p, Double.parseDouble(value));
        case BITS -> ps.setBigDecimal(p, new BigDecimal(new BigInteger(value, 2)));
        default -> ps.setString(p, value);
      }
    }
  }

  /**
   * A float or double as the shortest text that reads back as the same double: a float widened to a
   * double first, so a MySQL FLOAT read as a double and a PostgreSQL real read as a float agree. -0
   * is 0 unless both sides keep the sign.
   */
  static String floating(double value, boolean signedZero) {
    return Double.toString(value == 0 && !signedZero ? 0.0 : value);
  }

  /**
   * A time of day or a MySQL duration ({@code -838:59:59.000001}, {@code 24:00:00}, {@code
   * 10:00:00.5}) as {@code [-]HH:mm:ss.ffffff}, hours in two digits or more; text of another shape
   * stays as it is.
   */
  static String timeText(String s) {
    int sign = s.startsWith("-") ? 1 : 0;
    int colon = s.indexOf(':');
    if (colon < sign + 1 || s.length() < colon + 6 || s.charAt(colon + 3) != ':') {
      return s;
    }
    int end = colon + 6;
    int digits = 0;
    if (s.length() > end && s.charAt(end) == '.') {
      digits = s.length() - end - 1;
      if (digits < 1 || digits > 6) {
        return s;
      }
    } else if (s.length() != end) {
      return s;
    }
    for (int k = sign; k < s.length(); k++) {
      char c = s.charAt(k);
      boolean mark = k == colon || k == colon + 3 || k == end;
      if (mark ? c != (k == end ? '.' : ':') : c < '0' || c > '9') {
        return s;
      }
    }
    StringBuilder out = new StringBuilder(16);
    out.append(s, 0, sign);
    if (colon - sign < 2) {
      out.append('0');
    }
    out.append(s, sign, end).append('.');
    if (digits > 0) {
      out.append(s, end + 1, s.length());
    }
    for (int k = digits; k < 6; k++) {
      out.append('0');
    }
    return out.toString();
  }

  /**
   * A PostgreSQL {@code timetz} ({@code 10:00:00.5+05:30}) as its time in UTC ({@code
   * 04:30:00.500000}): the migration stores every timetz in UTC (the change stream carries no
   * offset), as a MySQL time with the offset dropped or as a PostgreSQL timetz at +00.
   */
  static String timeWithZone(String s) {
    int at = Math.max(s.lastIndexOf('+'), s.lastIndexOf('-'));
    if (at < 8) {
      return s;
    }
    String local = timeText(s.substring(0, at));
    if (local.length() != 15) {
      return s;
    }
    String[] offset = s.substring(at + 1).split(":");
    long seconds = 0;
    for (int k = 0; k < 3; k++) {
      seconds = seconds * 60 + (k < offset.length ? Long.parseLong(offset[k]) : 0);
    }
    long micros =
        Long.parseLong(local.substring(0, 2)) * 3_600_000_000L
            + Long.parseLong(local.substring(3, 5)) * 60_000_000L
            + Long.parseLong(local.substring(6, 8)) * 1_000_000L
            + Long.parseLong(local.substring(9, 15))
            - (s.charAt(at) == '+' ? seconds : -seconds) * 1_000_000L;
    long day = 86_400_000_000L;
    long utc = micros < 0 ? micros + day : micros > day ? micros - day : micros;
    return "%02d:%02d:%02d.%06d"
        .formatted(
            utc / 3_600_000_000L, utc / 60_000_000L % 60, utc / 1_000_000 % 60, utc % 1_000_000);
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

  /**
   * A MySQL zero or invalid date ({@code 0000-00-00}, {@code 2020-00-15}, with or without a time),
   * which the driver reads as no date at all: it stays as the server prints it, so that it never
   * equals the NULL or the 1970-01-01 that the change stream turns it into.
   */
  static boolean zeroDate(String text) {
    return text.length() >= 10
        && (text.startsWith("0000") || text.startsWith("00", 5) || text.startsWith("00", 8));
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
