package io.godwit.cli;

import io.godwit.state.StatusReader.TableStatus;
import java.util.List;

/** Renders status: a line per table and a summary line. */
final class StatusText {

  private StatusText() {}

  static String render(String migration, List<TableStatus> tables) {
    if (tables.isEmpty()) {
      return "Migration %s has not started on this target (no tables in its state store).%n"
          .formatted(migration);
    }
    int width = Math.max(5, tables.stream().mapToInt(t -> t.source().length()).max().orElse(5));
    StringBuilder out = new StringBuilder();
    out.append(
        ("%-" + width + "s  %-9s  %14s  %11s  %s%n")
            .formatted("table", "phase", "rows copied", "chunks", "error"));
    long rows = 0;
    long done = 0;
    long total = 0;
    int copied = 0;
    for (TableStatus t : tables) {
      out.append(
          ("%-" + width + "s  %-9s  %,14d  %5d/%-5d  %s%n")
              .formatted(
                  t.source(),
                  t.phase(),
                  t.rowsCopied(),
                  t.chunksDone(),
                  t.chunksTotal(),
                  t.error() == null ? "" : t.error()));
      rows += t.rowsCopied();
      done += t.chunksDone();
      total += t.chunksTotal();
      if (t.phase().copyFinished()) {
        copied++;
      }
    }
    out.append(
        "Summary: %d of %d tables copied; %,d rows; chunks %d/%d (%.0f%%)%n"
            .formatted(
                copied, tables.size(), rows, done, total, total == 0 ? 0.0 : 100.0 * done / total));
    return out.toString();
  }
}
