package io.godwit.apply;

import static io.godwit.engine.Engine.MARIADB;
import static io.godwit.engine.Engine.POSTGRESQL;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.junit.jupiter.params.provider.Arguments.arguments;

import io.godwit.apply.ChangeEvent.Op;
import io.godwit.engine.Engine;
import io.godwit.schema.MappedType;
import io.godwit.schema.TargetTable;
import io.godwit.schema.TargetTable.TargetColumn;
import java.nio.charset.StandardCharsets;
import java.time.LocalDate;
import java.util.HexFormat;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * Debezium-shaped events through the decoder: each encoding of both source connectors, and the
 * envelope (operations, keys, positions, bad input).
 */
class EventDecoderTest {

  private static final String MARIADB_SOURCE =
      """
      {"version":"3.5.0.Final","connector":"mariadb","name":"godwit","ts_ms":1700000000000,\
      "snapshot":"false","db":"shop","table":"t","server_id":1,"gtid":"0-1-42",\
      "file":"mysql-bin.000003","pos":1234,"row":0,"thread":7,"query":null}""";
  private static final String POSTGRES_SOURCE =
      """
      {"version":"3.5.0.Final","connector":"postgresql","name":"godwit","ts_ms":1700000000000,\
      "snapshot":"false","db":"shop","sequence":"[null,\\"24023128\\"]","schema":"public",\
      "table":"t","txId":771,"lsn":4294967296123,"xmin":null}""";

  private static final long MICROS_2024_02_29 = 1709251199_123456L;

  static String envelope(Engine source, String op, String before, String after) {
    return """
        {"before":%s,"after":%s,"source":%s,"op":"%s","ts_ms":1700000000123,"transaction":null}"""
        .formatted(before, after, source == POSTGRESQL ? POSTGRES_SOURCE : MARIADB_SOURCE, op);
  }

  private static String idType(Engine source) {
    return source == POSTGRESQL ? "integer" : "int(11)";
  }

  private static TargetTable twoColumns(Engine source, Engine target, String type) {
    return TestTables.table(
        source, target, "tgt", "t", List.of("id"), "id", idType(source), "c", type);
  }

  private static List<ChangeEvent> decode(
      TargetTable table, Engine source, Engine target, String key, String value)
      throws PoisonEventException {
    return EventDecoder.of(table, source, target)
        .decode(
            "godwit.shop.t",
            2,
            41,
            key == null ? null : key.getBytes(StandardCharsets.UTF_8),
            value == null ? null : value.getBytes(StandardCharsets.UTF_8));
  }

  /** The decoded value of column c, bytes shown as 0x hex. */
  private static Object value(Engine source, Engine target, String type, String json)
      throws PoisonEventException {
    TargetTable table = twoColumns(source, target, type);
    String after = "{\"id\":1,\"c\":" + json + "}";
    Object value =
        decode(table, source, target, "{\"id\":1}", envelope(source, "c", "null", after))
            .get(0)
            .after()
            .get(1);
    return value instanceof byte[] b ? "0x" + HexFormat.of().formatHex(b) : value;
  }

