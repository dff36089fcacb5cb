package io.godwit.snapshot;

import io.godwit.engine.Engine;
import java.util.List;

class PostgresToMariaDbTypesIT extends TypeMatrixIT {

  @Override
  Engine source() {
    return Engine.POSTGRESQL;
  }

  @Override
  Engine target() {
    return Engine.MARIADB;
  }

  @Override
  List<String> sourceSetup() {
    return List.of("CREATE TYPE mood AS ENUM ('happy', 'it''s')", "SET TimeZone = 'UTC'");
  }

  @Override
  List<Case> cases() {
    return List.of(
        new Case("smallint", "-32768", "-32768"),
        new Case("integer", "2147483647", "2147483647"),
        new Case("bigint", "-9223372036854775808", "-9223372036854775808"),
        new Case(
            "numeric(38,10)",
            "1234567890123456789012345678.0123456789",
            "1234567890123456789012345678.0123456789"),
        new Case("numeric(12,2)", "10.50", "10.50"),
        new Case("real", "1.5", "1.5"),
        new Case("double precision", "0.1", "0.1"),
        new Case("boolean", "true", "1"),
        new Case(
            "varchar(60)", "E'it''s a \\\\ back\\tslash\\nline'", "it's a \\ back\tslash\nline"),
        new Case("text", "'ünï 😀 中文'", "ünï 😀 中文"),
        new Case("bytea", "'\\x00ff10'::bytea", "00FF10"),
        new Case("date", "'2024-02-29'", "2024-02-29"),
        new Case("timestamp(6)", "'2024-02-29 23:59:59.123456'", "2024-02-29 23:59:59.123456"),
        new Case("timestamptz", "'2024-01-01 12:00:00.5+02'", "2024-01-01 10:00:00.500000"),
        new Case("time", "'13:14:15.5'", "13:14:15.500000"),
        new Case("jsonb", "'{\"b\": [1, 2], \"a\": \"ü\"}'", "{\"a\": \"ü\", \"b\": [1, 2]}"),
        new Case(
            "uuid",
            "'123e4567-e89b-12d3-a456-426614174000'",
            "123e4567-e89b-12d3-a456-426614174000"),
        new Case("integer[]", "'{1,2,3}'", "[1,2,3]"),
        new Case("mood", "'it''s'", "it's"),
        new Case("inet", "'192.168.0.1/24'", "192.168.0.1/24"),
        new Case("bit(5)", "B'10101'", "10101"));
  }
}
