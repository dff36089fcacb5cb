package io.godwit.snapshot;

import io.godwit.engine.Engine;
import io.godwit.testing.TypeCases;
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
    return TypeCases.postgresToMariaDb().stream()
        .map(c -> new Case(c.sourceType(), c.literal(), c.expected()))
        .toList();
  }
}
