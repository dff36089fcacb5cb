package io.godwit.plan;

import io.godwit.schema.SourceObject;

/**
 * One object of the source schema that the rows alone do not bring along, and what becomes of it.
 *
 * @param name the object's name; for a comment "table" or "table.column", for a grant the grantee
 * @param table the source table it belongs to, or null for an object of the schema
 * @param handling whether the migration carries it to the target
 * @param stage when a carried object reaches the target ("with the target table", "at table
 *     preparation", "after the copy", "at cutover"); null when it is not migrated
 * @param reason why it is handled so
 * @param fix what to do so the target has it too; empty when it is carried
 * @param definition the SQL that recreates it on the source engine (for a carried object, what
 *     Godwit runs on the target), or null when the catalog does not show it
 */
public record InventoryItem(
    SourceObject.Kind kind,
    String name,
    String table,
    Handling handling,
    String stage,
    String reason,
    String fix,
    String definition) {

  /** Whether the migration brings the object to the target. */
  public enum Handling {
    CARRIED,
    NOT_MIGRATED
  }

  public boolean carried() {
    return handling == Handling.CARRIED;
  }
}
