package io.godwit.schema;

/**
 * Which values a lossy mapping changes, as a condition {@code plan} can count on the source.
 *
 * @param predicate a condition in the source engine's SQL, true for a value the mapping changes or
 *     cannot store; {@code %1$s} stands for the quoted column, so a literal {@code %} is written
 *     {@code %%}
 * @param values what those values are, completing "N rows of t.c hold ..."
 * @param fix what to do when rows hold them; {@code %1$s} stands for {@code table.column}
 * @param rejected the target refuses those values, so a row holding one stops the copy; otherwise
 *     the value arrives changed
 */
public record Loss(String predicate, String values, String fix, boolean rejected) {

  /** The condition for one column. */
  public String predicateFor(String quotedColumn) {
    return predicate.formatted(quotedColumn);
  }

  /** The fix for one column. */
  public String fixFor(String tableDotColumn) {
    return fix.formatted(tableDotColumn);
  }
}
