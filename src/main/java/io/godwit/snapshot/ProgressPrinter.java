package io.godwit.snapshot;

import io.godwit.observe.SnapshotMeters;
import java.io.PrintStream;
import java.util.Collection;
import java.util.List;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;

/**
 * Copy progress on stderr: on a terminal, one redrawn bar per table (rows, MB/s, ETA); otherwise a
 * plain line per table every ten seconds.
 */
final class ProgressPrinter implements AutoCloseable {

  private static final int BAR = 24;

  private final List<TableCopy> tables;
  private final ChunkPlans plans;
  private final boolean terminal;
  private final PrintStream out = System.err;
  private final ScheduledExecutorService timer;
  private final long started = System.nanoTime();
  private final long[] startBytes;
  private int drawnLines;

  private ProgressPrinter(Collection<TableCopy> tables, ChunkPlans plans) {
    this.tables = List.copyOf(tables);
    this.plans = plans;
    this.terminal = System.console() != null;
    this.startBytes = new long[this.tables.size()];
    for (int i = 0; i < startBytes.length; i++) {
      startBytes[i] = plans.totals(this.tables.get(i).sourceName()).bytes();
    }
    this.timer = Executors.newSingleThreadScheduledExecutor(DaemonThreads.named("godwit-progress"));
  }

  static ProgressPrinter start(
      Collection<TableCopy> tables, SnapshotMeters meters, ChunkPlans plans) {
    ProgressPrinter printer = new ProgressPrinter(tables, plans);
    long period = printer.terminal ? 500 : 10_000;
    printer.timer.scheduleAtFixedRate(printer::print, period, period, TimeUnit.MILLISECONDS);
    return printer;
  }

  private synchronized void print() {
    double seconds = (System.nanoTime() - started) / 1e9;
    StringBuilder frame = new StringBuilder();
    if (terminal && drawnLines > 0) {
      frame.append("\033[").append(drawnLines).append('A');
    }
    for (int i = 0; i < tables.size(); i++) {
      TableCopy table = tables.get(i);
      ChunkPlans.Totals t = plans.totals(table.sourceName());
      double fraction = t.chunks() == 0 ? 1 : (t.chunks() - t.remaining()) / (double) t.chunks();
      double mbPerSecond = (t.bytes() - startBytes[i]) / 1e6 / Math.max(seconds, 0.001);
      String line =
          line(
              table.sourceName(),
              fraction,
              t.rows(),
              table.table().source().estimatedRows(),
              !table.table().rows().selectsAll(),
              mbPerSecond,
              eta(fraction, seconds, t.remaining()));
      frame.append(terminal ? line + "\033[K\n" : "Copy: " + line + "\n");
    }
    out.print(frame);
    out.flush();
    drawnLines = tables.size();
  }

  /**
   * One table's progress line. A table copied under a row filter ({@code tables.filter}) copies
   * fewer rows than the whole table's estimate, so its rows are shown against nothing: the chunks
   * done give its progress.
   */
  static String line(
      String table,
      double fraction,
      long rows,
      long tableEstimate,
      boolean filtered,
      double mbPerSecond,
      String eta) {
    String count =
        filtered
            ? "%,12d rows (filtered)".formatted(rows)
            : "%,12d/%,d rows".formatted(rows, Math.max(tableEstimate, rows));
    return "%-24s %s %5.1f%%  %s  %6.1f MB/s  %s"
        .formatted(table, bar(fraction), fraction * 100, count, mbPerSecond, eta);
  }

  private static String bar(double fraction) {
    int filled = (int) Math.round(fraction * BAR);
    return "[" + "#".repeat(filled) + ".".repeat(BAR - filled) + "]";
  }

  private static String eta(double fraction, double seconds, int remaining) {
    if (remaining == 0) {
      return "done";
    }
    if (fraction <= 0) {
      return "ETA --";
    }
    long left = Math.round(seconds / fraction * (1 - fraction));
    return "ETA %dm%02ds".formatted(left / 60, left % 60);
  }

  @Override
  public void close() {
    timer.shutdownNow();
    print();
  }
}
