package io.godwit.apply;

import com.fasterxml.jackson.databind.JsonNode;
import io.godwit.db.CopyCodecs;
import io.godwit.schema.ColumnType;
import java.time.LocalDate;
import java.time.LocalDateTime;
import java.util.HexFormat;
import java.util.Set;
import java.util.function.Function;

/**
 * Values from the PostgreSQL connector ({@code decimal.handling.mode=string}, {@code
 * binary.handling.mode=base64}, {@code time.precision.mode=adaptive}, {@code
 * interval.handling.mode=string}), in the form the copy's {@code db.CopyCodecs} give the same
 * column: PostgreSQL's own text output for a PostgreSQL target, and for MySQL the conversions the
 * snapshot makes (booleans as 1/0, UTC times without zone, arrays as JSON, bit strings as bytes).
 */
final class PostgresValueDecoders {

  private static final Set<String> SPECIAL_NUMBERS = Set.of("NaN", "Infinity", "-Infinity");

  /** Debezium's stand-ins for infinite dates and timestamps ({@code PostgresValueConverter}). */
  private static final long DATE_INFINITY = LocalDate.parse("-5877611-06-21").toEpochDay();

  private static final long DATE_MINUS_INFINITY = LocalDate.parse("-5877611-06-22").toEpochDay();
  private static final long TIMESTAMP_INFINITY_MICROS = 9223372036825200000L;
  private static final long TIMESTAMP_MINUS_INFINITY_MICROS = -9223372036832400000L;

  private PostgresValueDecoders() {}

  /**
   * @param to the target type's base name: a text type ({@link CopyCodecs#isText}) takes
   *     PostgreSQL's own text of the value, as the copy sends it
   * @param sameFamily the target is PostgreSQL too; otherwise MySQL or MariaDB, which take values
   *     in their own forms
   */
  static ValueDecoder of(ColumnType type, String to, boolean sameFamily) {
    boolean toMySql = !sameFamily && !(CopyCodecs.isText(to) && !type.name().equals("bytea"));
    if (type.isArray()) {
      if (toMySql) {
        Function<JsonNode, String> element = jsonElement(type);
        return v -> PostgresArrays.json(array(v), element);
      }
      ValueDecoder element =
          type.name().equals("varbit") ? v -> varbitBytes(v) : scalar(type, false);
      return v -> PostgresArrays.literal(array(v), element);
    }
    return scalar(type, toMySql);
  }

  private static ValueDecoder scalar(ColumnType type, boolean toMySql) {
    int digits = type.fractionalSeconds() == null ? 6 : type.fractionalSeconds();
    return switch (type.name()) {
      case "int2", "int4", "int8", "oid" -> JsonValues::integer;
      case "numeric" -> v -> number(JsonValues.number(v), toMySql);
      case "float4" -> v -> number(JsonValues.float32(v), toMySql);
      case "float8" -> v -> number(JsonValues.float64(v), toMySql);
      case "money" -> JsonValues::number;
      case "bool" -> v -> JsonValues.bool(v) ? (toMySql ? "1" : "t") : (toMySql ? "0" : "f");
      case "bytea" -> JsonValues::base64;
      case "date" -> v -> mySqlRange(toMySql, date(v));
      case "timestamp" -> v -> mySqlRange(toMySql, timestamp(v, digits));
      case "timestamptz" -> v -> timestamptz(v, toMySql);
      case "time" -> v -> Temporals.trimmed(timeMicros(v, digits));
      case "timetz" -> v -> timetz(v) + (toMySql ? "" : "+00");
      case "interval" -> v -> Intervals.postgres(JsonValues.text(v));
      case "bit" -> bits(type, toMySql);
      case "varbit" -> v -> toMySql ? CopyCodecs.bitBytes(JsonValues.text(v)) : JsonValues.text(v);
      default -> JsonValues::text;
    };
  }

  private static JsonNode array(JsonNode value) {
    if (!value.isArray()) {
      throw JsonValues.expected("an array", value);
    }
    return value;
  }

  /**
   * A number as text; NaN and the infinities (Debezium writes numeric NaN as {@code NAN}) spelled
   * as PostgreSQL prints them, and refused for MySQL, which has none of them.
   */
  private static String number(String value, boolean toMySql) {
    String text = special(value);
    if (toMySql && SPECIAL_NUMBERS.contains(text)) {
      throw new BadValueException(
          text + " has no MySQL form; fix: correct the source row or exclude the table");
    }
    return text;
  }

  private static String special(String number) {
    for (String name : SPECIAL_NUMBERS) {
      if (name.equalsIgnoreCase(number)) {
        return name;
      }
    }
    return number;
  }

  /**
   * Days since the epoch ({@code io.debezium.time.Date}); the infinities as PostgreSQL names them.
   */
  private static String date(JsonNode value) {
    long days = JsonValues.longValue(value);
    if (days == DATE_INFINITY) {
      return "infinity";
    }
    if (days == DATE_MINUS_INFINITY) {
      return "-infinity";
    }
    return Temporals.date(Temporals.epochDay(days));
  }

