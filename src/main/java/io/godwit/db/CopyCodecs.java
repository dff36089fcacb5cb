package io.godwit.db;

import io.godwit.engine.Engine;
import io.godwit.schema.Column;
import io.godwit.schema.ColumnType;
import io.godwit.schema.MappedType;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.Locale;

/**
 * Chooses each column's {@link ColumnCodec} from its source type and mapped target type. Values
 * travel as text wherever the target parses the source's text form exactly (decimals keep every
 * digit, times keep microseconds), as bytes where they are binary, and through a small conversion
 * where the two engines spell a value differently (booleans, bit strings, time zones, zero dates).
 * Source sessions run in UTC ({@link Dialect#sessionInitSql()}). Each source dialect picks its
 * engine's codecs ({@link Dialect#copyCodec}).
 */
public final class CopyCodecs {

  private static final ValueReader TEXT = (rs, i) -> rs.getString(i);
  private static final ValueReader BYTES = (rs, i) -> rs.getBytes(i);

  private CopyCodecs() {}

  /**
   * A MySQL or MariaDB source column's codec.
   *
   * @param zeroDatesToNull MySQL zero dates become NULL on a target that rejects them; when false,
   *     such a value stops the copy with an error naming it
   */
  static ColumnCodec fromMySql(
      String quoted, Engine target, Column column, MappedType type, boolean zeroDatesToNull) {
    String from = column.type().name();
    return new ColumnCodec(
        mySqlSelect(quoted, from),
        fromMySql(target, from, baseName(type.sqlType()), column, zeroDatesToNull, column.name()));
  }

  /** A PostgreSQL source column's codec. */
  static ColumnCodec fromPostgres(String quoted, Engine target, Column column, MappedType type) {
    return fromPostgres(quoted, target, column.type().name(), baseName(type.sqlType()), column);
  }

  /**
   * What the copy selects of a MySQL or MariaDB column. Temporal values are cast to text on the
   * server: MariaDB Connector/J 3.5 re-formats a fraction such as {@code .012} as {@code .12}.
   * FLOAT is widened to DOUBLE on the server, exactly: its own text has only 6 significant digits.
   */
  private static String mySqlSelect(String quoted, String from) {
    return switch (from) {
      case "date", "datetime", "timestamp", "time" -> "CAST(" + quoted + " AS CHAR)";
      case "float" -> "CAST(" + quoted + " AS DOUBLE)";
      default -> quoted;
    };
  }

  private static ValueReader fromMySql(
      Engine target, String from, String to, Column column, boolean zeroToNull, String label) {
    if (to.equals("boolean")) {
      return from.equals("bit") ? CopyCodecs::bitsAsBoolean : CopyCodecs::numberAsBoolean;
    }
    if (ColumnType.isMySqlSpatial(from)) {
      return BYTES;
    }
    switch (from) {
      case "binary", "varbinary", "tinyblob", "blob", "mediumblob", "longblob" -> {
        return BYTES;
      }
      case "bit" -> {
        if (target.isMySqlFamily()) {
          return BYTES;
        }
        int length = column.type().length() == null ? 1 : column.type().length();
        return (rs, i) -> bitString(rs.getBytes(i), length);
      }
      case "date", "datetime", "timestamp" -> {
        if (target.isMySqlFamily()) {
          return TEXT;
        }
        String zone =
            to.equals("timestamptz") || to.startsWith("timestamp with time zone") ? "+00" : "";
        return (rs, i) -> mysqlDate(rs.getString(i), zone, zeroToNull, label);
      }
      default -> {
        return TEXT;
      }
    }
  }

