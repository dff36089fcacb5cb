package io.godwit;

import io.godwit.db.Catalog;
import io.godwit.db.Dialect;
import io.godwit.db.OldSource;
import io.godwit.engine.Engine;
import io.godwit.error.ErrorCode;
import io.godwit.error.GodwitException;
import io.godwit.schema.Column;
import io.godwit.schema.ColumnRules;
import io.godwit.schema.Fidelity;
import io.godwit.schema.MappedType;
import io.godwit.schema.Reversibility;
import io.godwit.schema.RowFilter;
import io.godwit.schema.Table;
import io.godwit.schema.TargetTable;
import io.godwit.schema.TargetTable.TargetColumn;
import java.sql.Connection;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.stream.Collectors;
import javax.sql.DataSource;

/**
 * The reverse stream's tables: each migrated table mapped back, from the target table (now the
 * captured side) to the old source's table, with the old source's own column names and types.
 * Renames are inverted (a target table and its columns write to the source table and columns they
 * were copied from). Columns the old source has and the target does not (excluded by {@code
 * tables.columns}) are left as the old source holds them; columns the target holds masks in are not
 * written back (the masks would replace the real values), and neither are the target's own columns
 * that no source column maps to. A column is an identity column where the old source's is (its
 * counter is what a rollback sets past the target's values).
 */
final class ReverseTables {

  private ReverseTables() {}

  /**
   * The tables mapped back, as the target's catalog holds them now.
   *
   * @param forward the migrated tables, source to target
   * @param target the target's pool (the captured side)
   */
  static List<TargetTable> read(
      List<TargetTable> forward, DataSource target, Engine targetEngine, Engine oldSource)
      throws SQLException {
    List<Table> onTarget = new ArrayList<>();
    Catalog catalog = Dialect.of(targetEngine).catalog();
    try (Connection c = target.getConnection()) {
      for (String schema : forward.stream().map(TargetTable::schema).distinct().toList()) {
        onTarget.addAll(catalog.tables(c, schema));
      }
    }
    return of(forward, onTarget, oldSource);
  }

  /**
   * @param forward the migrated tables, source to target
   * @param onTarget the target's tables as its catalog reads them now (the captured side)
   * @param oldSource the old source's engine
   */
  static List<TargetTable> of(List<TargetTable> forward, List<Table> onTarget, Engine oldSource) {
    Map<String, Table> byName = new HashMap<>();
    onTarget.forEach(t -> byName.put(t.schema() + "." + t.name(), t));
    List<TargetTable> reverse = new ArrayList<>();
    for (TargetTable f : forward) {
      Table captured = byName.get(f.schema() + "." + f.name());
      if (captured == null) {
        throw new GodwitException(
            ErrorCode.MIGRATION_STATE,
            ("the reverse stream needs table %s.%s on the target, which was migrated from %s, but"
                    + " the target has no such table; fix: put the table back on the target, or"
                    + " leave it out of tables.include")
                .formatted(f.schema(), f.name(), f.source()));
      }
      reverse.add(table(f, captured, oldSource));
    }
    return reverse;
  }

  private static TargetTable table(TargetTable f, Table captured, Engine oldSource) {
    Map<String, String> back = new HashMap<>();
    List<TargetColumn> columns = new ArrayList<>();
    for (TargetColumn fc : f.columns()) {
      if (fc.isMasked()) {
        continue;
      }
      Column onTarget =
          captured
              .column(fc.name())
              .orElseThrow(
                  () ->
                      new GodwitException(
                          ErrorCode.MIGRATION_STATE,
                          ("the reverse stream needs column %s of %s.%s on the target, but the"
                                  + " target table has no such column; fix: add it back as %s")
                              .formatted(
                                  fc.name(),
                                  captured.schema(),
                                  captured.name(),
                                  fc.type().sqlType())));
      Column original = fc.source();
      back.put(fc.name(), original.name());
      columns.add(
          new TargetColumn(
              onTarget,
              original.name(),
              new MappedType(
                  OldSource.sqlType(original.type(), oldSource),
                  Fidelity.EXACT,
                  "",
                  null,
                  Reversibility.REVERSIBLE),
              original.defaultExpression(),
              original.autoIncrement(),
              fc.isGenerated() ? original.generatedExpression() : null));
    }
    for (String key : f.primaryKey()) {
      if (!back.containsKey(key)) {
        throw new GodwitException(
            ErrorCode.MIGRATION_STATE,
            ("key column %s of %s.%s is masked, so the reverse stream cannot find the old source's"
                    + " rows by it; fix: migrate the table without masking its key")
                .formatted(key, f.schema(), f.name()));
      }
    }
    Set<String> written =
        columns.stream().map(c -> c.source().name()).collect(Collectors.toUnmodifiableSet());
    List<String> notWritten =
        captured.columns().stream().map(Column::name).filter(c -> !written.contains(c)).toList();
    return new TargetTable(
        captured,
        f.source().schema(),
        f.source().name(),
        columns,
        f.primaryKey().stream().map(back::get).toList(),
        f.primaryKeyIsUnique(),
        List.of(),
        List.of(),
        List.of(),
        List.of(),
        RowFilter.ALL,
        new ColumnRules(notWritten, Map.of(), Map.of()));
  }
}
