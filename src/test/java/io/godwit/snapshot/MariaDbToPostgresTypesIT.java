package io.godwit.snapshot;

import io.godwit.engine.Engine;
import io.godwit.testing.TypeCases;
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
    return TypeCases.mariaDbToPostgres().stream()
        .map(c -> new Case(c.sourceType(), c.literal(), c.expected()))
        .toList();
  }
}
