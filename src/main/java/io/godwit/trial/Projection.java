package io.godwit.trial;

import java.util.List;

/**
 * The arithmetic of a trial's projections, kept apart from the measuring so it can be checked on
 * its own. Every figure is in seconds or per second; NaN stands for "not measured".
 *
 * <p>A sample is a key range, but the snapshot still cuts chunks over the whole table's keys, so
 * the chunks past the range copy nothing; the full run has no such chunks. The projection therefore
 * counts only the chunks that copied rows: their worker time, scaled from the sample's rows to the
 * plan's, spread over the workers. Secondary indexes are built while the next tables copy, so only
 * the part of their builds that outlasts the copy adds to the total ({@link #indexTailSeconds}).
 */
public final class Projection {

  /** How many chunks besides the workers' first ones a table needs to leave those out. */
  static final int RATED_WITHOUT_FIRST = 2;

  private Projection() {}

  /**
   * One committed chunk of the sample's copy: its rows, the seconds its worker spent on it, and
   * whether it was its worker's first (timed from the start of the copy step, so it also carries
   * the worker's start: connections, and the JVM compiling the copy's code).
   */
  public record Chunk(long rows, double seconds, boolean first) {}

  /**
   * The chunks a table's rate is measured on: those that copied rows, less the workers' first
   * chunks when at least {@value #RATED_WITHOUT_FIRST} others copied rows. A worker's first chunk
   * carries its start-up, which a full run pays once, not once per sample's worth of rows; a table
   * whose sampled chunks are all or nearly all first chunks (a small table copied first) keeps
   * them, and its projection stays overstated by that start-up times the plan's rows over the
   * sample's.
   */
  public static List<Chunk> rated(List<Chunk> chunks) {
    List<Chunk> copied = chunks.stream().filter(c -> c.rows() > 0).toList();
    List<Chunk> others = copied.stream().filter(c -> !c.first()).toList();
    return others.size() >= RATED_WITHOUT_FIRST ? others : copied;
  }

  /**
   * The sample's copy time of a table at its measured rate ({@link #rated}): its rows over that
   * rate, over the workers. NaN when the sample copied nothing or took no measurable time.
   */
  public static double sampleSeconds(List<Chunk> chunks, int workers) {
    long rows = chunks.stream().filter(c -> c.rows() > 0).mapToLong(Chunk::rows).sum();
    return secondsFor(chunks, rows, workers);
  }

  /**
   * A table's full copy time with {@code workers} copying it: the plan's rows at the rate its
   * chunks measured ({@link #rated}: rows per worker-second), over the workers. NaN when the sample
   * copied nothing or took no measurable time.
   */
  public static double fullCopySeconds(List<Chunk> chunks, long planRows, int workers) {
    long rows = chunks.stream().filter(c -> c.rows() > 0).mapToLong(Chunk::rows).sum();
    return secondsFor(chunks, Math.max(planRows, rows), workers);
  }

  private static double secondsFor(List<Chunk> chunks, long rows, int workers) {
    double rate = rate(rated(chunks));
    if (!(rate > 0) || Double.isInfinite(rate) || workers < 1) {
      return Double.NaN;
    }
    return rows / rate / workers;
  }

  /**
   * The relative uncertainty of a table's rate, from its chunks the rate is measured on ({@link
   * #rated}, in commit order): split into two halves, each half's rows per worker-second, and the
   * uncertainty is half their difference over their mean, {@code |r1 - r2| / (r1 + r2)}. A copy
   * whose rate held steady scores near 0; one whose second half ran at half the speed of the first
   * scores 1/3. NaN with fewer than 2 such chunks (one a half; more give a steadier figure).
   */
  public static double relativeSpread(List<Chunk> chunks) {
    List<Chunk> copied = rated(chunks);
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
   * A table's projected full copy and secondary index build, in seconds (NaN for a copy not
   * projected, 0 for a table without indexes built while the next tables copy).
   */
  public record Table(double copySeconds, double indexSeconds) {}

  /**
   * How long the secondary index builds run past the end of the copy. A snapshot copies its tables
   * one after the other, each with every worker (one queue of chunks, table after table), and
   * builds a table's indexes on one extra thread as soon as its last chunk is copied, while the
   * next tables copy, one build at a time. So table i's copy ends at the sum of the copies up to
   * and including it, in the snapshot's order; its build starts at that end or when the previous
   * build ends, whichever is later; and the indexes step waits for the last build's end. A copy not
   * projected counts as 0 s.
   */
  public static double indexTailSeconds(List<Table> tables) {
    double copyEnd = 0;
    double buildEnd = 0;
    for (Table t : tables) {
      copyEnd += finiteOrZero(t.copySeconds());
      double build = finiteOrZero(t.indexSeconds());
      if (build > 0) {
        buildEnd = Math.max(copyEnd, buildEnd) + build;
      }
    }
    return Math.max(0, buildEnd - copyEnd);
  }

  private static double finiteOrZero(double seconds) {
    return Double.isFinite(seconds) ? Math.max(0, seconds) : 0;
  }

  /**
   * The whole snapshot's time: the tables' projected copies one after the other (each with every
   * worker), the index builds that run past the last copy ({@link #indexTailSeconds}), the steps
   * that grow with the rows scaled by the plan's rows over the sample's, and the others as
   * measured. {@code tables} are in the snapshot's order, {@code steps} leave out the copy and the
   * waiting for the builds the copy started. NaN when no table's copy was projected.
   */
  public static double totalSeconds(
      List<Table> tables, List<Step> steps, long sampleRows, long planRows) {
    double copy = 0;
    boolean any = false;
    for (Table t : tables) {
      if (Double.isFinite(t.copySeconds())) {
        copy += t.copySeconds();
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
    return copy + indexTailSeconds(tables) + others;
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
