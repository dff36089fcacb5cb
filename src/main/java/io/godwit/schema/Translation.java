package io.godwit.schema;

import java.util.List;

/**
 * Source tables translated for the target.
 *
 * @param tables the tables to create, without those named in {@code errors}
 * @param columns how each column of {@code tables} is kept
 * @param warnings what was changed or left out, each naming the table or column and what to do
 * @param errors what blocks the migration (a type without mapping, a name too long), each naming
 *     the column and the fix
 */
public record Translation(
    List<TargetTable> tables,
    List<ColumnMapping> columns,
    List<String> warnings,
    List<String> errors) {

  public Translation {
    tables = List.copyOf(tables);
    columns = List.copyOf(columns);
    warnings = List.copyOf(warnings);
    errors = List.copyOf(errors);
  }
}
