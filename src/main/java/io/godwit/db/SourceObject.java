package io.godwit.db;

/**
 * Something in the source schema besides a table's columns, keys, indexes and foreign keys: what
 * {@code plan} lists in its inventory so that nothing is discovered missing after cutover.
 *
 * @param name the object's name; for a comment or a grant, what it is on ("orders.total", or the
 *     grantee)
 * @param table the table it belongs to, or null for an object of the schema (view, routine, event,
 *     sequence, a grant on the whole database)
 * @param definition SQL that recreates it on the source engine, or null when the catalog does not
 *     show it to this user
 * @param carriable what a target can be given of it, or null: a comment's text; the {@code CHECK
 *     (...)} clause of a CHECK constraint that holds for every source row (PostgreSQL: validated;
 *     MySQL: enforced) and uses only the table's columns and built-in functions
 */
public record SourceObject(
    Kind kind, String name, String table, String definition, String carriable) {

  public SourceObject(Kind kind, String name, String table, String definition) {
    this(kind, name, table, definition, null);
  }

  /** The kinds of object the inventory lists. */
  public enum Kind {
    VIEW,
    TRIGGER,
    ROUTINE,
    EVENT,
    SEQUENCE,
    PARTITIONING,
    CHECK,
    COMMENT,
    GRANT,
    ON_UPDATE
  }
}
