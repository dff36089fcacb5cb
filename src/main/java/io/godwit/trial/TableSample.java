package io.godwit.trial;

import java.util.Optional;

/**
 * The part of one table a trial copies: the rows whose first key column is at most {@code bound},
 * or the whole table with the reason.
 *
 * @param table the source table's name
 * @param condition the row filter text the trial adds ({@code "id" <= 4711}); empty for the whole
 *     table
 * @param note why the table is copied whole, or empty
 * @param tableRows the whole table's rows: the plan's estimate, or counted when it has none (a
 *     PostgreSQL table never analyzed)
 */
public record TableSample(String table, Optional<String> condition, String note, long tableRows) {

  static TableSample range(String table, String condition, long tableRows) {
    return new TableSample(table, Optional.of(condition), "", tableRows);
  }

  static TableSample whole(String table, String why, long tableRows) {
    return new TableSample(table, Optional.empty(), why, tableRows);
  }

  /** The table's filter in the trial: its own filter from the file, if any, and the key range. */
  public String filter(Optional<String> fileFilter) {
    if (condition.isEmpty()) {
      return fileFilter.orElse("");
    }
    return fileFilter.map(f -> "(" + f + ") AND " + condition.get()).orElse(condition.get());
  }
}