  static Stream<Arguments> mariaDbToPostgres() {
    return Stream.of(
        arguments("tinyint(1)", "1", "t"),
        arguments("tinyint(1)", "0", "f"),
        arguments("tinyint(1)", "7", "t"),
        arguments("tinyint(1)", "true", "t"),
        arguments("tinyint(4)", "-128", "-128"),
        arguments("tinyint(3) unsigned", "255", "255"),
        arguments("int(10) unsigned", "4294967295", "4294967295"),
        arguments("bigint(20)", "-9223372036854775808", "-9223372036854775808"),
        arguments("bigint(20) unsigned", "18446744073709551615", "18446744073709551615"),
        arguments("bigint(20) unsigned", "-1", "18446744073709551615"),
        arguments("bigint(20) unsigned", "\"AP//////////\"", "18446744073709551615"),
        arguments("decimal(12,2)", "\"10.50\"", "10.50"),
        arguments("decimal(20,6)", "\"-12345678901234.123456\"", "-12345678901234.123456"),
        arguments("float", "1.5", "1.5"),
        arguments("float", "3.4028235E38", "3.4028234663852886E38"),
        arguments("double", "1.7976931348623157E308", "1.7976931348623157E308"),
        arguments("double", "0.1", "0.1"),
        arguments("double", "-0.0", "-0.0"),
        arguments(
            "varchar(60)", "\"it's a \\\\ back\\tslash\\nline\"", "it's a \\ back\tslash\nline"),
        arguments("varchar(20)", "\"ünï 😀 中文\"", "ünï 😀 中文"),
        arguments("binary(4)", "\"AP8QAA==\"", "0x00ff1000"),
        arguments("blob", "\"AP8Q\"", "0x00ff10"),
        arguments("date", "19782", "2024-02-29"),
        arguments("date", "-1", "1969-12-31"),
        arguments("datetime", "1709251199000", "2024-02-29 23:59:59"),
        arguments("datetime(3)", "1709251199500", "2024-02-29 23:59:59.500"),
        arguments("datetime(6)", String.valueOf(MICROS_2024_02_29), "2024-02-29 23:59:59.123456"),
        arguments("datetime(6)", "-1", "1969-12-31 23:59:59.999999"),
        arguments("timestamp(6)", "\"2024-01-01T12:00:00.5Z\"", "2024-01-01 12:00:00.500000+00"),
        arguments("timestamp", "\"2024-01-01T12:00:00Z\"", "2024-01-01 12:00:00+00"),
        // as Debezium 3.5.0.Final's MariaDB connector sent them here
        arguments(
            "timestamp(6)", "\"2024-01-01T12:00:00.500000Z\"", "2024-01-01 12:00:00.500000+00"),
        arguments(
            "point",
            "{\"x\":1.0,\"y\":2.0,\"wkb\":\"AQEAAAAAAAAAAADwPwAAAAAAAABA\",\"srid\":null}",
            "0x000000000101000000000000000000f03f0000000000000040"),
        arguments("time(6)", "47655500000", "13:14:15.5"),
        arguments("time", "0", "00:00:00"),
        arguments("year", "2024", "2024"),
        arguments(
            "json",
            "\"{\\\"b\\\": [1, 2], \\\"a\\\": \\\"ü\\\"}\"",
            "{\"b\": [1, 2], \"a\": \"ü\"}"),
        arguments("enum('small','it''s')", "\"it's\"", "it's"),
        arguments("set('a','b','c')", "\"a,c\"", "a,c"),
        arguments("bit(5)", "\"FQ==\"", "10101"),
        arguments("bit(12)", "\"AQg=\"", "100000000001"),
        arguments("bit(1)", "true", "t"),
        arguments("bit(1)", "false", "f"),
        arguments(
            "uuid",
            "\"123e4567-e89b-12d3-a456-426614174000\"",
            "123e4567-e89b-12d3-a456-426614174000"),
        arguments(
            "point",
            "{\"wkb\":\"AQEAAAAAAAAAAADwPwAAAAAAAABA\",\"srid\":null}",
            "0x000000000101000000000000000000f03f0000000000000040"),
        arguments(
            "point",
            "{\"wkb\":\"AQEAAAAAAAAAAADwPwAAAAAAAABA\",\"srid\":4326}",
            "0xe61000000101000000000000000000f03f0000000000000040"));
  }

  @ParameterizedTest(name = "{0} {1}")
  @MethodSource
  void mariaDbToPostgres(String type, String json, Object expected) throws Exception {
    assertThat(value(MARIADB, POSTGRESQL, type, json)).isEqualTo(expected);
  }

  static Stream<Arguments> mariaDbToMariaDb() {
    return Stream.of(
        arguments("tinyint(1)", "7", "7"),
        arguments("bigint(20) unsigned", "18446744073709551615", "18446744073709551615"),
        arguments(
            "decimal(65,30)",
            "\"-12345678901234567890.123456789012345678901234567890\"",
            "-12345678901234567890.123456789012345678901234567890"),
        arguments("varbinary(8)", "\"AP8Q\"", "0x00ff10"),
        arguments("date", "19782", "2024-02-29"),
        arguments("datetime(6)", String.valueOf(MICROS_2024_02_29), "2024-02-29 23:59:59.123456"),
        arguments("datetime(2)", "1709251199120", "2024-02-29 23:59:59.12"),
        arguments("timestamp(6)", "\"2024-01-01T12:00:00.5Z\"", "2024-01-01 12:00:00.500000"),
        arguments("time(6)", "-3020399000000", "-838:59:59.000000"),
        arguments("time", "90000000000", "25:00:00"),
        arguments("year", "2024", "2024"),
        arguments("json", "\"{\\\"b\\\": [1, 2]}\"", "{\"b\": [1, 2]}"),
        arguments("bit(5)", "\"FQ==\"", "0x15"),
        arguments("bit(12)", "\"AQg=\"", "0x0801"),
        arguments("bit(1)", "true", "0x01"),
        arguments("bit(64)", "\"AQAAAAAAAIA=\"", "0x8000000000000001"));
  }

  @ParameterizedTest(name = "{0} {1}")
  @MethodSource
  void mariaDbToMariaDb(String type, String json, Object expected) throws Exception {
    assertThat(value(MARIADB, MARIADB, type, json)).isEqualTo(expected);
  }

