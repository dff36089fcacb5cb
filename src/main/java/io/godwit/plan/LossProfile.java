package io.godwit.plan;

import io.godwit.db.Dialect;
import io.godwit.db.Finding;
import io.godwit.schema.ColumnMapping;
import io.godwit.schema.Loss;
import io.godwit.schema.Table;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * Counts, on the source, the rows holding values a lossy mapping changes or the target refuses: one
 * scan per table of at most {@link #ROWS} rows, every condition of its columns counted in it. A
 * count above zero is a warning, or a blocker where the target refuses the values (the copy would
 * stop on them); none found is a note.
 */
final class LossProfile {

  /** Rows scanned per table at most; a larger table is judged by its first rows. */
  static final long ROWS = 10_000_000;

  private LossProfile() {}

  /** The profiled mappings, in the order given, with a finding for each condition counted. */
  record Result(List<ColumnMapping> mappings, List<Finding> findings) {}

  /**
   * Scans each table with lossy mappings or columns of unbounded size once, counting the first and
   * measuring its largest row ({@link LargeRows}) in the same query.
   */
  static Result profile(
      Connection source, Dialect dialect, List<Table> tables, List<ColumnMapping> mappings)
      throws SQLException {
    Map<ColumnMapping, ColumnMapping> profiled = new LinkedHashMap<>();
    List<Finding> findings = new ArrayList<>();
    for (Table t : tables) {
      List<ColumnMapping> lossy =
          mappings.stream()
              .filter(m -> m.table().equals(t.name()) && !m.losses().isEmpty())
              .toList();
      Optional<String> size = LargeRows.size(dialect, t);
      if (!lossy.isEmpty() || size.isPresent()) {
        table(source, dialect, t, lossy, size, profiled, findings);
      }
    }
    List<ColumnMapping> result = mappings.stream().map(m -> profiled.getOrDefault(m, m)).toList();
    return new Result(result, findings);
  }

  private static void table(
      Connection source,
      Dialect dialect,
      Table table,
      List<ColumnMapping> columns,
      Optional<String> size,
      Map<ColumnMapping, ColumnMapping> profiled,
      List<Finding> findings)
      throws SQLException {
    List<String> selected = new ArrayList<>(List.of("count(*)", "max(" + size.orElse("0") + ")"));
    for (ColumnMapping m : columns) {
      String column = dialect.quote(m.column());
      List<String> predicates = m.losses().stream().map(l -> l.predicateFor(column)).toList();
      selected.add(
          count(String.join(" OR ", predicates.stream().map(p -> "(" + p + ")").toList())));
      predicates.forEach(p -> selected.add(count(p)));
    }
    String sql =
        "SELECT %s FROM (SELECT * FROM %s LIMIT %d) s"
            .formatted(
                String.join(", ", selected), dialect.qualify(table.schema(), table.name()), ROWS);
    try (Statement st = source.createStatement();
        ResultSet rs = st.executeQuery(sql)) {
      rs.next();
      long scanned = rs.getLong(1);
      boolean complete = scanned < ROWS;
      if (size.isPresent()) {
        LargeRows.finding(table, rs.getLong(2), complete).ifPresent(findings::add);
      }
      int at = 3;
      for (ColumnMapping m : columns) {
        long any = rs.getLong(at++);
        profiled.put(m, m.withProfile(new ColumnMapping.Profile(any, scanned, complete)));
        for (Loss loss : m.losses()) {
          findings.add(finding(m, loss, rs.getLong(at++), scanned, complete));
        }
      }
    }
  }

  private static String count(String predicate) {
    return "SUM(CASE WHEN " + predicate + " THEN 1 ELSE 0 END)";
  }

  private static Finding finding(
      ColumnMapping m, Loss loss, long affected, long scanned, boolean complete) {
    String column = m.table() + "." + m.column();
    String subject = "column " + column;
    String among = complete ? "" : " among the first %,d".formatted(scanned);
    if (affected == 0) {
      return Finding.info(
          subject,
          "%s -> %s: no row%s holds %s"
                  .formatted(m.sourceType(), m.targetType(), among, loss.values())
              + (complete ? "" : "; the rest was not read"));
    }
    String message =
        "%s -> %s: %,d rows%s hold %s"
            .formatted(m.sourceType(), m.targetType(), affected, among, loss.values());
    if (loss.rejected()) {
      return Finding.blocker(
          subject, message + "; the copy would stop on them", loss.fixFor(column));
    }
    return Finding.warning(subject, "lossy: " + message, loss.fixFor(column));
  }
}
