package io.godwit.db;

import io.godwit.schema.Table;
import java.util.List;

/** Every table needs a key to upsert and delete by; the checks every engine shares. */
final class RowKeyChecks {

  private RowKeyChecks() {}

  static void check(List<Table> tables, List<Finding> findings) {
    for (Table table : tables) {
      if (table.hasPrimaryKey()) {
        continue;
      }
      table
          .rowKey()
          .ifPresentOrElse(
              key ->
                  findings.add(
                      Finding.warning(
                          "table " + table.name(),
                          "%s has no primary key; its unique NOT NULL key %s (%s) identifies rows"
                              .formatted(
                                  table.name(), key.name(), String.join(", ", key.columnNames())),
                          "none needed; the target gets that key as its primary key")),
              () ->
                  findings.add(
                      Finding.blocker(
                          "table " + table.name(),
                          ("%s must have a primary key or a unique NOT NULL key to stream changes,"
                                  + " found neither")
                              .formatted(table.name()),
                          "add a primary key, or exclude the table (tables.exclude) and copy it"
                              + " once with godwit snapshot")));
    }
  }
}