  static Stream<Arguments> postgresToPostgres() {
    long bc = LocalDate.of(0, 1, 1).toEpochDay();
    long infinity = LocalDate.parse("-5877611-06-21").toEpochDay();
    return Stream.of(
        arguments("smallint", "-32768", "-32768"),
        arguments("bigint", "-9223372036854775808", "-9223372036854775808"),
        arguments("numeric", "\"NaN\"", "NaN"),
        arguments("numeric", "\"NAN\"", "NaN"),
        arguments(
            "numeric", "\"0.000000000000000000000000000001\"", "0.000000000000000000000000000001"),
        arguments("numeric(12,2)", "\"10.50\"", "10.50"),
        arguments("double precision", "\"-Infinity\"", "-Infinity"),
        arguments("double precision", "\"NaN\"", "NaN"),
        arguments("real", "3.4028235E38", "3.4028234663852886E38"),
        arguments("money", "\"1234.56\"", "1234.56"),
        arguments("boolean", "true", "t"),
        arguments("boolean", "false", "f"),
        arguments("text", "\"tab\\there \\\\N\\nline\"", "tab\there \\N\nline"),
        arguments("character(3)", "\"ab \"", "ab "),
        arguments("bytea", "\"AP8Q\"", "0x00ff10"),
        arguments("date", "19782", "2024-02-29"),
        arguments("date", String.valueOf(bc), "0001-01-01 BC"),
        arguments("date", String.valueOf(infinity), "infinity"),
        // as Debezium 3.5.0.Final's PostgreSQL connector sent them here
        arguments("date", "-2147472692", "infinity"),
        arguments("bit varying(8)", "\"\"", ""),
        arguments(
            "timestamp without time zone[]", "[1709251199500000]", "{\"2024-02-29 23:59:59.5\"}"),
        arguments(
            "timestamp(6) without time zone",
            String.valueOf(MICROS_2024_02_29),
            "2024-02-29 23:59:59.123456"),
        arguments("timestamp without time zone", "0", "1970-01-01 00:00:00"),
        arguments("timestamp(3) without time zone", "1709251199500", "2024-02-29 23:59:59.5"),
        arguments("timestamp without time zone", "9223372036825200000", "infinity"),
        arguments(
            "timestamp with time zone",
            "\"2024-01-01T10:00:00.123456Z\"",
            "2024-01-01 10:00:00.123456+00"),
        arguments("timestamp with time zone", "\"infinity\"", "infinity"),
        arguments("time without time zone", "47655500000", "13:14:15.5"),
        arguments("time(3) without time zone", "47655500", "13:14:15.5"),
        arguments("time without time zone", "86400000000", "24:00:00"),
        arguments("time with time zone", "\"10:15:30.5Z\"", "10:15:30.5+00"),
        arguments("interval", "\"P1Y2M3DT4H5M6.78S\"", "P1Y2M3DT4H5M6.78S"),
        arguments("interval", "\"P0Y0M-1DT-3H0M-5.5S\"", "P-1DT-3H-5.5S"),
        arguments("interval", "\"P1Y14M0DT0H0M0S\"", "P2Y2M"),
        arguments("interval", "\"P0Y0M0DT0H0M0S\"", "PT0S"),
        arguments("interval", "\"P0Y0M0DT0H0M0.000001S\"", "PT0.000001S"),
        arguments("interval", "\"P0Y0M0DT0H90M0S\"", "PT1H30M"),
        arguments("jsonb", "\"{\\\"a\\\": [1, \\\"x\\\\ty\\\"]}\"", "{\"a\": [1, \"x\\ty\"]}"),
        arguments(
            "uuid",
            "\"123e4567-e89b-12d3-a456-426614174000\"",
            "123e4567-e89b-12d3-a456-426614174000"),
        arguments("inet", "\"::1/128\"", "::1/128"),
        arguments("mood('happy','it''s')", "\"it's\"", "it's"),
        arguments("bit(5)", "\"FQ==\"", "10101"),
        arguments("bit(5)", "\"BQ==\"", "00101"),
        arguments("bit(1)", "true", "1"),
        arguments("bit varying(8)", "\"00101\"", "00101"),
        arguments("text[]", "[\"a b\",null,\"c\\\\\\\"d\"]", "{\"a b\",NULL,\"c\\\\\\\"d\"}"),
        arguments("integer[]", "[1,2,3]", "{\"1\",\"2\",\"3\"}"),
        arguments("integer[]", "[]", "{}"),
        arguments("integer[][]", "[[1,2],[3,4]]", "{{\"1\",\"2\"},{\"3\",\"4\"}}"),
        arguments("date[]", "[19782,null]", "{\"2024-02-29\",NULL}"),
        arguments("bytea[]", "[\"AP8Q\"]", "{\"\\\\x00ff10\"}"),
        arguments("boolean[]", "[true,false]", "{\"t\",\"f\"}"));
  }

  @ParameterizedTest(name = "{0} {1}")
  @MethodSource
  void postgresToPostgres(String type, String json, Object expected) throws Exception {
    assertThat(value(POSTGRESQL, POSTGRESQL, type, json)).isEqualTo(expected);
  }

