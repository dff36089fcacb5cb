package io.godwit.snapshot;

import io.godwit.db.Dialect;
import io.godwit.schema.TargetTable;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.List;

/**
 * Replaces single rows on the target by the source's current ones, by key, through the snapshot's
 * own read and write path: the target row is deleted and the source row (if any, and if the table's
 * row filter selects it) written, in one target transaction per row, so a repair never leaves a row
 * half-written.
 */
public final class KeyRepair {

  /** What a repair wrote. */
  public record Repaired(long upserted, long deleted) {}

  /**
   * How one side matches a key: the condition on each key column, and the binding of a key's
   * values, given as text in key order, to the statement's parameters, each as its column's type on
   * that side needs it (bytes for a binary key, numbers for a number).
   */
  public interface KeyBinder {

    /** The condition on key column {@code i}, quoted {@code quoted}, with its parameters. */
    String condition(String quoted, int i);

    void bind(PreparedStatement ps, List<String> key) throws SQLException;
  }

  private final Snapshot.Sides sides;
  private final TableCopy copy;
  private final TargetTable table;

  public KeyRepair(Snapshot.Sides sides, TargetTable table, boolean zeroDatesToNull) {
    this.sides = sides;
    this.table = table;
    this.copy =
        TableCopy.of(
            table,
            sides.sourceDialect(),
            sides.targetDialect().engine(),
            zeroDatesToNull,
            sourceKeyColumns(table));
  }

  private static List<String> sourceKeyColumns(TargetTable table) {
    List<String> names = new ArrayList<>();
    for (String key : table.primaryKey()) {
      table.columns().stream()
          .filter(c -> c.name().equals(key))
          .forEach(c -> names.add(c.source().name()));
    }
    return names;
  }

  /**
   * Replaces each key's target row by the source's; keys are the key values as text, in order,
   * bound by {@code sourceKey} to the source's select and by {@code targetKey} to the target's
   * delete.
   */
  public Repaired replace(List<List<String>> keys, KeyBinder sourceKey, KeyBinder targetKey)
      throws SQLException {
    Dialect source = sides.sourceDialect();
    Dialect target = sides.targetDialect();
    String select = copy.select(source, conditions(copy.keyColumns(), source, sourceKey));
    String delete =
        "DELETE FROM %s WHERE %s"
            .formatted(
                target.qualify(table.schema(), table.name()),
                conditions(table.primaryKey(), target, targetKey));
    long upserted = 0;
    long deleted = 0;
    try (Connection src = sides.source().getConnection();
        Connection tgt = sides.target().getConnection()) {
      tgt.setAutoCommit(false);
      for (List<String> key : keys) {
        try (PreparedStatement del = tgt.prepareStatement(delete);
            PreparedStatement sel = src.prepareStatement(select)) {
          targetKey.bind(del, key);
          int removed = del.executeUpdate();
          sourceKey.bind(sel, key);
          long written;
          try (ResultSet rs = sel.executeQuery()) {
            ResultSetRows rows = new ResultSetRows(rs, copy.codecs(), new Throttle(0));
            target
                .bulkWriter()
                .write(tgt, table.schema(), table.name(), copy.targetColumns(), rows);
            written = rows.rows();
          }
          tgt.commit();
          upserted += written;
          deleted += written == 0 ? removed : 0;
        } catch (SQLException | RuntimeException e) {
          tgt.rollback();
          throw new SQLException(
              ("repairing %s key %s failed: %s; fix: where the target refuses the source's row,"
                      + " change the row on the source or give the column a type the target"
                      + " takes (tables.column-types), then repair again")
                  .formatted(table.source().name(), key, e.getMessage()),
              e);
        }
      }
    }
    return new Repaired(upserted, deleted);
  }

  private static String conditions(List<String> columns, Dialect dialect, KeyBinder binder) {
    List<String> conditions = new ArrayList<>();
    for (int i = 0; i < columns.size(); i++) {
      conditions.add(binder.condition(dialect.quote(columns.get(i)), i));
    }
    return String.join(" AND ", conditions);
  }
}
