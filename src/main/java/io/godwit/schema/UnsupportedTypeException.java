package io.godwit.schema;

/** A source type that has no mapping to the target engine and no override. */
public final class UnsupportedTypeException extends RuntimeException {
  private static final long serialVersionUID = 1L;

  public UnsupportedTypeException(Table table, Column column, String targetEngine) {
    super(
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
