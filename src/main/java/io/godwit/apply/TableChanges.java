package io.godwit.apply;

import java.util.List;

/**
 * One table's changes in a batch after coalescing: at most one change per key, each the key's last,
 * in the order of those last changes.
 */
public record TableChanges(String table, List<ChangeEvent> upserts, List<ChangeEvent> deletes) {

  public TableChanges {
    upserts = List.copyOf(upserts);
    deletes = List.copyOf(deletes);
  }
}
