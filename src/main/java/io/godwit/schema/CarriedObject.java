package io.godwit.schema;

import io.godwit.schema.SourceObject.Kind;
import java.util.List;

/**
 * An object of the source schema besides its tables that the migration creates on a target of the
 * same engine family. Its statements name no schema where they need not: they run where the target
 * schema is the default one.
 *
 * @param name the object's name, as {@code plan}'s inventory names it
 * @param table the table it belongs to (a trigger's, a grant's), or null
 * @param stage when the run creates it
 * @param create the statements that create it, replacing an object of that name
 * @param drop the statements that remove it again when a later statement of its stage fails
 */
public record CarriedObject(
    Kind kind, String name, String table, Stage stage, List<String> create, List<String> drop) {

  public CarriedObject {
    create = List.copyOf(create);
    drop = List.copyOf(drop);
  }

  /** When the run creates an object. */
  public enum Stage {
    /**
     * Right after the target tables are prepared, before the copy: views, routines, sequences. They
     * change no row the applier writes.
     */
    TABLES("at table preparation"),
    /**
     * At the cutover's done step (at the end of a one-off copy): triggers, events and grants, which
     * would change or write rows, or let others write them, while the applier replicates.
     */
    CUTOVER("at cutover");

    private final String label;

    Stage(String label) {
      this.label = label;
    }

    public String label() {
      return label;
    }
  }
}