  private static ColumnCodec fromPostgres(
      String quoted, Engine target, String from, String to, Column column) {
    boolean bytes = from.equals("bytea") && !column.type().isArray();
    // the capture sends timetz values in UTC, their offset gone: the copy sends the same
    String select =
        from.equals("timetz") && !column.type().isArray()
            ? "(" + quoted + " AT TIME ZONE 'UTC')"
            : quoted;
    if (!target.isMySqlFamily() || (isText(to) && !bytes)) {
      return new ColumnCodec(select, bytes ? BYTES : TEXT);
    }
    if (column.type().isArray()) {
      return new ColumnCodec("array_to_json(" + select + ")::text", TEXT);
    }
    return switch (from) {
      case "bytea" -> new ColumnCodec(select, BYTES);
      case "bool" -> new ColumnCodec(select, (rs, i) -> booleanAsNumber(rs.getString(i)));
      case "money" -> new ColumnCodec(select + "::numeric", TEXT);
      // the exact double of the float: MySQL refuses the largest float's short text 3.4028235e+38
      case "float4" -> new ColumnCodec(select + "::float8", TEXT);
      case "timestamptz", "timetz" ->
          new ColumnCodec(select, (rs, i) -> withoutZone(rs.getString(i)));
      case "bit", "varbit" -> new ColumnCodec(select, (rs, i) -> bitBytes(rs.getString(i)));
      default -> new ColumnCodec(select, TEXT);
    };
  }

  /**
   * True for a target type that holds text ({@code varchar}, {@code text}, ...): a value goes into
   * it as the source engine prints it, whatever the source type, overrides included.
   */
  public static boolean isText(String baseName) {
    return switch (baseName) {
      case "char",
          "character",
          "varchar",
          "character varying",
          "text",
          "tinytext",
          "mediumtext",
          "longtext",
          "bpchar" ->
          true;
      default -> false;
    };
  }

  /** The type name of a target type as written in DDL, lower case, without modifiers. */
  public static String baseName(String sqlType) {
    String lower = sqlType.toLowerCase(Locale.ROOT).strip();
    int paren = lower.indexOf('(');
    return paren < 0 ? lower : lower.substring(0, paren).strip();
  }

  private static Object numberAsBoolean(ResultSet rs, int i) throws SQLException {
    long value = rs.getLong(i);
    return rs.wasNull() ? null : value != 0 ? "t" : "f";
  }

  private static Object bitsAsBoolean(ResultSet rs, int i) throws SQLException {
    byte[] bytes = rs.getBytes(i);
    if (bytes == null) {
      return null;
    }
    for (byte b : bytes) {
      if (b != 0) {
        return "t";
      }
    }
    return "f";
  }

  private static String booleanAsNumber(String pg) {
    return pg == null ? null : pg.equals("t") ? "1" : "0";
  }

  /** MySQL returns BIT(n) as big-endian bytes; PostgreSQL wants n characters of 0 and 1. */
  static String bitString(byte[] bytes, int length) {
    if (bytes == null) {
      return null;
    }
    StringBuilder bits = new StringBuilder(length);
    for (int i = length - 1; i >= 0; i--) {
      int byteIndex = bytes.length - 1 - i / 8;
      boolean set = byteIndex >= 0 && (bytes[byteIndex] >> (i % 8) & 1) == 1;
      bits.append(set ? '1' : '0');
    }
    return bits.toString();
  }

  /** PostgreSQL prints bit strings as 0s and 1s; MySQL's BIT takes the value as bytes. */
  public static byte[] bitBytes(String bits) {
    if (bits == null) {
      return null;
    }
    int length = bits.length();
    byte[] bytes = new byte[Math.max(1, (length + 7) / 8)];
    for (int i = 0; i < length; i++) {
      if (bits.charAt(length - 1 - i) == '1') {
        bytes[bytes.length - 1 - i / 8] |= (byte) (1 << (i % 8));
      }
    }
    return bytes;
  }

  /** Drops the "+00" that a UTC session prints after timestamptz and timetz values. */
  private static String withoutZone(String value) throws ValueConversionException {
    if (value == null) {
      return null;
    }
    if (value.endsWith("+00")) {
      return value.substring(0, value.length() - 3);
    }
    throw new ValueConversionException(
        "value %s has no MySQL form (infinite or outside a UTC offset)".formatted(value));
  }

  private static String mysqlDate(String value, String zone, boolean zeroToNull, String column)
      throws ValueConversionException {
    if (value == null) {
      return null;
    }
    if (isZeroDate(value)) {
      if (zeroToNull) {
        return null;
      }
      throw new ValueConversionException(
          ("column %s holds the zero date %s, which PostgreSQL rejects; fix: set"
                  + " mapping.zero-dates: null to copy zero dates as NULL, or correct the source"
                  + " row")
              .formatted(column, value));
    }
    return zone.isEmpty() ? value : value + zone;
  }

  private static boolean isZeroDate(String value) {
    return value.startsWith("0000") || value.contains("-00");
  }
}