  static Stream<Arguments> postgresToMariaDb() {
    return Stream.of(
        arguments("smallint", "-32768", "-32768"),
        arguments(
            "numeric(38,10)",
            "\"1234567890123456789012345678.0123456789\"",
            "1234567890123456789012345678.0123456789"),
        arguments("real", "1.5", "1.5"),
        arguments("real", "-0.0", "-0.0"),
        arguments("double precision", "0.1", "0.1"),
        arguments("boolean", "true", "1"),
        arguments("boolean", "false", "0"),
        arguments("money", "\"-1234.56\"", "-1234.56"),
        arguments("bytea", "\"AP8Q\"", "0x00ff10"),
        arguments("date", "19782", "2024-02-29"),
        arguments(
            "timestamp(6) without time zone",
            String.valueOf(MICROS_2024_02_29),
            "2024-02-29 23:59:59.123456"),
        arguments(
            "timestamp with time zone", "\"2024-01-01T10:00:00.5Z\"", "2024-01-01 10:00:00.5"),
        arguments("time without time zone", "47655500000", "13:14:15.5"),
        arguments("time with time zone", "\"10:15:30.5Z\"", "10:15:30.5"),
        arguments("interval", "\"P1Y2M3DT4H5M6.78S\"", "P1Y2M3DT4H5M6.78S"),
        arguments("jsonb", "\"{\\\"a\\\": \\\"ü\\\"}\"", "{\"a\": \"ü\"}"),
        arguments(
            "uuid",
            "\"123e4567-e89b-12d3-a456-426614174000\"",
            "123e4567-e89b-12d3-a456-426614174000"),
        arguments("inet", "\"192.168.0.1/24\"", "192.168.0.1/24"),
        arguments("mood('happy','it''s')", "\"it's\"", "it's"),
        arguments("bit(5)", "\"FQ==\"", "0x15"),
        arguments("bit(12)", "\"AQg=\"", "0x0801"),
        arguments("bit(1)", "true", "0x01"),
        arguments("bit varying(8)", "\"00101\"", "0x05"),
        arguments("integer[]", "[1,2,3]", "[1,2,3]"),
        arguments("text[]", "[\"a b\",null,\"c\\\\\\\"d\\n\"]", "[\"a b\",null,\"c\\\\\\\"d\\n\"]"),
        arguments("numeric[]", "[\"1.50\",\"NaN\"]", "[1.50,\"NaN\"]"),
        arguments("boolean[]", "[true,false]", "[true,false]"),
        arguments("jsonb[]", "[\"{\\\"a\\\": 1}\"]", "[{\"a\": 1}]"),
        arguments("date[]", "[19782]", "[\"2024-02-29\"]"),
        arguments(
            "timestamp without time zone[]",
            "[" + MICROS_2024_02_29 + "]",
            "[\"2024-02-29T23:59:59.123456\"]"),
        arguments(
            "timestamp with time zone[]",
            "[\"2024-01-01T10:00:00.5Z\"]",
            "[\"2024-01-01T10:00:00.5+00:00\"]"),
        arguments("bytea[]", "[\"AP8Q\"]", "[\"\\\\x00ff10\"]"),
        arguments("integer[][]", "[[1,2],[3,4]]", "[[1,2],[3,4]]"));
  }

  @ParameterizedTest(name = "{0} {1}")
  @MethodSource
  void postgresToMariaDb(String type, String json, Object expected) throws Exception {
    assertThat(value(POSTGRESQL, MARIADB, type, json)).isEqualTo(expected);
  }

  static Stream<Arguments> valuesTheTargetRejects() {
    return Stream.of(
        arguments(POSTGRESQL, MARIADB, "numeric", "\"NaN\"", "NaN has no MySQL form"),
        arguments(POSTGRESQL, MARIADB, "numeric", "\"NAN\"", "NaN has no MySQL form"),
        arguments(
            POSTGRESQL, MARIADB, "double precision", "\"Infinity\"", "Infinity has no MySQL form"),
        arguments(
            POSTGRESQL,
            MARIADB,
            "date",
            String.valueOf(LocalDate.of(0, 1, 1).toEpochDay()),
            "outside MySQL's date range"),
        arguments(
            POSTGRESQL,
            MARIADB,
            "timestamp with time zone",
            "\"infinity\"",
            "outside MySQL's date range"),
        arguments(MARIADB, POSTGRESQL, "time(6)", "-3020399000000", "not a time of day"),
        arguments(MARIADB, POSTGRESQL, "time", "90000000000", "not a time of day"),
        arguments(MARIADB, POSTGRESQL, "int(11)", "\"abc\"", "expected an integer"),
        arguments(MARIADB, POSTGRESQL, "blob", "\"not base64!\"", "is not base64"),
        arguments(MARIADB, POSTGRESQL, "timestamp", "\"yesterday\"", "not an ISO-8601 timestamp"),
        arguments(POSTGRESQL, POSTGRESQL, "interval", "1234", "expected a string"),
        arguments(POSTGRESQL, POSTGRESQL, "interval", "\"1 day\"", "interval.handling.mode=string"),
        arguments(POSTGRESQL, POSTGRESQL, "integer[]", "1", "expected an array"));
  }

  @ParameterizedTest(name = "{0}->{1} {2} {3}")
  @MethodSource
  void valuesTheTargetRejects(
      Engine source, Engine target, String type, String json, String reason) {
    assertThatThrownBy(() -> value(source, target, type, json))
        .isInstanceOfSatisfying(
            PoisonEventException.class,
            e -> {
              assertThat(e.topic()).isEqualTo("godwit.shop.t");
              assertThat(e.partition()).isEqualTo(2);
              assertThat(e.offset()).isEqualTo(41);
              assertThat(e.key()).isEqualTo("{\"id\":1}");
              assertThat(e.column()).isEqualTo("c");
              assertThat(e.reason()).contains(reason);
            })
        .hasMessageContaining(
            "cannot apply the change to t at godwit.shop.t-2 offset 41 (key {\"id\":1}): column c:");
  }