  /**
   * Milliseconds since the epoch for precision 0-3 ({@code io.debezium.time.Timestamp}),
   * microseconds for 4-6 and the default ({@code MicroTimestamp}), as UTC wall-clock time.
   */
  private static String timestamp(JsonNode value, int digits) {
    long n = JsonValues.longValue(value);
    long micros = digits <= 3 ? Math.multiplyExact(n, 1000L) : n;
    if (micros == TIMESTAMP_INFINITY_MICROS) {
      return "infinity";
    }
    if (micros == TIMESTAMP_MINUS_INFINITY_MICROS) {
      return "-infinity";
    }
    return Temporals.postgresTimestamp(Temporals.epochMicros(micros));
  }

  /** An ISO-8601 string in UTC ({@code ZonedTimestamp}), or {@code infinity}/{@code -infinity}. */
  private static String timestamptz(JsonNode value, boolean toMySql) {
    String text = JsonValues.text(value);
    if (text.equals("infinity") || text.equals("-infinity")) {
      return mySqlRange(toMySql, text);
    }
    String local = Temporals.postgresTimestamp(Temporals.utc(text));
    return toMySql ? mySqlRange(true, local) : local + "+00";
  }

  /** Milliseconds past midnight for precision 0-3 ({@code Time}), else microseconds. */
  private static long timeMicros(JsonNode value, int digits) {
    long n = JsonValues.longValue(value);
    return digits <= 3 ? Math.multiplyExact(n, 1000L) : n;
  }

  /** An ISO-8601 time in UTC ({@code ZonedTime}), without the zone. */
  private static String timetz(JsonNode value) {
    String text = JsonValues.text(value);
    if (text.startsWith("24:00:00")) {
      return "24:00:00";
    }
    return Temporals.trimmed(Temporals.utcTime(text).toNanoOfDay() / 1000);
  }

  /** MySQL's dates and datetimes hold years 1 to 9999 and no infinity. */
  private static String mySqlRange(boolean toMySql, String text) {
    boolean outside = text.endsWith("infinity") || text.endsWith(" BC") || text.indexOf('-', 1) > 4;
    if (toMySql && outside) {
      throw new BadValueException(
          text
              + " is outside MySQL's date range (years 1 to 9999); fix: correct the source row or"
              + " exclude the table");
    }
    return text;
  }

  /**
   * BIT(1) arrives as a boolean, BIT(n) as little-endian bytes. BIT VARYING arrives as its text
   * ({@code PostgresVarbitConverter}): as bytes it would lose its leading zeros.
   */
  private static ValueDecoder bits(ColumnType type, boolean toMySql) {
    int length = type.length() == null ? 1 : type.length();
    return v -> {
      if (v.isBoolean()) {
        boolean set = v.booleanValue();
        return toMySql ? new byte[] {(byte) (set ? 1 : 0)} : set ? "1" : "0";
      }
      byte[] littleEndian = JsonValues.base64(v);
      return toMySql
          ? Bits.bigEndian(littleEndian, Bits.bytesFor(length))
          : Bits.text(littleEndian, length);
    };
  }

  /**
   * A {@code bit varying} array element: the converter that keeps scalar values as text does not
   * see array elements, which arrive as little-endian bytes as long as their highest set bit (their
   * leading zeros lost).
   */
  private static String varbitBytes(JsonNode value) {
    byte[] littleEndian = JsonValues.base64(value);
    return Bits.text(littleEndian, Bits.significant(littleEndian));
  }

  /** How {@code array_to_json} writes an element of the array's type. */
  private static Function<JsonNode, String> jsonElement(ColumnType type) {
    int digits = type.fractionalSeconds() == null ? 6 : type.fractionalSeconds();
    return switch (type.name()) {
      case "int2", "int4", "int8", "oid", "numeric", "float4", "float8", "money" ->
          v -> {
            String n = special(JsonValues.number(v));
            return SPECIAL_NUMBERS.contains(n) ? PostgresArrays.quote(n) : n;
          };
      case "bool" -> v -> JsonValues.bool(v) ? "true" : "false";
      case "json", "jsonb" -> JsonValues::text;
      case "bytea" ->
          v -> PostgresArrays.quote("\\x" + HexFormat.of().formatHex(JsonValues.base64(v)));
      case "timestamp" ->
          v -> {
            long micros = timeMicros(v, digits);
            return PostgresArrays.quote(Temporals.jsonTimestamp(Temporals.epochMicros(micros)));
          };
      case "timestamptz" ->
          v -> {
            LocalDateTime utc = Temporals.utc(JsonValues.text(v));
            return PostgresArrays.quote(Temporals.jsonTimestamp(utc) + "+00:00");
          };
      case "timetz" -> v -> PostgresArrays.quote(timetz(v) + "+00:00");
      case "varbit" -> v -> PostgresArrays.quote(varbitBytes(v));
      default -> {
        ValueDecoder scalar = scalar(type, true);
        yield v -> PostgresArrays.quote((String) scalar.decode(v));
      }
    };
  }
}
