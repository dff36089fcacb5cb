package io.godwit.snapshot;

import io.godwit.db.ColumnCodec;
import io.godwit.db.Dialect;
import io.godwit.engine.Engine;
import io.godwit.schema.TargetTable;
import java.util.List;
import java.util.stream.Collectors;

/**
 * What copying one table needs, worked out once: the source query, each column's codec, the target
 * column names and the key.
 *
 * @param keyColumns source names of the row key's columns; empty for a table copied whole
 */
public record TableCopy(
    TargetTable table,
    List<ColumnCodec> codecs,
    List<String> targetColumns,
    List<String> keyColumns) {

  public TableCopy {
    codecs = List.copyOf(codecs);
    targetColumns = List.copyOf(targetColumns);
    keyColumns = List.copyOf(keyColumns);
  }

  public static TableCopy of(
      TargetTable table,
      Dialect source,
      Engine target,
      boolean zeroDatesToNull,
      List<String> keyColumns) {
    var columns = table.columns().stream().filter(c -> !c.isGenerated()).toList();
    List<ColumnCodec> codecs =
        columns.stream()
            .map(
                c ->
                    c.isMasked()
                        ? masked(source, c)
                        : source.copyCodec(c.source(), c.type(), target, zeroDatesToNull))
            .toList();
    return new TableCopy(
        table, codecs, columns.stream().map(TargetTable.TargetColumn::name).toList(), keyColumns);
  }

  /**
   * A masked column ({@code tables.columns}) is read as the source's text and written as its mask,
   * as the applier writes it; validation computes the mask on the source by SQL instead.
   */
  private static ColumnCodec masked(Dialect source, TargetTable.TargetColumn c) {
    return new ColumnCodec(
        source.quote(c.source().name()), (rs, i) -> c.mask().apply(rs.getString(i)));
  }

  public String sourceName() {
    return table.source().name();
  }

  /**
   * The source query for one chunk, with {@code ?} for the chunk's bounds: its rows that the
   * table's row filter selects.
   */
  public String selectSql(Dialect source, Chunk chunk) {
    return select(source, chunk.condition(source, keyColumns));
  }

  /** The source query of the rows matching {@code condition} and the table's row filter. */
  String select(Dialect source, String condition) {
    String columns =
        codecs.stream().map(ColumnCodec::selectExpression).collect(Collectors.joining(", "));
    String where =
        source.rowFilter(table).map(f -> "(" + condition + ") AND " + f).orElse(condition);
    return "SELECT %s FROM %s WHERE %s"
        .formatted(columns, source.qualify(table.source().schema(), table.source().name()), where);
  }
}
