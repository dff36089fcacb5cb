package io.godwit.schema;

import java.util.Objects;

/**
 * Choices for the debatable MySQL/MariaDB to PostgreSQL mappings.
 *
 * @param tinyint1AsBoolean map {@code tinyint(1)} to {@code boolean} (values other than 0 and 1
 *     become true) rather than {@code smallint}
 * @param enumMapping how {@code enum} and {@code set} columns are kept
 * @param zeroDatesToNull copy zero dates ({@code 0000-00-00}) as NULL; when false they stop the
 *     copy with an error naming the row
 */
public record TypeOptions(
    boolean tinyint1AsBoolean, EnumMapping enumMapping, boolean zeroDatesToNull) {

  public TypeOptions {
    Objects.requireNonNull(enumMapping, "enumMapping");
  }

  /** tinyint(1) as boolean, enums as text with a CHECK, zero dates stop the copy. */
  public static TypeOptions defaults() {
    return new TypeOptions(true, EnumMapping.CHECK, false);
  }

  /** How a MySQL {@code enum} (and {@code set}) is kept on PostgreSQL. */
  public enum EnumMapping {
    /** {@code text} with a CHECK constraint listing the labels. */
    CHECK,
    /** A PostgreSQL enum type per column, named {@code table_column}. */
    NATIVE,
    /** Plain {@code text}: the labels are not enforced. */
    TEXT
  }
}
