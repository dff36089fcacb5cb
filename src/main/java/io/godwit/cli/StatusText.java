package io.godwit.cli;

import io.godwit.state.StatusReader.TableStatus;
import java.time.Duration;
import java.time.Instant;
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
        ("%-" + width + "s  %-9s  %14s  %11s  %14s  %8s  %s%n")
            .formatted(
                "table", "phase", "rows copied", "chunks", "events applied", "lag", "error"));
    Instant now = Instant.now();
    long rows = 0;
    long events = 0;
    long done = 0;
    long total = 0;
    int copied = 0;
    for (TableStatus t : tables) {
      out.append(
          ("%-" + width + "s  %-9s  %,14d  %5d/%-5d  %,14d  %8s  %s%n")
              .formatted(
                  t.source(),
                  t.phase(),
                  t.rowsCopied(),
                  t.chunksDone(),
                  t.chunksTotal(),
                  t.eventsApplied(),
                  lag(t, now),
                  t.error() == null ? "" : t.error()));
      rows += t.rowsCopied();
      events += t.eventsApplied();
      done += t.chunksDone();
      total += t.chunksTotal();
      if (t.phase().copyFinished()) {
        copied++;
      }
    }
    out.append(
        "Summary: %d of %d tables copied; %,d rows; chunks %d/%d (%.0f%%); %,d events applied; lag %s%n"
            .formatted(
                copied,
                tables.size(),
                rows,
                done,
                total,
                total == 0 ? 0.0 : 100.0 * done / total,
                events,
                worstLag(tables, now)));
    return out.toString();
  }

  /**
   * The table's last recorded lag; "-" when none, and marked stale when the running process has not
   * recorded progress for over ten seconds (it records every two).
   */
  static String lag(TableStatus t, Instant now) {
    if (t.lagMs() == null) {
      return "-";
    }
    String lag = "%.1fs".formatted(t.lagMs() / 1000.0);
    return stale(t, now) ? lag + "?" : lag;
  }

  private static boolean stale(TableStatus t, Instant now) {
    return t.progressAt() == null || Duration.between(t.progressAt(), now).toSeconds() > 10;
  }

  private static String worstLag(List<TableStatus> tables, Instant now) {
    Long worst = null;
    boolean stale = false;
    for (TableStatus t : tables) {
      if (t.lagMs() != null && (worst == null || t.lagMs() > worst)) {
        worst = t.lagMs();
      }
      stale |= t.lagMs() != null && stale(t, now);
    }
    if (worst == null) {
      return "-";
    }
    return "%.1fs%s"
        .formatted(
            worst / 1000.0, stale ? " (? = not updated for 10 s: is `godwit run` running?)" : "");
  }
}
