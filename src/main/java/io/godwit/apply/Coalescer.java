package io.godwit.apply;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * Reduces a batch of changes to one per table and key: the key's last change wins, so a row updated
 * a hundred times in a batch is written once. A TRUNCATE drops the table's changes before it and
 * empties the table before the ones after it. Replaying the result converges on the same rows as
 * replaying every change, because each change carries the full row.
 *
 * <p>A value the source did not send ({@link ChangeEvent#UNAVAILABLE}) is taken from the key's
 * previous upsert in the batch when there is one, since that is the value the target would hold
 * once the previous upsert was written.
 */
public final class Coalescer {

  private Coalescer() {}

  /**
   * @param events changes in the order they were polled, which is offset order within each
   *     partition; a key's changes are all in one partition
   * @return each table's changes, tables in the order they first appear
   */
  public static List<TableChanges> coalesce(List<ChangeEvent> events) {
    Map<String, LinkedHashMap<RowKey, ChangeEvent>> tables = new LinkedHashMap<>();
    Set<String> truncated = new HashSet<>();
    for (ChangeEvent event : events) {
      LinkedHashMap<RowKey, ChangeEvent> latest =
          tables.computeIfAbsent(event.table(), t -> new LinkedHashMap<>());
      if (event.isTruncate()) {
        latest.clear();
        truncated.add(event.table());
        continue;
      }
      RowKey key = new RowKey(event.key().toArray());
      ChangeEvent previous = latest.remove(key);
      latest.put(key, event.isDelete() ? event : fillIn(event, previous));
    }
    List<TableChanges> result = new ArrayList<>(tables.size());
    tables.forEach(
        (table, latest) -> {
          List<ChangeEvent> upserts = new ArrayList<>();
          List<ChangeEvent> deletes = new ArrayList<>();
          latest.values().forEach(e -> (e.isDelete() ? deletes : upserts).add(e));
          result.add(new TableChanges(table, truncated.contains(table), upserts, deletes));
        });
    return result;
  }

  private static ChangeEvent fillIn(ChangeEvent upsert, ChangeEvent previous) {
    if (previous == null
        || previous.isDelete()
        || !upsert.after().contains(ChangeEvent.UNAVAILABLE)) {
      return upsert;
    }
    List<Object> values = new ArrayList<>(upsert.after());
    for (int i = 0; i < values.size(); i++) {
      if (values.get(i) == ChangeEvent.UNAVAILABLE) {
        values.set(i, previous.after().get(i));
      }
    }
    return upsert.withAfter(values);
  }

  /** Key values compared by content, byte arrays included. */
  private record RowKey(Object[] values) {
    @Override
    public boolean equals(Object other) {
      return other instanceof RowKey k && Arrays.deepEquals(values, k.values);
    }

    @Override
    public int hashCode() {
      return Arrays.deepHashCode(values);
    }

    @Override
    public String toString() {
      return Arrays.deepToString(values);
    }
  }
}