  /**
   * Column c of {@code captured} (a table mapped from the captured side) written as {@code written}
   * by an exact mapping, as the reverse stream's tables are: the old source's column type, whatever
   * the target's is.
   */
  private static TargetTable writtenAs(TargetTable captured, String written) {
    TargetColumn c = captured.columns().get(1);
    return new TargetTable(
        captured.source(),
        captured.schema(),
        captured.name(),
        List.of(
            captured.columns().get(0),
            new TargetColumn(c.source(), c.name(), MappedType.exact(written), null, false)),
        captured.primaryKey(),
        captured.primaryKeyIsUnique(),
        List.of(),
        List.of(),
        List.of(),
        List.of(),
        null,
        null);
  }

  /** Decodes column c's value through {@code table}: the value, or the poison event's reason. */
  private static Object decodedOrReason(TargetTable table, Engine source, Engine target, String c) {
    return decodedOrReasonOf(table, source, target, "\"" + c + "\"");
  }

  /** As {@link #decodedOrReason}, column c's value given as JSON. */
  private static Object decodedOrReasonOf(
      TargetTable table, Engine source, Engine target, String json) {
    String after = "{\"id\":1,\"c\":" + json + "}";
    try {
      return decode(table, source, target, "{\"id\":1}", envelope(source, "c", "null", after))
          .get(0)
          .after()
          .get(1);
    } catch (PoisonEventException e) {
      assertThat(e.column()).isEqualTo("c");
      return e.reason();
    }
  }

  static Stream<Arguments> aDecimalWrittenNarrowerThanCapturedIsRefusedWhereItWouldRound() {
    return Stream.of(
        arguments(POSTGRESQL, MARIADB, "numeric(12,4)", "decimal(10,2)"),
        arguments(MARIADB, POSTGRESQL, "decimal(12,4)", "numeric(10,2)"),
        arguments(MARIADB, MARIADB, "decimal(12,3) unsigned", "decimal(10,2) unsigned"),
        arguments(POSTGRESQL, POSTGRESQL, "numeric", "numeric(10,2)"));
  }

  /**
   * The reverse stream's write into an old source column narrower in scale than the target's (a
   * {@code tables.column-types} override widened it): a value with more places would be rounded by
   * either engine without an error, so it stops the table, named; values the column keeps pass.
   */
  @ParameterizedTest(name = "{0}->{1} {2} written as {3}")
  @MethodSource
  void aDecimalWrittenNarrowerThanCapturedIsRefusedWhereItWouldRound(
      Engine captured, Engine written, String capturedType, String writtenType) {
    TargetTable table = writtenAs(twoColumns(captured, written, capturedType), writtenType);
    for (String refused : List.of("1.235", "0.001", "99999999.991", "12.3450")) {
      assertThat(decodedOrReason(table, captured, written, refused))
          .asString()
          .startsWith(
              refused
                  + " has more decimal places than the written column's "
                  + writtenType
                  + " keeps (the captured column is "
                  + capturedType
                  + ")")
          .contains("fix: widen the written column (the old source's, for the reverse stream)")
          .contains("or, before a cutover, narrow the tables.column-types override");
    }
    for (String kept : List.of("1.23", "1.2300", "0", "7", "99999999.99", "12.5")) {
      assertThat(decodedOrReason(table, captured, written, kept)).isEqualTo(kept);
    }
    assertThat(decodedOrReason(table, captured, written, "NaN"))
        .asString()
        .doesNotContain("decimal places");
  }

  static Stream<Arguments> fractionalSecondsWrittenNarrowerThanCapturedAreRefused() {
    return Stream.of(
        arguments(
            POSTGRESQL,
            MARIADB,
            "timestamp(6)",
            "datetime(3)",
            "1700000000123456",
            "1700000000123000"),
        arguments(
            MARIADB,
            POSTGRESQL,
            "datetime(6)",
            "timestamp(3)",
            "1700000000123456",
            "1700000000120000"),
        arguments(MARIADB, MARIADB, "time(6)", "time", "36000000001", "36000000000"),
        arguments(
            POSTGRESQL,
            POSTGRESQL,
            "timestamptz",
            "timestamptz(0)",
            "\"2023-11-14T22:13:20.5Z\"",
            "\"2023-11-14T22:13:20Z\""));
  }

  /**
   * The reverse stream's write into an old source time column with fewer fractional-second digits
   * than the target's (a {@code tables.column-types} override widened it): PostgreSQL would round
   * the value and MariaDB cut it, both without an error, so it stops the table, named; a value the
   * column keeps passes.
   */
  @ParameterizedTest(name = "{0}->{1} {2} written as {3}")
  @MethodSource
  void fractionalSecondsWrittenNarrowerThanCapturedAreRefused(
      Engine captured,
      Engine written,
      String capturedType,
      String writtenType,
      String refused,
      String kept) {
    TargetTable table = writtenAs(twoColumns(captured, written, capturedType), writtenType);
    assertThat(decodedOrReasonOf(table, captured, written, refused))
        .asString()
        .contains(
            " has more fractional-second digits than the written column's "
                + writtenType
                + " keeps (the captured column is ")
        .contains("fix: widen the written column (the old source's, for the reverse stream)");
    assertThat(decodedOrReasonOf(table, captured, written, kept))
        .asString()
        .doesNotContain("fractional-second digits");
  }

