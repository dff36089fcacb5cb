package io.godwit.schema;

import java.util.List;

/** A foreign key of a source table. Actions are SQL words ({@code CASCADE}, {@code NO ACTION}). */
public record ForeignKey(
    String name,
    List<String> columns,
    String referencedSchema,
    String referencedTable,
    List<String> referencedColumns,
    String onUpdate,
    String onDelete) {

  public ForeignKey {
    columns = List.copyOf(columns);
    referencedColumns = List.copyOf(referencedColumns);
  }
}
