package io.godwit.snapshot;

import io.godwit.engine.Engine;
import java.util.List;

class PostgresToPostgresTypesIT extends TypeMatrixIT {

  @Override
  Engine source() {
    return Engine.POSTGRESQL;
  }

  @Override
  Engine target() {
    return Engine.POSTGRESQL;
  }

  @Override
  List<String> sourceSetup() {
    return List.of("CREATE TYPE mood AS ENUM ('happy', 'it''s')");
  }

  @Override
  List<Case> cases() {
    return List.of(
        new Case("numeric", "'NaN'", "NaN"),
        new Case("numeric", "0.000000000000000000000000000001", "0.000000000000000000000000000001"),
        new Case("double precision", "'-Infinity'", "-Infinity"),
        new Case("real", "3.4028235e38", "3.4028235e+38"),
        new Case("text", "E'tab\\there \\\\N\\nline'", "tab\there \\N\nline"),
        new Case("bytea", "'\\x00ff10'::bytea", "\\x00ff10"),
        new Case("bytea[]", "ARRAY['\\x00ff'::bytea]", "{\"\\\\x00ff\"}"),
        new Case("timestamptz", "'2024-01-01 12:00:00.123456+02'", "2024-01-01 10:00:00.123456+00"),
        new Case("interval", "'1 year 2 days 03:04:05.5'", "1 year 2 days 03:04:05.5"),
        new Case("jsonb", "'{\"a\": [1, \"x\\ty\"]}'", "{\"a\": [1, \"x\\ty\"]}"),
        new Case("json", "'{\"b\":1,  \"a\":2}'", "{\"b\":1,  \"a\":2}"),
        new Case("text[]", "'{\"a b\",NULL,\"c\\\\\\\"d\"}'", "{\"a b\",NULL,\"c\\\\\\\"d\"}"),
        new Case("integer[][]", "'{{1,2},{3,4}}'", "{{1,2},{3,4}}"),
        new Case("mood", "'it''s'", "it's"),
        new Case(
            "uuid",
            "'123e4567-e89b-12d3-a456-426614174000'",
            "123e4567-e89b-12d3-a456-426614174000"),
        new Case("inet", "'::1/128'", "::1/128"),
        new Case("bit varying(8)", "B'101'", "101"),
        new Case("date", "'infinity'", "infinity"));
  }
}
