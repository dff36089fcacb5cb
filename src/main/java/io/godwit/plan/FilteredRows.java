package io.godwit.plan;

import io.godwit.db.Dialect;
import io.godwit.db.Finding;
import io.godwit.db.Jdbc;
import io.godwit.schema.TargetTable;
import java.sql.Connection;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * What each row filter ({@code tables.filter}) selects: the source rows it keeps against the
 * table's rows, counted on the source (two full reads of each filtered table), for {@code plan}.
 */
final class FilteredRows {

  private FilteredRows() {}

  static List<Finding> count(Connection src, Dialect source, List<TargetTable> tables)
      throws SQLException {
    List<Finding> findings = new ArrayList<>();
    for (TargetTable t : tables) {
      Optional<String> filter = source.rowFilter(t);
      if (filter.isEmpty()) {
        continue;
      }
      String from = source.qualify(t.source().schema(), t.source().name());
      long all = Jdbc.queryLong(src, "SELECT COUNT(*) FROM " + from);
      long selected =
          Jdbc.queryLong(src, "SELECT COUNT(*) FROM " + from + " WHERE " + filter.get());
      findings.add(
          Finding.info(
              "tables.filter." + t.source().name(),
              "the filter of %s (%s) selects %,d of its %,d rows (%s): only those are copied,"
                      .formatted(
                          t.source().name(),
                          t.rows().text(),
                          selected,
                          all,
                          all == 0 ? "-" : "%.1f %%".formatted(100.0 * selected / all))
                  + " streamed and validated"));
    }
    if (!src.getAutoCommit()) {
      src.commit();
    }
    return findings;
  }
}
