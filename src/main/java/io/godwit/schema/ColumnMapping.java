package io.godwit.schema;

import java.util.List;

/**
 * How one source column is kept on the target, for {@code plan} to list the widened and lossy ones.
 *
 * @param table source table name
 * @param column column name (the same on both sides)
 * @param sourceType the source type as the source engine prints it
 * @param targetType the target type as written in DDL
 * @param losses for a lossy mapping, the conditions its changed or refused values are counted by
 * @param back whether every value the target column holds could be written back to the source
 *     column (what a rollback after cutover needs)
 * @param profile what counting them on the source found; null when not counted
 */
public record ColumnMapping(
    String table,
    String column,
    String sourceType,
    String targetType,
    Fidelity fidelity,
    String note,
    List<Loss> losses,
    Reversibility back,
    Profile profile) {

  public ColumnMapping {
    losses = List.copyOf(losses);
  }

  /**
   * Rows of the source holding values this mapping changes or cannot store.
   *
   * @param affected rows among those scanned holding such a value
   * @param scanned rows scanned
   * @param complete every row of the table was scanned (not only the first {@code scanned})
   */
  public record Profile(long affected, long scanned, boolean complete) {}

  public ColumnMapping withProfile(Profile found) {
    return new ColumnMapping(
        table, column, sourceType, targetType, fidelity, note, losses, back, found);
  }
}
