package io.godwit.snapshot;

import io.godwit.engine.Engine;
import java.util.List;

class MariaDbToPostgresTypesIT extends TypeMatrixIT {

  @Override
  Engine source() {
    return Engine.MARIADB;
  }

  @Override
  Engine target() {
    return Engine.POSTGRESQL;
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
        new Case("decimal(20,6)", "-12345678901234.123456", "-12345678901234.123456"),
        new Case("decimal(12,2)", "10.50", "10.50"),
        new Case("float", "1.5", "1.5"),
        new Case("double", "1.7976931348623157e308", "1.7976931348623157e+308"),
        new Case("double", "0.1", "0.1"),
        new Case("char(3)", "'ab'", "ab"),
        new Case(
            "varchar(60)", "'it''s a \\\\ back\\tslash\\nline'", "it's a \\ back\tslash\nline"),
        new Case("varchar(20)", "'ünï 😀 中文'", "ünï 😀 中文"),
        new Case("text", "''", ""),
        new Case("binary(4)", "X'00FF10'", "\\x00ff1000"),
        new Case("varbinary(8)", "X'00FF10'", "\\x00ff10"),
        new Case("blob", "X'DEADBEEF00'", "\\xdeadbeef00"),
        new Case("date", "'2024-02-29'", "2024-02-29"),
        new Case("datetime(6)", "'2024-02-29 23:59:59.123456'", "2024-02-29 23:59:59.123456"),
        new Case("datetime", "'0000-00-00 00:00:00'", null),
        new Case("timestamp(6) NULL", "'2024-01-01 12:00:00.5'", "2024-01-01 12:00:00.5+00"),
        new Case("time(6)", "'13:14:15.5'", "13:14:15.5"),
        new Case("year", "2024", "2024"),
        new Case("json", "'{\"b\": [1, 2], \"a\": \"ü\"}'", "{\"a\": \"ü\", \"b\": [1, 2]}"),
        new Case("enum('small','it''s')", "'it''s'", "it's"),
        new Case("set('a','b','c')", "'a,c'", "a,c"),
        new Case("bit(5)", "b'10101'", "10101"),
        new Case("bit(1)", "b'1'", "true"),
        new Case(
            "uuid",
            "'123e4567-e89b-12d3-a456-426614174000'",
            "123e4567-e89b-12d3-a456-426614174000"));
  }
}
