package io.godwit.schema;

import io.godwit.error.ErrorCode;
import io.godwit.error.GodwitException;

/** A source type that has no mapping to the target engine and no override. */
public final class UnsupportedTypeException extends GodwitException {
  private static final long serialVersionUID = 1L;

  public UnsupportedTypeException(Table table, Column column, String targetEngine) {
    super(
        ErrorCode.PLAN,
        "%s.%s has type %s, which has no mapping to %s; fix: set tables.column-types.\"%s.%s\" to a %s type"
            .formatted(
                table.name(),
                column.name(),
                column.type().fullType(),
                targetEngine,
                table.name(),
                column.name(),
                targetEngine));
  }
}
