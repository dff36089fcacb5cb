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

  /** How a column is read: by its JDBC type on this side, and whether it holds JSON. */
  record Kind(int jdbcType, boolean json) {}

  static String of(ResultSet rs, int i, Kind kind) throws SQLException {
    String value = read(rs, i, kind.jdbcType());
    if (value == null || !kind.json()) {
      return value;
    }
    return json(value);
  }

  private static String read(ResultSet rs, int i, int type) throws SQLException {
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
        BigDecimal d = rs.getBigDecimal(i);
        return d == null ? null : decimal(d);
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
        LocalDate d = rs.getObject(i, LocalDate.class);
        return d == null ? null : d.toString();
      }
      case Types.TIME -> {
        LocalTime t = rs.getObject(i, LocalTime.class);
        return t == null ? null : time(t);
      }
      case Types.TIMESTAMP -> {
        LocalDateTime t = rs.getObject(i, LocalDateTime.class);
        return t == null ? null : timestamp(t);
      }
      case Types.TIMESTAMP_WITH_TIMEZONE -> {
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
        Object o = rs.getObject(i);
        return o == null ? null : o.toString();
      }
      default -> {
        return rs.getString(i);
      }
    }
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

  private static StringBuilder pad(StringBuilder out, int value, int width) {
    String digits = Integer.toString(value);
    for (int i = digits.length(); i < width; i++) {
      out.append('0');
    }
    return out.append(digits);
  }
}
