package io.godwit.state;

import java.util.List;

/**
 * One row that differs between the sides.
 *
 * @param key the row key's values, as text
 * @param columns for {@link Kind#DIFFERENT}, the columns whose values differ
 */
public record Difference(Kind kind, List<String> key, List<String> columns) {

  public enum Kind {
    /** On the source, not on the target. */
    MISSING,
    /** On the target, not on the source. */
    EXTRA,
    /** On both, with different values. */
    DIFFERENT,
    /** Changed on the source in every recheck, so it could not be compared at rest. */
    CHANGING
  }
}
