package io.godwit.trial;

import java.util.List;

/**
 * The arithmetic of a trial's projections, kept apart from the measuring so it can be checked on
 * its own. Every figure is in seconds or per second; NaN stands for "not measured".
 *
 * <p>A sample is a key range, but the snapshot still cuts chunks over the whole table's keys, so
 * the chunks past the range copy nothing; the full run has no such chunks. The projection therefore
 * counts only the chunks that copied rows: their worker time, scaled from the sample's rows to the
 * plan's, spread over the workers.
 */
public final class Projection {

  private Projection() {}

  /** One committed chunk of the sample's copy: its rows and the seconds its worker spent on it. */
  public record Chunk(long rows, double seconds) {}

  /**
   * A table's full copy time with {@code workers} copying it: the worker time of its chunks that
   * copied rows, times the plan's rows over the sample's, over the workers. NaN when the sample
   * copied nothing or took no measurable time.
   */
  public static double fullCopySeconds(List<Chunk> chunks, long planRows, int workers) {
    long rows = 0;
    double seconds = 0;
    for (Chunk c : chunks) {
      if (c.rows() > 0) {
        rows += c.rows();
        seconds += c.seconds();
      }
    }
    if (rows == 0 || !(seconds > 0) || workers < 1) {
      return Double.NaN;
    }
    return seconds * Math.max(planRows, rows) / rows / workers;
  }

  /**
   * The relative uncertainty of a table's rate, from its chunks that copied rows (in commit order):
   * split into two halves, each half's rows per worker-second, and the uncertainty is half their
   * difference over their mean, {@code |r1 - r2| / (r1 + r2)}. A copy whose rate held steady scores
   * near 0; one whose second half ran at half the speed of the first scores 1/3. NaN with fewer
   * than 2 such chunks (one a half; more give a steadier figure).
   */
  public static double relativeSpread(List<Chunk> chunks) {
    List<Chunk> copied = chunks.stream().filter(c -> c.rows() > 0).toList();
    if (copied.size() < 2) {
      return Double.NaN;
    }
    int middle = copied.size() / 2;
    double first = rate(copied.subList(0, middle));
    double second = rate(copied.subList(middle, copied.size()));
    if (!(first > 0) || !(second > 0) || Double.isInfinite(first) || Double.isInfinite(second)) {
      return Double.NaN;
    }
    return Math.abs(first - second) / (first + second);
  }

  private static double rate(List<Chunk> chunks) {
    long rows = chunks.stream().mapToLong(Chunk::rows).sum();
    double seconds = chunks.stream().mapToDouble(Chunk::seconds).sum();
    return seconds > 0 ? rows / seconds : Double.NaN;
  }

  /**
   * A step of the sample's snapshot besides the copy, with its measured seconds and whether its
   * work grows with the rows copied (a secondary index or a foreign key reads every row) or not
   * (creating the tables, planning the chunks over the whole table's keys as a full run does,
   * setting sequences).
   */
  public record Step(String name, double seconds, boolean growsWithRows) {}

  /**
   * The whole snapshot's time: the tables' projected copies one after the other (each with every
   * worker), the steps that grow with the rows scaled by the plan's rows over the sample's, and the
   * others as measured. NaN when no table's copy was projected.
   */
  public static double totalSeconds(
      List<Double> tableSeconds, List<Step> steps, long sampleRows, long planRows) {
    double copy = 0;
    boolean any = false;
    for (double t : tableSeconds) {
      if (Double.isFinite(t)) {
        copy += t;
        any = true;
      }
    }
    if (!any) {
      return Double.NaN;
    }
    double scale = scale(sampleRows, planRows);
    double others = 0;
    for (Step step : steps) {
      others += Math.max(0, step.seconds()) * (step.growsWithRows() ? scale : 1);
    }
    return copy + others;
  }

  /** The plan's rows over the sample's: 1 when the sample copied nothing or all of them. */
  public static double scale(long sampleRows, long planRows) {
    return sampleRows > 0 ? Math.max(planRows, sampleRows) / (double) sampleRows : 1;
  }

  /**
   * The total's relative uncertainty: the tables' relative uncertainties weighted by their
   * projected times, as if all erred the same way (a slow machine slows every table); tables whose
   * spread was not measured are left out of the weights, and NaN when none was measured.
   */
  public static double totalSpread(List<double[]> projectedAndSpread) {
    double weighted = 0;
    double weights = 0;
    for (double[] p : projectedAndSpread) {
      if (Double.isFinite(p[0]) && Double.isFinite(p[1])) {
        weighted += p[0] * p[1];
        weights += p[0];
      }
    }
    return weights > 0 ? weighted / weights : Double.NaN;
  }

  /**
   * How long the applier takes to catch up after the full snapshot: the changes that waited in
   * Kafka during the copy ({@code changeRate * copySeconds}) drained at the applier's capacity less
   * the changes still arriving. Infinite when the capacity does not exceed the change rate (the
   * backlog grows); NaN when either rate was not measured.
   */
  public static double catchUpSeconds(double changeRate, double capacity, double copySeconds) {
    if (!Double.isFinite(changeRate) || !Double.isFinite(capacity) || changeRate < 0) {
      return Double.NaN;
    }
    if (capacity <= changeRate) {
      return Double.POSITIVE_INFINITY;
    }
    return changeRate * copySeconds / (capacity - changeRate);
  }

  /**
   * The cutover's projected downtime: the measured drain to proven zero lag, plus the final
   * validation scaled from the sample's rows to the plan's.
   */
  public static double downtimeSeconds(
      double drainSeconds, double sampleValidationSeconds, long sampleRows, long planRows) {
    if (sampleRows <= 0) {
      return drainSeconds + sampleValidationSeconds;
    }
    return drainSeconds
        + sampleValidationSeconds * Math.max(planRows, sampleRows) / (double) sampleRows;
  }
}
