package io.godwit.apply;

import com.fasterxml.jackson.databind.JsonNode;
import io.godwit.schema.Column;
import io.godwit.schema.ColumnType;
import java.math.BigInteger;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;

/**
 * Values from the MySQL and MariaDB connectors ({@code decimal.handling.mode=string}, {@code
 * binary.handling.mode=base64}, {@code time.precision.mode=adaptive_time_microseconds}), in the
 * form the copy's {@code db.CopyCodecs} give the same column.
 *
 * <p>Zero dates never reach the applier as such: Debezium sends them as null in a nullable column
 * and as the epoch (1970-01-01) in a NOT NULL one, which it cannot tell apart from a real value.
 */
final class MySqlValueDecoders {

  private static final BigInteger TWO_TO_64 = BigInteger.ONE.shiftLeft(64);

  private MySqlValueDecoders() {}

  /**
   * @param to the target type's base name ({@code boolean}, {@code timestamptz}, ...)
   * @param sameFamily the target is MySQL or MariaDB too, and takes MySQL's value forms
   */
  static ValueDecoder of(Column column, String to, boolean sameFamily) {
    String from = column.type().name();
    boolean toMySql = sameFamily;
    if (to.equals("boolean")) {
      return v -> anyBitSet(v) ? "t" : "f";
    }
    if (ColumnType.isMySqlSpatial(from)) {
      return MySqlValueDecoders::geometry;
    }
    int digits = column.type().fractionalSeconds() == null ? 0 : column.type().fractionalSeconds();
    return switch (from) {
      case "tinyint", "smallint", "mediumint", "int", "integer", "year" -> JsonValues::integer;
      case "bigint" ->
          column.type().unsigned() ? MySqlValueDecoders::unsignedBigint : JsonValues::integer;
      case "decimal", "numeric" -> JsonValues::number;
      case "float" -> JsonValues::float32;
      case "double", "real" -> JsonValues::float64;
      case "bit" -> bit(column, toMySql);
      case "binary", "varbinary", "tinyblob", "blob", "mediumblob", "longblob" ->
          JsonValues::base64;
      case "date" -> v -> Temporals.date(Temporals.epochDay(JsonValues.longValue(v)));
      case "datetime" -> datetime(digits);
      case "timestamp" -> timestamp(digits, !toMySql && isWithZone(to));
      case "time" ->
          toMySql
              ? v -> Temporals.mySqlTime(JsonValues.longValue(v), digits)
              : v -> Temporals.postgresTime(JsonValues.longValue(v));
      default -> JsonValues::text;
    };
  }

  static boolean isWithZone(String to) {
    return to.equals("timestamptz") || to.startsWith("timestamp with time zone");
  }

  /**
   * {@code bigint.unsigned.handling.mode=long} sends values above 2^63-1 wrapped to negative
   * numbers; {@code precise} sends a Kafka Connect decimal: a JSON number with {@code
   * decimal.format=numeric}, else base64 of the big-endian two's-complement value.
   */
  private static String unsignedBigint(JsonNode value) {
    BigInteger n;
    if (value.isTextual()) {
      n = new BigInteger(JsonValues.base64(value));
    } else {
      n = JsonValues.bigInteger(value);
      if (n.signum() < 0) {
        n = n.add(TWO_TO_64);
      }
    }
    if (n.signum() < 0 || n.compareTo(TWO_TO_64) >= 0) {
      throw new BadValueException(n + " is outside bigint unsigned");
    }
    return n.toString();
  }

  /** True for a true boolean, a non-zero number or bytes with a bit set (any source of boolean). */
  private static boolean anyBitSet(JsonNode value) {
    if (value.isTextual()) {
      return Bits.significant(JsonValues.base64(value)) > 0;
    }
    return JsonValues.bool(value);
  }

  /** BIT(1) arrives as a boolean, BIT(n) as little-endian bytes. */
  private static ValueDecoder bit(Column column, boolean toMySql) {
    int length = column.type().length() == null ? 1 : column.type().length();
    return v -> {
      byte[] littleEndian =
          v.isBoolean() ? new byte[] {(byte) (v.booleanValue() ? 1 : 0)} : JsonValues.base64(v);
      return toMySql
          ? Bits.bigEndian(littleEndian, Bits.bytesFor(length))
          : Bits.text(littleEndian, length);
    };
  }

  /**
   * Debezium splits MySQL's geometry value (a little-endian SRID, then WKB) into {@code wkb} and
   * {@code srid}; the snapshot copies the value whole.
   */
  private static Object geometry(JsonNode value) {
    if (!value.isObject() || !value.has("wkb")) {
      throw JsonValues.expected("a geometry {\"wkb\": ..., \"srid\": ...}", value);
    }
    byte[] wkb = JsonValues.base64(value.get("wkb"));
    JsonNode srid = value.get("srid");
    int id = srid == null || srid.isNull() ? 0 : (int) JsonValues.longValue(srid);
    return ByteBuffer.allocate(4 + wkb.length)
        .order(ByteOrder.LITTLE_ENDIAN)
        .putInt(id)
        .put(wkb)
        .array();
  }

  /** DATETIME(0-3) arrives as epoch milliseconds, DATETIME(4-6) as epoch microseconds. */
  private static ValueDecoder datetime(int digits) {
    if (digits <= 3) {
      return v -> Temporals.mySqlDateTime(Temporals.epochMillis(JsonValues.longValue(v)), digits);
    }
    return v -> Temporals.mySqlDateTime(Temporals.epochMicros(JsonValues.longValue(v)), digits);
  }

  /** TIMESTAMP arrives as an ISO-8601 string in UTC ({@code ZonedTimestamp}). */
  private static ValueDecoder timestamp(int digits, boolean withZone) {
    String zone = withZone ? "+00" : "";
    return v -> Temporals.mySqlDateTime(Temporals.utc(JsonValues.text(v)), digits) + zone;
  }
}