  /**
   * PostgreSQL applies an array column's type modifier to each element, rounding as it does a
   * scalar's without an error: an array whose any element would be rounded or cut stops the table,
   * the element named; arrays the old source's column keeps pass.
   */
  @Test
  void arraysWrittenNarrowerThanCapturedAreRefusedByTheirElements() {
    TargetTable decimals =
        writtenAs(twoColumns(POSTGRESQL, POSTGRESQL, "numeric(12,4)[]"), "numeric(10,2)[]");
    assertThat(decodedOrReasonOf(decimals, POSTGRESQL, POSTGRESQL, "[\"1.23\",null,\"1.2345\"]"))
        .asString()
        .startsWith(
            "1.2345 has more decimal places than the written column's numeric(10,2)[] keeps")
        .contains("fix: widen the written column (the old source's, for the reverse stream)");
    assertThat(decodedOrReasonOf(decimals, POSTGRESQL, POSTGRESQL, "[[\"1.2300\"],[\"NaN\"]]"))
        .isEqualTo("{{\"1.2300\"},{\"NaN\"}}");
    assertThat(decodedOrReasonOf(decimals, POSTGRESQL, POSTGRESQL, "[]")).isEqualTo("{}");
    TargetTable times =
        writtenAs(
            twoColumns(POSTGRESQL, POSTGRESQL, "timestamp(6) without time zone[]"),
            "timestamp(3) without time zone[]");
    assertThat(
            decodedOrReasonOf(
                times, POSTGRESQL, POSTGRESQL, "[1700000000123000,null,1700000000123456]"))
        .asString()
        .startsWith("2023-11-14 22:13:20.123456 has more fractional-second digits");
    assertThat(decodedOrReasonOf(times, POSTGRESQL, POSTGRESQL, "[1700000000123000]"))
        .isEqualTo("{\"2023-11-14 22:13:20.123\"}");
  }

  /**
   * Equal fractional-second digits, as in the forward mappings, pass every value: a column retyped
   * during the migration is the schema check's to stop.
   */
  @Test
  void equalFractionalSecondsPassEveryValue() {
    TargetTable table = writtenAs(twoColumns(MARIADB, POSTGRESQL, "datetime(3)"), "timestamp(3)");
    assertThat(decodedOrReasonOf(table, MARIADB, POSTGRESQL, "1700000000123"))
        .isEqualTo("2023-11-14 22:13:20.123");
  }

  /**
   * Where the captured and written scales are equal, as in every forward exact mapping, a value
   * with more places passes to the target: a source column retyped during the migration (its events
   * then carry more places) is for the schema check to stop, with its own error.
   */
  @Test
  void aDecimalWrittenAsWideAsCapturedPassesWhateverItsPlaces() throws Exception {
    assertThat(value(MARIADB, POSTGRESQL, "decimal(12,2)", "\"1.2345\"")).isEqualTo("1.2345");
    assertThat(value(POSTGRESQL, POSTGRESQL, "numeric(10,2)", "\"0.005\"")).isEqualTo("0.005");
    assertThat(value(POSTGRESQL, MARIADB, "numeric(10,2)", "\"-99.001\"")).isEqualTo("-99.001");
    assertThat(
            decodedOrReason(
                writtenAs(twoColumns(MARIADB, MARIADB, "decimal(12,4)"), "decimal(12,6)"),
                MARIADB,
                MARIADB,
                "1.2345678"))
        .isEqualTo("1.2345678");
  }

  @Test
  void nullsStayNull() throws Exception {
    assertThat(value(MARIADB, POSTGRESQL, "datetime(6)", "null")).isNull();
    assertThat(value(POSTGRESQL, MARIADB, "integer[]", "null")).isNull();
  }

  @Test
  void aBinlogCommitTimeIsBoundedByTheNextSecondWhenTheConnectorReadItLater() throws Exception {
    TargetTable t = twoColumns(MARIADB, POSTGRESQL, "varchar(10)");
    String late =
        envelope(MARIADB, "c", "null", "{\"id\":7,\"c\":\"x\"}")
            .replace("\"ts_ms\":1700000000123", "\"ts_ms\":1700000005000");
    List<ChangeEvent> events = decode(t, MARIADB, POSTGRESQL, "{\"id\":7}", late);
    assertThat(events.get(0).sourceTsMs()).isEqualTo(1700000000999L);
  }

  @Test
  void createsReadsAndUpdatesAreUpsertsWithSourceCoordinates() throws Exception {
    TargetTable t = twoColumns(MARIADB, POSTGRESQL, "varchar(10)");
    for (String op : List.of("c", "r", "u")) {
      List<ChangeEvent> events =
          decode(
              t,
              MARIADB,
              POSTGRESQL,
              "{\"id\":7}",
              envelope(MARIADB, op, "null", "{\"id\":7,\"c\":\"x\"}"));

      assertThat(events).hasSize(1);
      ChangeEvent e = events.get(0);
      assertThat(e.op()).isEqualTo(Op.UPSERT);
      assertThat(e.table()).isEqualTo("t");
      assertThat(e.key()).containsExactly("7");
      assertThat(e.after()).containsExactly("7", "x");
      // the binlog stamps whole seconds: the commit is bounded by when the connector read it
      assertThat(e.sourceTsMs()).isEqualTo(1700000000123L);
      assertThat(e.sourcePosition()).isEqualTo("mysql-bin.000003:1234 gtid 0-1-42");
      assertThat(e.coordinates()).isEqualTo("godwit.shop.t-2@41");
    }
  }

