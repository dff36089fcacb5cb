package io.godwit.snapshot;

import java.util.List;

/**
 * What {@code godwit snapshot} did: per table and in total, and each after-copy step.
 *
 * @param indexWaitSeconds how long the secondary indexes step (4) waited for the builds started
 *     while other tables copied ({@link TableResult#indexSeconds}); part of that step's seconds
 * @param alreadyCopied true when a previous run had copied everything and this one did nothing
 */
public record SnapshotResult(
    String migration,
    List<TableResult> tables,
    List<Step> steps,
    long rows,
    long bytes,
    double seconds,
    double indexWaitSeconds,
    boolean alreadyCopied) {

  public SnapshotResult {
    tables = List.copyOf(tables);
    steps = List.copyOf(steps);
  }

  /**
   * One table.
   *
   * @param chunksResumed chunks a previous run had already copied
   * @param indexSeconds how long its secondary indexes took to build on the snapshot's extra
   *     thread, started once its last chunk was copied while the next tables copied; 0 when none
   *     were built there (no secondary index, or its last chunk was copied by an earlier run: then
   *     the indexes step builds them, in that step's seconds)
   */
  public record TableResult(
      String source,
      String target,
      long rows,
      long bytes,
      double seconds,
      int chunks,
      int chunksResumed,
      double indexSeconds) {

    public double rowsPerSecond() {
      return seconds <= 0 ? 0 : rows / seconds;
    }
  }

  /** A numbered step with what it did. */
  public record Step(int number, String name, double seconds, String detail) {}

  public double rowsPerSecond() {
    return seconds <= 0 ? 0 : rows / seconds;
  }
}
