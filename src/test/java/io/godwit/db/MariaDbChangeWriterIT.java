package io.godwit.db;

import io.godwit.engine.Engine;
import java.util.List;

class MariaDbChangeWriterIT extends AbstractChangeWriterIT {

  @Override
  Engine engine() {
    return Engine.MARIADB;
  }

  @Override
  List<String> types() {
    return List.of("bigint", "text", "decimal(12,2)", "longblob", "varchar(20)", "int");
  }

  @Override
  String hex(String quotedColumn) {
    return "LOWER(HEX(" + quotedColumn + "))";
  }
}