  @Test
  void postgresPositionIsTheLsnAndTransaction() throws Exception {
    TargetTable t = twoColumns(POSTGRESQL, POSTGRESQL, "text");
    ChangeEvent e =
        decode(
                t,
                POSTGRESQL,
                POSTGRESQL,
                "{\"id\":7}",
                envelope(POSTGRESQL, "c", "null", "{\"id\":7,\"c\":\"x\"}"))
            .get(0);

    assertThat(e.sourcePosition()).isEqualTo("lsn 3E8/7B txId 771");
  }

  @Test
  void deleteTakesTheKeyFromTheBeforeImage() throws Exception {
    TargetTable t = twoColumns(MARIADB, POSTGRESQL, "varchar(10)");
    List<ChangeEvent> events =
        decode(
            t,
            MARIADB,
            POSTGRESQL,
            "{\"id\":7}",
            envelope(MARIADB, "d", "{\"id\":7,\"c\":\"x\"}", "null"));

    assertThat(events)
        .singleElement()
        .satisfies(
            e -> {
              assertThat(e.op()).isEqualTo(Op.DELETE);
              assertThat(e.key()).containsExactly("7");
              assertThat(e.after()).isNull();
            });
  }

  @Test
  void deleteWithoutKeyInTheBeforeImageUsesTheRecordKey() throws Exception {
    TargetTable t = twoColumns(POSTGRESQL, POSTGRESQL, "text");
    List<ChangeEvent> events =
        decode(
            t,
            POSTGRESQL,
            POSTGRESQL,
            "{\"id\":9}",
            envelope(POSTGRESQL, "d", "{\"id\":null,\"c\":null}", "null"));

    assertThat(events).singleElement().extracting(ChangeEvent::key).isEqualTo(List.of("9"));
  }

  @Test
  void deleteWithoutAnyKeyIsPoison() {
    TargetTable t = twoColumns(POSTGRESQL, POSTGRESQL, "text");

    assertThatThrownBy(
            () ->
                decode(t, POSTGRESQL, POSTGRESQL, null, envelope(POSTGRESQL, "d", "null", "null")))
        .isInstanceOf(PoisonEventException.class)
        .hasMessageContaining("column id:")
        .hasMessageContaining("neither the before image nor the record key");
  }

  @Test
  void updateThatChangesTheKeyDeletesTheOldRow() throws Exception {
    TargetTable t = twoColumns(MARIADB, POSTGRESQL, "varchar(10)");
    List<ChangeEvent> events =
        decode(
            t,
            MARIADB,
            POSTGRESQL,
            "{\"id\":8}",
            envelope(MARIADB, "u", "{\"id\":7,\"c\":\"x\"}", "{\"id\":8,\"c\":\"x\"}"));

    assertThat(events).extracting(ChangeEvent::op).containsExactly(Op.DELETE, Op.UPSERT);
    assertThat(events).extracting(ChangeEvent::key).containsExactly(List.of("7"), List.of("8"));
    assertThat(events).extracting(ChangeEvent::offset).containsExactly(41L, 41L);
  }

  @Test
  void updateWithTheSameKeyIsOneUpsert() throws Exception {
    TargetTable t = twoColumns(MARIADB, POSTGRESQL, "varchar(10)");
    List<ChangeEvent> events =
        decode(
            t,
            MARIADB,
            POSTGRESQL,
            "{\"id\":7}",
            envelope(MARIADB, "u", "{\"id\":7,\"c\":\"x\"}", "{\"id\":7,\"c\":\"y\"}"));

    assertThat(events).singleElement().extracting(ChangeEvent::after).isEqualTo(List.of("7", "y"));
  }

  @Test
  void updateWithoutTheKeyInTheBeforeImageIsOneUpsert() throws Exception {
    TargetTable t = twoColumns(POSTGRESQL, POSTGRESQL, "text");
    List<ChangeEvent> events =
        decode(
            t,
            POSTGRESQL,
            POSTGRESQL,
            "{\"id\":7}",
            envelope(POSTGRESQL, "u", "{\"id\":null,\"c\":null}", "{\"id\":7,\"c\":\"y\"}"));

    assertThat(events).singleElement().extracting(ChangeEvent::op).isEqualTo(Op.UPSERT);
  }

  @Test
  void compositeKeysFollowTheTargetKeyOrder() throws Exception {
    TargetTable t =
        TestTables.table(
            MARIADB,
            POSTGRESQL,
            "tgt",
            "t",
            List.of("b", "a"),
            "a",
            "int(11)",
            "b",
            "varchar(5)",
            "c",
            "datetime(6)");
    List<ChangeEvent> events =
        decode(
            t,
            MARIADB,
            POSTGRESQL,
            "{\"b\":\"x\",\"a\":1}",
            envelope(MARIADB, "c", "null", "{\"a\":1,\"b\":\"x\",\"c\":0}"));

    assertThat(events.get(0).key()).containsExactly("x", "1");
    assertThat(events.get(0).after()).containsExactly("1", "x", "1970-01-01 00:00:00.000000");
  }

