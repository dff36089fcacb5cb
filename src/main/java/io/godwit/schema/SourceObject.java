package io.godwit.schema;

import java.util.List;

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
 * @param carry how a target of the same engine family gets a view, routine, trigger, event,
 *     sequence or table grant, or null when the catalog does not show enough of it to recreate it
 */
public record SourceObject(
    Kind kind, String name, String table, String definition, String carriable, Carry carry) {

  public SourceObject(Kind kind, String name, String table, String definition) {
    this(kind, name, table, definition, null, null);
  }

  public SourceObject(Kind kind, String name, String table, String definition, String carriable) {
    this(kind, name, table, definition, carriable, null);
  }

  /**
   * The statements that recreate an object on a target of the source's engine family. They name no
   * schema: they run where the target schema is the default one (PostgreSQL's {@code search_path},
   * MySQL's current database), except where the source's own SQL names its schema, which the caller
   * rewrites.
   *
   * @param create the statements that create it, replacing an object of that name
   * @param drop the statements that remove it again
   * @param uses what it reads or calls in the source schema: for a view the tables and views it
   *     reads (those of another schema as {@code schema.name}), for a PostgreSQL trigger its
   *     function ({@code name(arguments)}, as the routine is named)
   * @param query a view's SELECT as the source engine prints it, which a target of the other engine
   *     family gets translated when it is simple ({@link ViewTranslator}); null for other objects
   */
  public record Carry(List<String> create, List<String> drop, List<String> uses, String query) {
    public Carry {
      create = List.copyOf(create);
      drop = List.copyOf(drop);
      uses = List.copyOf(uses);
    }

    public Carry(List<String> create, List<String> drop, List<String> uses) {
      this(create, drop, uses, null);
    }
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
