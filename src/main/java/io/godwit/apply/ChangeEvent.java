package io.godwit.apply;

import io.godwit.observe.MeteredEvent;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;

/**
 * One row change decoded from a Debezium event, with values in the target's input form: null, a
 * {@code String} in the target's text input form or {@code byte[]}, exactly as the snapshot writes
 * the same column, so snapshot rows and streamed rows are indistinguishable.
 *
 * @param table the source table name
 * @param key the row key's values in {@code TargetTable.primaryKey()} order
 * @param after for an upsert, one value per target column in column order, {@link #UNAVAILABLE}
 *     where the source sent no value (keep the stored one); null for a delete
 * @param sourceTsMs when the change happened at the source ({@code source.ts_ms})
 * @param sourcePosition the change's binlog position (file:pos, GTID) or LSN and transaction, for
 *     messages
 */
public record ChangeEvent(
    String table,
    Op op,
    List<Object> key,
    List<Object> after,
    long sourceTsMs,
    String sourcePosition,
    String topic,
    int partition,
    long offset)
    implements MeteredEvent {

  /** Stands for a value the source did not send (an unchanged TOASTed PostgreSQL value). */
  public static final Object UNAVAILABLE =
      new Object() {
        @Override
        public String toString() {
          return "<unavailable>";
        }
      };

  /**
   * Stands for the column's default: the event is from before the column was added to the source
   * table, whose rows took the default when it was added.
   */
  public static final Object DEFAULT =
      new Object() {
        @Override
        public String toString() {
          return "<default>";
        }
      };

  /** What a change does to the row with its key, or with TRUNCATE to every row of the table. */
  public enum Op {
    UPSERT,
    DELETE,
    TRUNCATE
  }

  public ChangeEvent {
    key = nullable(key);
    after = after == null ? null : nullable(after);
  }

  public boolean isDelete() {
    return op == Op.DELETE;
  }

  public boolean isTruncate() {
    return op == Op.TRUNCATE;
  }

  /** The same change with other after values (placeholders filled in by coalescing). */
  public ChangeEvent withAfter(List<Object> values) {
    return new ChangeEvent(
        table, op, key, values, sourceTsMs, sourcePosition, topic, partition, offset);
  }

  /** Where the event came from, for messages: {@code topic-partition@offset}. */
  public String coordinates() {
    return topic + "-" + partition + "@" + offset;
  }

  private static List<Object> nullable(List<Object> values) {
    return Collections.unmodifiableList(new ArrayList<>(values));
  }
}
