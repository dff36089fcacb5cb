package io.godwit.snapshot;

import io.godwit.engine.Engine;
import java.util.List;

class MariaDbToMariaDbTypesIT extends TypeMatrixIT {

  @Override
  Engine source() {
    return Engine.MARIADB;
  }

  @Override
  Engine target() {
    return Engine.MARIADB;
  }

  @Override
  List<Case> cases() {
    return List.of(
        new Case("tinyint(1)", "7", "7"),
        new Case("bigint unsigned", "18446744073709551615", "18446744073709551615"),
        new Case(
            "decimal(65,30)",
            "-12345678901234567890.123456789012345678901234567890",
            "-12345678901234567890.123456789012345678901234567890"),
        new Case("double", "1.7976931348623157e308", "1.7976931348623157e308"),
        new Case(
            "varchar(60)", "'it''s a \\\\ back\\tslash\\nline'", "it's a \\ back\tslash\nline"),
        new Case("varchar(20)", "'ünï 😀 中文'", "ünï 😀 中文"),
        new Case("varbinary(8)", "X'00FF10'", "00FF10"),
        new Case("datetime(6)", "'2024-02-29 23:59:59.123456'", "2024-02-29 23:59:59.123456"),
        new Case("datetime", "'0000-00-00 00:00:00'", "0000-00-00 00:00:00"),
        new Case("time(6)", "'-838:59:59.000000'", "-838:59:59.000000"),
        new Case("year", "2024", "2024"),
        new Case("json", "'{\"b\": [1, 2], \"a\": \"ü\"}'", "{\"b\": [1, 2], \"a\": \"ü\"}"),
        new Case("enum('small','it''s')", "'it''s'", "it's"),
        new Case("set('a','b','c')", "'a,c'", "a,c"),
        new Case("bit(5)", "b'10101'", "10101"));
  }
}
