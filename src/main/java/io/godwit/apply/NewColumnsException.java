package io.godwit.apply;

import java.util.List;

/**
 * An event whose row image has columns the target table lacks: columns were added to the source
 * table. The applier may add them to the target ({@link SchemaChanges}); when it cannot, the event
 * is poison like any other.
 */
public final class NewColumnsException extends PoisonEventException {
  private static final long serialVersionUID = 1L;

  private final List<String> columns;

  NewColumnsException(
      String table, String topic, int partition, long offset, String key, List<String> columns) {
    super(
        table,
        topic,
        partition,
        offset,
        key,
        String.join(", ", columns),
        "the target table has no such column: the source table changed; fix: add the column to"
            + " the target table and restart, or re-plan the migration",
        null);
    this.columns = List.copyOf(columns);
  }

  /** The columns the event has and the target table lacks, in the event's order. */
  public List<String> columns() {
    return columns;
  }
}
