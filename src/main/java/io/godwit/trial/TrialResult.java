package io.godwit.trial;

import io.godwit.db.Finding;
import io.godwit.state.ValidationResult;
import java.util.List;

/**
 * What {@code godwit trial} measured and projected. Seconds and rates are NaN where not measured.
 *
 * @param migration the trial's own migration name (its slot, publication, topics and state)
 * @param staging the staging target's URL, password masked
 * @param tables each table's sample and projection
 * @param snapshot the whole snapshot's projection
 * @param streaming the change rate against the applier's capacity
 * @param downtime the cutover's projected downtime
 * @param dryRunChecks the cutover {@code --dry-run}'s precondition checks, {@code ok name: detail}
 * @param findings every finding of the plan on the real data
 * @param validation the validation of the staging target against the source sample
 * @param cleanup what was removed on exit
 */
public record TrialResult(
    String migration,
    String staging,
    String sample,
    List<TableProjection> tables,
    SnapshotProjection snapshot,
    Streaming streaming,
    Downtime downtime,
    List<String> dryRunChecks,
    List<Finding> findings,
    ValidationResult validation,
    List<String> cleanup) {

  public TrialResult {
    tables = List.copyOf(tables);
    dryRunChecks = List.copyOf(dryRunChecks);
    findings = List.copyOf(findings);
    cleanup = List.copyOf(cleanup);
  }

  /**
   * One table.
   *
   * @param filter the row filter the trial copied it under (the key range, and the file's filter)
   * @param note why it was copied whole, or empty
   * @param sampleSeconds the sample's copy time at its measured rate, over the workers ({@link
   *     Projection#sampleSeconds})
   * @param planRows the whole table's rows: the plan's estimate, or counted when it had none
   * @param spread relative uncertainty of the projection ({@link Projection#relativeSpread})
   * @param sampleIndexSeconds the build of its secondary indexes on the sample, while the next
   *     tables copied; 0 for none
   * @param projectedIndexSeconds that build scaled by the plan's rows over the sample's
   */
  public record TableProjection(
      String table,
      String filter,
      String note,
      long sampleRows,
      long sampleBytes,
      double sampleSeconds,
      long planRows,
      long planBytes,
      double projectedSeconds,
      double spread,
      double sampleIndexSeconds,
      double projectedIndexSeconds) {

    public double rowsPerSecond() {
      return sampleSeconds > 0 ? sampleRows / sampleSeconds : Double.NaN;
    }

    public double megabytesPerSecond() {
      return sampleSeconds > 0 ? sampleBytes / 1e6 / sampleSeconds : Double.NaN;
    }
  }

  /**
   * The sample's snapshot as measured (copy and the steps around it), and the full snapshot's
   * projected time with its relative spread.
   *
   * @param steps the sample's steps besides the copy, as measured; the secondary indexes step
   *     without its wait for the builds started during the copy
   * @param scale the plan's rows over the sample's, by which the steps that grow with the rows are
   *     scaled
   * @param sampleIndexWaitSeconds how long the sample's secondary indexes step waited for the
   *     builds started during the copy
   * @param indexTailSeconds how long the projected builds run past the projected copy's end ({@link
   *     Projection#indexTailSeconds})
   * @param spread the total's relative spread ({@link Projection#totalSpread}): how steady the
   *     copy's rate was within the sample, nothing else
   */
  public record SnapshotProjection(
      double sampleSeconds,
      long sampleRows,
      List<Projection.Step> steps,
      double scale,
      double sampleIndexWaitSeconds,
      double indexTailSeconds,
      double projectedSeconds,
      double spread) {

    public SnapshotProjection {
      steps = List.copyOf(steps);
    }
  }

  /**
   * @param windowSeconds how long the change rate was measured
   * @param changeRate change events the capture put in Kafka per second
   * @param capacity events the applier applied per second while it had a backlog
   * @param catchUpSeconds after the full snapshot ({@link Projection#catchUpSeconds})
   */
  public record Streaming(
      double windowSeconds, double changeRate, double capacity, double catchUpSeconds) {

    /** True when the applier was measured slower than the source's changes: no catch-up. */
    public boolean diverges() {
      return Double.isInfinite(catchUpSeconds);
    }
  }

  /**
   * @param drainSeconds the measured drain to proven zero lag
   * @param validationSeconds the measured validation of the sample
   * @param projectedSeconds drain plus validation scaled to the plan's rows
   * @param dryRunFreezeSeconds the cutover dry run's own expectation, NaN when it gave none
   */
  public record Downtime(
      double drainSeconds,
      double validationSeconds,
      double projectedSeconds,
      double dryRunFreezeSeconds) {}
}
