package io.godwit.trial;

import io.godwit.error.ErrorCode;
import io.godwit.error.GodwitException;

/**
 * How much of each table a trial copies: a percentage of the table's rows or a number of rows, the
 * first ones by key.
 *
 * @param percent of the plan's row estimate, when {@code rows} is 0
 * @param rows rows per table, or 0 when {@code percent} is given
 */
public record SampleSize(double percent, long rows) {

  public SampleSize {
    if (rows < 0 || (rows == 0 && !(percent > 0 && percent <= 100))) {
      throw new GodwitException(
          ErrorCode.BAD_ARGUMENT,
          "a trial's sample is --sample PCT (more than 0, at most 100) or --rows N (at least 1);"
              + " found --sample %s --rows %d; fix: give one of them".formatted(percent, rows));
    }
  }

  public static SampleSize percent(double percent) {
    return new SampleSize(percent, 0);
  }

  public static SampleSize rows(long rows) {
    return new SampleSize(0, rows);
  }

  /** The rows to take from a table of {@code tableRows} (the plan's estimate), at least one. */
  long rowsOf(long tableRows) {
    if (rows > 0) {
      return rows;
    }
    return Math.max(1, (long) Math.ceil(Math.max(0, tableRows) * percent / 100.0));
  }

  @Override
  public String toString() {
    return rows > 0
        ? "the first %,d rows by key".formatted(rows)
        : "%s %% by key".formatted(percent);
  }
}
