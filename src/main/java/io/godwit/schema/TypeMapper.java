package io.godwit.schema;

/** Maps a source column's type to a target type, for one direction between two engines. */
@FunctionalInterface
public interface TypeMapper {

  /**
   * Returns the target type of the column.
   *
   * @throws UnsupportedTypeException when the direction has no mapping for the type; the message
   *     names the column and says to set a type override in {@code tables.column-types}
   */
  MappedType map(Table table, Column column);
}
