package io.godwit.db;

import io.godwit.schema.Column;
import io.godwit.schema.Table;
import java.util.List;
import java.util.Map;

/**
 * Column types that a Debezium connector cannot stream: a table with one stops its capture or its
 * changes, so {@code plan} names each such column as a blocker with its fix. Each was found by the
 * fidelity harness.
 */
final class UncapturedTypes {

  private UncapturedTypes() {}

  /**
   * @param refused type name to what it can be changed into, e.g. {@code inet6} to {@code
   *     varchar(39)}
   * @param why what happens to a table with such a column
   */
  static void check(
      List<Table> tables, Map<String, String> refused, String why, List<Finding> findings) {
    for (Table table : tables) {
      for (Column column : table.columns()) {
        String type = column.type().name();
        String instead = refused.get(type);
        if (instead != null && column.type().arrayDimensions() == 0) {
          findings.add(
              Finding.blocker(
                  "column %s.%s".formatted(table.name(), column.name()),
                  "%s.%s is %s, %s".formatted(table.name(), column.name(), type, why),
                  ("change the column to %s on the source, or exclude the table"
                          + " (tables.exclude) and copy it once with godwit snapshot")
                      .formatted(instead)));
        }
      }
    }
  }
}
