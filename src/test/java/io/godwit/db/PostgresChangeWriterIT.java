package io.godwit.db;

import io.godwit.engine.Engine;
import java.util.List;

class PostgresChangeWriterIT extends AbstractChangeWriterIT {

  @Override
  Engine engine() {
    return Engine.POSTGRESQL;
  }

  @Override
  List<String> types() {
    return List.of("bigint", "text", "numeric(12,2)", "bytea", "varchar(20)", "integer");
  }

  @Override
  String hex(String quotedColumn) {
    return "encode(" + quotedColumn + ", 'hex')";
  }
}
