package io.godwit.apply;

import java.util.List;

/**
 * One table's changes in a batch after coalescing: at most one change per key, each the key's last,
 * in the order of those last changes.
 *
 * @param truncate the table was truncated before these changes: every row goes first
 */
public record TableChanges(
    String table, boolean truncate, List<ChangeEvent> upserts, List<ChangeEvent> deletes) {

  public TableChanges {
    upserts = List.copyOf(upserts);
    deletes = List.copyOf(deletes);
  }
}
