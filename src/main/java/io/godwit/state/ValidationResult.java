package io.godwit.state;

import java.util.List;

/** A validation of some tables: each table's result; clean when no table differs or failed. */
public record ValidationResult(List<TableResult> tables) {

  /**
   * One table.
   *
   * @param differences capped sample of the rows that differ; the counts are exact
   * @param error why the table could not be compared, or null
   */
  public record TableResult(
      String table,
      long sourceRows,
      long targetRows,
      long missing,
      long extra,
      long different,
      long changing,
      long repairedUpserts,
      long repairedDeletes,
      double seconds,
      List<Difference> differences,
      String error) {

    public long differenceCount() {
      return missing + extra + different + changing;
    }

    public String outcome() {
      return error != null ? "failed" : differenceCount() == 0 ? "clean" : "differences";
    }

    public double rowsPerSecond() {
      return seconds <= 0 ? 0 : Math.max(sourceRows, targetRows) / seconds;
    }
  }

  public boolean clean() {
    return tables.stream().allMatch(t -> "clean".equals(t.outcome()));
  }
}
