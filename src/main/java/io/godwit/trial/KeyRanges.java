package io.godwit.trial;

import io.godwit.db.Dialect;
import io.godwit.engine.Engine;
import io.godwit.schema.Index;
import io.godwit.schema.RowFilter;
import io.godwit.schema.TargetTable;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.LocalDateTime;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import javax.sql.DataSource;

/**
 * Chooses each table's key-range sample on the source: the key value of the sample's last row, read
 * by the source engine in key order, becomes a row filter {@code "key" <= value}, so the snapshot,
 * the applier and validation all see the same rows through the same filter machinery.
 */
public final class KeyRanges {

  private static final DateTimeFormatter TIMESTAMP =
      DateTimeFormatter.ofPattern("yyyy-MM-dd HH:mm:ss.SSSSSS");

  private final DataSource source;
  private final Engine engine;
  private final Dialect dialect;

  public KeyRanges(DataSource source, Engine engine) {
    this.source = source;
    this.engine = engine;
    this.dialect = Dialect.of(engine);
  }

  /** One sample per table, in the order of {@code tables}. */
  public List<TableSample> choose(List<TargetTable> tables, SampleSize size) throws SQLException {
    List<TableSample> samples = new ArrayList<>();
    for (TargetTable table : tables) {
      samples.add(choose(table, size));
    }
    return samples;
  }

  private TableSample choose(TargetTable table, SampleSize size) throws SQLException {
    String name = table.source().name();
    long tableRows =
        table.source().estimatedRows() > 0 ? table.source().estimatedRows() : count(table);
    Index key = table.source().primaryKey();
    if (key == null || key.columns().isEmpty()) {
      return TableSample.whole(name, "no primary key to take a key range of", tableRows);
    }
    String column = key.columns().get(0).column();
    Optional<TargetTable.TargetColumn> keyColumn =
        table.columns().stream().filter(c -> c.source().name().equals(column)).findFirst();
    if (keyColumn.isEmpty() || !RowFilter.comparesInOrder(keyColumn.get(), engine)) {
      return TableSample.whole(
          name,
          "its first key column %s is not a number, date or timestamp, which a filter can compare"
                  .formatted(column)
              + " by order",
          tableRows);
    }
    if (column.contains("\"")) {
      return TableSample.whole(name, "its first key column's name holds a double quote", tableRows);
    }
    long rows = size.rowsOf(tableRows);
    Optional<String> last = lastKey(table, column, rows);
    return last.map(v -> TableSample.range(name, "\"" + column + "\" <= " + v, tableRows))
        .orElseGet(
            () -> TableSample.whole(name, "it has fewer than %,d rows".formatted(rows), tableRows));
  }

  /** The table's rows, counted: its statistics have no estimate. */
  private long count(TargetTable table) throws SQLException {
    try (Connection c = source.getConnection();
        PreparedStatement ps =
            c.prepareStatement(
                "SELECT COUNT(*) FROM "
                    + dialect.qualify(table.source().schema(), table.source().name()));
        ResultSet rs = ps.executeQuery()) {
      rs.next();
      return rs.getLong(1);
    }
  }

  /**
   * The key of the {@code rows}-th row in key order, as a filter constant; empty when the table has
   * fewer rows.
   */
  private Optional<String> lastKey(TargetTable table, String column, long rows)
      throws SQLException {
    String quoted = dialect.quote(column);
    String sql =
        "SELECT %s FROM %s ORDER BY %s LIMIT 1 OFFSET %d"
            .formatted(
                quoted,
                dialect.qualify(table.source().schema(), table.source().name()),
                quoted,
                rows - 1);
    try (Connection c = source.getConnection();
        PreparedStatement ps = c.prepareStatement(sql);
        ResultSet rs = ps.executeQuery()) {
      if (!rs.next()) {
        return Optional.empty();
      }
      Object value = rs.getObject(1);
      if (value == null) {
        return Optional.empty();
      }
      return Optional.of(constant(rs, value));
    }
  }

  private static String constant(ResultSet rs, Object value) throws SQLException {
    if (value instanceof Number) {
      return rs.getBigDecimal(1).toPlainString();
    }
    if (value instanceof java.sql.Date || value instanceof java.time.LocalDate) {
      return "'" + rs.getObject(1, java.time.LocalDate.class) + "'";
    }
    return "'" + rs.getObject(1, LocalDateTime.class).format(TIMESTAMP) + "'";
  }
}
