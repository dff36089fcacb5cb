package io.godwit.schema;

import io.godwit.engine.Engine;

/** Column types as a catalog would describe them, from example type text, for other packages. */
public final class ExampleTypes {

  private ExampleTypes() {}

  /**
   * @param type the type as the engine prints it: {@code int(10) unsigned}, {@code datetime(6)},
   *     {@code character varying(40)}, {@code integer[]}, a PostgreSQL enum as {@code
   *     mood('a','b')}
   */
  public static ColumnType parse(Engine engine, String type) {
    return SampleColumns.parse(engine, type).column().type();
  }
}
