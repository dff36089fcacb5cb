package io.godwit.apply;

import io.godwit.engine.Engine;
import java.util.List;

/** The values of {@code MariaDbToPostgresTypesIT}, streamed instead of copied. */
class MariaDbToPostgresBatchApplyIT extends AbstractBatchApplyIT {

  @Override
  Engine source() {
    return Engine.MARIADB;
  }

  @Override
  Engine target() {
    return Engine.POSTGRESQL;
  }

  @Override
  String sourceBlock() {
    return """
        {"version":"3.5.0.Final","connector":"mariadb","name":"godwit","ts_ms":1700000000000,\
        "snapshot":"false","db":"src","table":"t","server_id":1,"gtid":"0-1-42",\
        "file":"mysql-bin.000003","pos":1234,"row":0}""";
  }

  @Override
  List<Case> cases() {
    return List.of(
        new Case("tinyint(1)", "1", "true"),
        new Case("tinyint", "-128", "-128"),
        new Case("tinyint unsigned", "255", "255"),
        new Case("smallint unsigned", "65535", "65535"),
        new Case("mediumint", "-8388608", "-8388608"),
        new Case("int unsigned", "4294967295", "4294967295"),
        new Case("bigint", "-9223372036854775808", "-9223372036854775808"),
        new Case("bigint unsigned", "18446744073709551615", "18446744073709551615"),
        new Case("decimal(20,6)", "\"-12345678901234.123456\"", "-12345678901234.123456"),
        new Case("decimal(12,2)", "\"10.50\"", "10.50"),
        new Case("float", "1.5", "1.5"),
        new Case("double", "1.7976931348623157E308", "1.7976931348623157e+308"),
        new Case("double", "0.1", "0.1"),
        new Case("char(3)", "\"ab\"", "ab"),
        new Case(
            "varchar(60)", "\"it's a \\\\ back\\tslash\\nline\"", "it's a \\ back\tslash\nline"),
        new Case("varchar(20)", "\"ünï 😀 中文\"", "ünï 😀 中文"),
        new Case("text", "\"\"", ""),
        new Case("binary(4)", "\"AP8QAA==\"", "\\x00ff1000"),
        new Case("varbinary(8)", "\"AP8Q\"", "\\x00ff10"),
        new Case("blob", "\"3q2+7wA=\"", "\\xdeadbeef00"),
        new Case("date", "19782", "2024-02-29"),
        new Case("datetime(6)", "1709251199123456", "2024-02-29 23:59:59.123456"),
        new Case("datetime", "1709251199000", "2024-02-29 23:59:59"),
        new Case("timestamp(6) NULL", "\"2024-01-01T12:00:00.5Z\"", "2024-01-01 12:00:00.5+00"),
        new Case("time(6)", "47655500000", "13:14:15.5"),
        new Case("year", "2024", "2024"),
        new Case(
            "json",
            "\"{\\\"b\\\": [1, 2], \\\"a\\\": \\\"ü\\\"}\"",
            "{\"a\": \"ü\", \"b\": [1, 2]}"),
        new Case("enum('small','it''s')", "\"it's\"", "it's"),
        new Case("set('a','b','c')", "\"a,c\"", "a,c"),
        new Case("bit(5)", "\"FQ==\"", "10101"),
        new Case("bit(12)", "\"AQg=\"", "100000000001"),
        new Case("bit(1)", "true", "true"),
        new Case(
            "uuid",
            "\"123e4567-e89b-12d3-a456-426614174000\"",
            "123e4567-e89b-12d3-a456-426614174000"));
  }
}
