package io.godwit.testing;

import java.util.List;
import java.util.Objects;

/**
 * One table of type cases per cross-engine direction, for both paths a value takes to the target:
 * copied by the snapshot from a source SQL literal ({@code snapshot.*TypesIT}), and streamed as the
 * source's Debezium connector encodes it ({@code apply.*BatchApplyIT}). Both must arrive as the
 * same text on the target, so a case is written once and a difference between the paths shows.
 */
public final class TypeCases {

  /**
   * @param sourceType the column's type on the source
   * @param literal the value as a source SQL literal, for the copy
   * @param json the same value as the source's connector encodes it, for the stream; null where the
   *     stream has no such value (a MariaDB zero date: the connector turns it into NULL or the
   *     epoch before Godwit sees it, see {@code ZeroDatesIT})
   * @param expected the value read back on the target as text; null when it must arrive as NULL
   */
  public record TypeCase(String sourceType, String literal, String json, String expected) {
    public TypeCase {
      Objects.requireNonNull(sourceType);
      Objects.requireNonNull(literal);
    }
  }

  private TypeCases() {}

  public static List<TypeCase> mariaDbToPostgres() {
    return List.of(
        new TypeCase("tinyint(1)", "1", "1", "true"),
        new TypeCase("tinyint", "-128", "-128", "-128"),
        new TypeCase("tinyint unsigned", "255", "255", "255"),
        new TypeCase("smallint unsigned", "65535", "65535", "65535"),
        new TypeCase("mediumint", "-8388608", "-8388608", "-8388608"),
        new TypeCase("int unsigned", "4294967295", "4294967295", "4294967295"),
        new TypeCase(
            "bigint", "-9223372036854775808", "-9223372036854775808", "-9223372036854775808"),
        new TypeCase(
            "bigint unsigned",
            "18446744073709551615",
            "18446744073709551615",
            "18446744073709551615"),
        new TypeCase(
            "decimal(20,6)",
            "-12345678901234.123456",
            "\"-12345678901234.123456\"",
            "-12345678901234.123456"),
        new TypeCase("decimal(12,2)", "10.50", "\"10.50\"", "10.50"),
        new TypeCase("float", "1.5", "1.5", "1.5"),
        new TypeCase(
            "double",
            "1.7976931348623157e308",
            "1.7976931348623157E308",
            "1.7976931348623157e+308"),
        new TypeCase("double", "0.1", "0.1", "0.1"),
        new TypeCase("char(3)", "'ab'", "\"ab\"", "ab"),
        new TypeCase(
            "varchar(60)",
            "'it''s a \\\\ back\\tslash\\nline'",
            "\"it's a \\\\ back\\tslash\\nline\"",
            "it's a \\ back\tslash\nline"),
        new TypeCase("varchar(20)", "'ünï 😀 中文'", "\"ünï 😀 中文\"", "ünï 😀 中文"),
        new TypeCase("text", "''", "\"\"", ""),
        new TypeCase("binary(4)", "X'00FF10'", "\"AP8QAA==\"", "\\x00ff1000"),
        new TypeCase("varbinary(8)", "X'00FF10'", "\"AP8Q\"", "\\x00ff10"),
        new TypeCase("blob", "X'DEADBEEF00'", "\"3q2+7wA=\"", "\\xdeadbeef00"),
        new TypeCase("date", "'2024-02-29'", "19782", "2024-02-29"),
        new TypeCase(
            "datetime(6)",
            "'2024-02-29 23:59:59.123456'",
            "1709251199123456",
            "2024-02-29 23:59:59.123456"),
        new TypeCase("datetime", "'2024-02-29 23:59:59'", "1709251199000", "2024-02-29 23:59:59"),
        new TypeCase("datetime", "'0000-00-00 00:00:00'", null, null),
        new TypeCase(
            "timestamp(6) NULL",
            "'2024-01-01 12:00:00.5'",
            "\"2024-01-01T12:00:00.5Z\"",
            "2024-01-01 12:00:00.5+00"),
        new TypeCase("time(6)", "'13:14:15.5'", "47655500000", "13:14:15.5"),
        new TypeCase("year", "2024", "2024", "2024"),
        new TypeCase(
            "json",
            "'{\"b\": [1, 2], \"a\": \"ü\"}'",
            "\"{\\\"b\\\": [1, 2], \\\"a\\\": \\\"ü\\\"}\"",
            "{\"a\": \"ü\", \"b\": [1, 2]}"),
        new TypeCase("enum('small','it''s')", "'it''s'", "\"it's\"", "it's"),
        new TypeCase("set('a','b','c')", "'a,c'", "\"a,c\"", "a,c"),
        new TypeCase("bit(5)", "b'10101'", "\"FQ==\"", "10101"),
        new TypeCase("bit(12)", "b'100000000001'", "\"AQg=\"", "100000000001"),
        new TypeCase("bit(1)", "b'1'", "true", "true"),
        new TypeCase(
            "uuid",
            "'123e4567-e89b-12d3-a456-426614174000'",
            "\"123e4567-e89b-12d3-a456-426614174000\"",
            "123e4567-e89b-12d3-a456-426614174000"));
  }

