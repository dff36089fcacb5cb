package io.godwit.cli;

import io.godwit.snapshot.SnapshotResult;

/**
 * Renders a {@link SnapshotResult}: a line per table (with its secondary indexes' build while the
 * next tables copied) and the total.
 */
final class SnapshotText {

  private SnapshotText() {}

  static String render(SnapshotResult r) {
    StringBuilder out = new StringBuilder();
    out.append("Snapshot of migration ").append(r.migration());
    out.append(r.alreadyCopied() ? ": already copied by an earlier run, nothing to copy\n" : "\n");
    int width = Math.max(5, r.tables().stream().mapToInt(t -> t.source().length()).max().orElse(5));
    out.append(
        ("  %-" + width + "s  %14s  %10s  %8s  %10s  %9s  %s\n")
            .formatted("table", "rows", "MB", "seconds", "rows/s", "indexes s", "chunks"));
    for (SnapshotResult.TableResult t : r.tables()) {
      out.append(
          ("  %-" + width + "s  %,14d  %10.1f  %8.1f  %,10.0f  %9.1f  %d%s\n")
              .formatted(
                  t.source(),
                  t.rows(),
                  t.bytes() / 1e6,
                  t.seconds(),
                  t.rowsPerSecond(),
                  t.indexSeconds(),
                  t.chunks(),
                  t.chunksResumed() > 0
                      ? " (%d from an earlier run)".formatted(t.chunksResumed())
                      : ""));
    }
    out.append(
        ("  %-" + width + "s  %,14d  %10.1f  %8.1f  %,10.0f\n")
            .formatted("total", r.rows(), r.bytes() / 1e6, r.seconds(), r.rowsPerSecond()));
    out.append("\nSteps:\n");
    for (SnapshotResult.Step s : r.steps()) {
      out.append(
          "  %d. %s: %s (%.1f s)\n".formatted(s.number(), s.name(), s.detail(), s.seconds()));
    }
    return out.toString();
  }
}
