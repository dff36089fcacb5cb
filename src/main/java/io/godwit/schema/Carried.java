package io.godwit.schema;

import io.godwit.schema.SourceObject.Kind;
import java.util.List;

/**
 * The objects besides the tables that a run creates on the target, in the order they are created.
 *
 * @param sourceSchema the source schema, whose sequences' values are read
 * @param targetSchema the target schema the objects are created in
 */
public record Carried(String sourceSchema, String targetSchema, List<CarriedObject> objects) {

  public Carried {
    objects = List.copyOf(objects);
  }

  /** Nothing to carry (a migration between engines, or one that carries no object). */
  public static Carried none() {
    return new Carried("", "", List.of());
  }

  /** The objects created at {@code stage}, in order. */
  public List<CarriedObject> at(CarriedObject.Stage stage) {
    return objects.stream().filter(o -> o.stage() == stage).toList();
  }

  /** The carried sequences, whose values follow the source's at the copy's end and at cutover. */
  public List<String> sequences() {
    return objects.stream().filter(o -> o.kind() == Kind.SEQUENCE).map(o -> o.name()).toList();
  }
}