  /** The source runs with {@code TimeZone = 'UTC'} and has the enum type {@code mood}. */
  public static List<TypeCase> postgresToMariaDb() {
    return List.of(
        new TypeCase("smallint", "-32768", "-32768", "-32768"),
        new TypeCase("integer", "2147483647", "2147483647", "2147483647"),
        new TypeCase(
            "bigint", "-9223372036854775808", "-9223372036854775808", "-9223372036854775808"),
        new TypeCase(
            "numeric(38,10)",
            "1234567890123456789012345678.0123456789",
            "\"1234567890123456789012345678.0123456789\"",
            "1234567890123456789012345678.0123456789"),
        new TypeCase("numeric(12,2)", "10.50", "\"10.50\"", "10.50"),
        new TypeCase("real", "1.5", "1.5", "1.5"),
        new TypeCase("double precision", "0.1", "0.1", "0.1"),
        new TypeCase("boolean", "true", "true", "1"),
        new TypeCase(
            "varchar(60)",
            "E'it''s a \\\\ back\\tslash\\nline'",
            "\"it's a \\\\ back\\tslash\\nline\"",
            "it's a \\ back\tslash\nline"),
        new TypeCase("text", "'ünï 😀 中文'", "\"ünï 😀 中文\"", "ünï 😀 中文"),
        new TypeCase("bytea", "'\\x00ff10'::bytea", "\"AP8Q\"", "00FF10"),
        new TypeCase("date", "'2024-02-29'", "19782", "2024-02-29"),
        new TypeCase(
            "timestamp(6)",
            "'2024-02-29 23:59:59.123456'",
            "1709251199123456",
            "2024-02-29 23:59:59.123456"),
        new TypeCase(
            "timestamptz",
            "'2024-01-01 12:00:00.5+02'",
            "\"2024-01-01T10:00:00.5Z\"",
            "2024-01-01 10:00:00.500000"),
        new TypeCase("time", "'13:14:15.5'", "47655500000", "13:14:15.500000"),
        new TypeCase("timetz", "'10:15:30.5+00'", "\"10:15:30.5Z\"", "10:15:30.500000"),
        new TypeCase(
            "interval",
            "'1 year 14 mons 3 days 04:05:06.78'",
            "\"P1Y14M3DT4H5M6.78S\"",
            "P2Y2M3DT4H5M6.78S"),
        new TypeCase(
            "jsonb",
            "'{\"b\": [1, 2], \"a\": \"ü\"}'",
            "\"{\\\"a\\\": \\\"ü\\\", \\\"b\\\": [1, 2]}\"",
            "{\"a\": \"ü\", \"b\": [1, 2]}"),
        new TypeCase(
            "uuid",
            "'123e4567-e89b-12d3-a456-426614174000'",
            "\"123e4567-e89b-12d3-a456-426614174000\"",
            "123e4567-e89b-12d3-a456-426614174000"),
        new TypeCase("integer[]", "'{1,2,3}'", "[1,2,3]", "[1,2,3]"),
        new TypeCase(
            "text[]",
            "ARRAY['a', NULL, 'b\"c']",
            "[\"a\",null,\"b\\\"c\"]",
            "[\"a\",null,\"b\\\"c\"]"),
        new TypeCase("mood", "'it''s'", "\"it's\"", "it's"),
        new TypeCase("inet", "'192.168.0.1/24'", "\"192.168.0.1/24\"", "192.168.0.1/24"),
        new TypeCase("bit(5)", "B'10101'", "\"FQ==\"", "10101"),
        new TypeCase("bit varying(8)", "B'00101'", "\"00101\"", "101"));
  }
}
