package io.godwit.snapshot;

import java.util.List;

/**
 * What {@code godwit snapshot} did: per table and in total, and each after-copy step.
 *
 * @param alreadyCopied true when a previous run had copied everything and this one did nothing
 */
public record SnapshotResult(
    String migration,
    List<TableResult> tables,
    List<Step> steps,
    long rows,
    long bytes,
    double seconds,
    boolean alreadyCopied) {

  public SnapshotResult {
    tables = List.copyOf(tables);
    steps = List.copyOf(steps);
  }

  /**
   * One table.
   *
   * @param chunksResumed chunks a previous run had already copied
   */
  public record TableResult(
      String source,
      String target,
      long rows,
      long bytes,
      double seconds,
      int chunks,
      int chunksResumed) {

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