  @Test
  void unchangedToastedValuesAreUnavailable() throws Exception {
    TargetTable t =
        TestTables.table(
            POSTGRESQL,
            POSTGRESQL,
            "tgt",
            "t",
            List.of("id"),
            "id",
            "integer",
            "doc",
            "text",
            "data",
            "bytea",
            "tags",
            "text[]",
            "ids",
            "integer[]",
            "n",
            "integer");
    String bytes =
        EventDecoder.PLACEHOLDER
            .chars()
            .mapToObj(String::valueOf)
            .reduce((a, b) -> a + "," + b)
            .orElseThrow();
    String after =
        """
        {"id":1,"doc":"__debezium_unavailable_value","data":"X19kZWJleml1bV91bmF2YWlsYWJsZV92YWx1ZQ==",\
        "tags":["__debezium_unavailable_value"],"ids":[%s],"n":5}"""
            .formatted(bytes);
    ChangeEvent e =
        decode(t, POSTGRESQL, POSTGRESQL, "{\"id\":1}", envelope(POSTGRESQL, "u", "null", after))
            .get(0);

    assertThat(e.after())
        .containsExactly(
            "1",
            ChangeEvent.UNAVAILABLE,
            ChangeEvent.UNAVAILABLE,
            ChangeEvent.UNAVAILABLE,
            ChangeEvent.UNAVAILABLE,
            "5");
  }

  @Test
  void theMySqlConnectorSendsNoPlaceholders() throws Exception {
    assertThat(value(MARIADB, POSTGRESQL, "text", "\"__debezium_unavailable_value\""))
        .isEqualTo("__debezium_unavailable_value");
  }

  @Test
  void tombstonesCarryNothing() throws Exception {
    assertThat(
            decode(
                twoColumns(MARIADB, POSTGRESQL, "text"), MARIADB, POSTGRESQL, "{\"id\":1}", null))
        .isEmpty();
  }

  @Test
  void schemaEnvelopesAreUnwrapped() throws Exception {
    TargetTable t = twoColumns(MARIADB, POSTGRESQL, "text");
    String value =
        "{\"schema\":{\"type\":\"struct\"},\"payload\":"
            + envelope(MARIADB, "c", "null", "{\"id\":1,\"c\":\"x\"}")
            + "}";

    assertThat(decode(t, MARIADB, POSTGRESQL, "{\"id\":1}", value).get(0).after())
        .containsExactly("1", "x");
  }

  @Test
  void aTruncateEventTruncatesTheTable() throws Exception {
    TargetTable t = twoColumns(POSTGRESQL, POSTGRESQL, "text");

    List<ChangeEvent> events =
        decode(t, POSTGRESQL, POSTGRESQL, null, envelope(POSTGRESQL, "t", "null", "null"));

    assertThat(events).singleElement().satisfies(e -> assertThat(e.isTruncate()).isTrue());
  }

  @Test
  void messageEventsArePoison() {
    TargetTable t = twoColumns(POSTGRESQL, POSTGRESQL, "text");

    assertThatThrownBy(
            () ->
                decode(t, POSTGRESQL, POSTGRESQL, null, envelope(POSTGRESQL, "m", "null", "null")))
        .isInstanceOf(PoisonEventException.class)
        .hasMessageContaining("operation \"m\" is not applied");
  }

  @Test
  void valuesThatAreNotJsonArePoison() {
    TargetTable t = twoColumns(POSTGRESQL, POSTGRESQL, "text");

    assertThatThrownBy(() -> decode(t, POSTGRESQL, POSTGRESQL, "{\"id\":1}", "Struct{id=1}"))
        .isInstanceOf(PoisonEventException.class)
        .hasMessageContaining("the value is not JSON")
        .hasMessageContaining("JsonConverter");
  }

  @Test
  void aColumnTheTargetLacksIsPoison() {
    TargetTable t = twoColumns(MARIADB, POSTGRESQL, "text");

    assertThatThrownBy(
            () ->
                decode(
                    t,
                    MARIADB,
                    POSTGRESQL,
                    "{\"id\":1}",
                    envelope(MARIADB, "c", "null", "{\"id\":1,\"c\":\"x\",\"added\":2}")))
        .isInstanceOfSatisfying(
            PoisonEventException.class, e -> assertThat(e.column()).isEqualTo("added"))
        .hasMessageContaining("the source table changed");
  }

  @Test
  void aMissingColumnIsPoison() {
    TargetTable t = twoColumns(MARIADB, POSTGRESQL, "text");

    assertThatThrownBy(
            () ->
                decode(
                    t,
                    MARIADB,
                    POSTGRESQL,
                    "{\"id\":1}",
                    envelope(MARIADB, "c", "null", "{\"id\":1}")))
        .isInstanceOfSatisfying(
            PoisonEventException.class, e -> assertThat(e.column()).isEqualTo("c"));
  }

  @Test
  void tablesWithoutARowKeyAreRefused() {
    TargetTable t = TestTables.table(MARIADB, POSTGRESQL, "tgt", "t", List.of(), "a", "int(11)");

    assertThatThrownBy(() -> EventDecoder.of(t, MARIADB, POSTGRESQL))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("table t has neither a primary key");
  }
}
