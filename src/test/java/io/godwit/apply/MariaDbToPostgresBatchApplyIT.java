package io.godwit.apply;

import io.godwit.engine.Engine;
import io.godwit.testing.TypeCases;
import java.util.List;

/** The values of {@link TypeCases#mariaDbToPostgres()}, streamed instead of copied. */
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
    return TypeCases.mariaDbToPostgres().stream()
        .filter(c -> c.json() != null)
        .map(c -> new Case(c.sourceType(), c.json(), c.expected()))
        .toList();
  }
}
