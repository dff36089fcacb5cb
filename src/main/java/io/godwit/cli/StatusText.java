package io.godwit.cli;

import io.godwit.control.StatusView;
import io.godwit.state.CutoverRecords;
import io.godwit.state.StatusReader.TableStatus;
import io.godwit.state.ValidationRecords;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.function.Function;
import java.util.stream.Collectors;

/** Renders status: a line per table, a summary line and the cutover's state. */
final class StatusText {

  private StatusText() {}

  static String render(
      String migration,
      List<TableStatus> tables,
      List<ValidationRecords.Stored> validations,
      CutoverRecords.Attempt cutover,
      StatusView.ReverseView reverse,
      Instant now) {
    if (tables.isEmpty()) {
      return "Migration %s has not started on this target (no tables in its state store).%n"
          .formatted(migration);
    }
    Map<String, ValidationRecords.Stored> validated =
        validations.stream()
            .collect(Collectors.toMap(ValidationRecords.Stored::table, Function.identity()));
    int width = Math.max(5, tables.stream().mapToInt(t -> t.source().length()).max().orElse(5));
    String line = "%-" + width + "s  %-9s  %-7s  %7s  %14s  %14s  %8s  %-14s  %8s  %s%n";
    StringBuilder out = new StringBuilder();
    out.append(
        line.formatted(
            "table",
            "phase",
            "applier",
            "copied",
            "rows copied",
            "events applied",
            "lag",
            "validated",
            "ETA",
            "error"));
    long rows = 0;
    long events = 0;
    long done = 0;
    long total = 0;
    int copied = 0;
    int followed = 0;
    Instant firstStart = null;
    for (TableStatus t : tables) {
      out.append(
          line.formatted(
              t.source(),
              t.phase(),
              t.applyPausedAt() == null ? "" : "paused",
              copiedPercent(t),
              "%,d".formatted(t.rowsCopied()),
              "%,d".formatted(t.eventsApplied()),
              lag(t, now),
              validation(validated.get(t.source())),
              eta(
                  t.phase().copyFinished(),
                  t.chunksDone(),
                  t.chunksTotal(),
                  t.copyStartedAt(),
                  now),
              t.error() == null ? "" : t.error()));
      if (!t.phase().followed()) {
        continue;
      }
      followed++;
      rows += t.rowsCopied();
      events += t.eventsApplied();
      done += t.chunksDone();
      total += t.chunksTotal();
      if (t.phase().copyFinished()) {
        copied++;
      }
      if (t.copyStartedAt() != null
          && (firstStart == null || t.copyStartedAt().isBefore(firstStart))) {
        firstStart = t.copyStartedAt();
      }
    }
    boolean allCopied = copied == followed;
    out.append(
        "Summary: %d of %d tables copied; %,d rows; chunks %d/%d (%.0f%%)%s; %,d events applied; lag %s%n"
            .formatted(
                copied,
                followed,
                rows,
                done,
                total,
                total == 0 ? (allCopied ? 100.0 : 0.0) : 100.0 * done / total,
                allCopied ? "" : "; snapshot ETA " + eta(false, done, total, firstStart, now),
                events,
                worstLag(tables.stream().filter(t -> t.phase().followed()).toList(), now)));
    out.append(dropped(tables));
    out.append(paused(tables));
    out.append(cutover(cutover));
    out.append(reverse(reverse));
    return out.toString();
  }

  /**
   * The reverse stream after a cutover with an R0: its lag, a line per table (changes applied to
   * the old source, lag, the error that stopped it) and the latest rollback; nothing without one.
   */
  static String reverse(StatusView.ReverseView r) {
    if (r == null) {
      return "";
    }
    StringBuilder out =
        new StringBuilder("Reverse stream (target to old source, from R0 %s): ".formatted(r.r0()));
    if (r.unreadable() != null) {
      return out.append(
              "its progress on the old source cannot be read: %s%n".formatted(r.unreadable()))
          .toString();
    }
    long stopped = r.tables().stream().filter(StatusView.ReverseTable::stopped).count();
    out.append(
        "lag %s; %,d events applied; %d of %d tables stopped%n"
            .formatted(
                seconds(r.lagSeconds()),
                r.tables().stream().mapToLong(StatusView.ReverseTable::eventsApplied).sum(),
                stopped,
                r.tables().size()));
    int width = Math.max(5, r.tables().stream().mapToInt(t -> t.table().length()).max().orElse(5));
    String line = "  %-" + width + "s  %14s  %8s  %s%n";
    out.append(line.formatted("table", "events applied", "lag", "error"));
    for (StatusView.ReverseTable t : r.tables()) {
      out.append(
          line.formatted(
              t.table(),
              "%,d".formatted(t.eventsApplied()),
              seconds(t.lagSeconds()),
              t.stopped() ? "STOPPED: " + t.error() : ""));
    }
    StatusView.RollbackView rb = r.rollback();
    if (rb == null) {
      return out.append(
              "Rollback: not attempted (`godwit rollback -c FILE --dry-run` checks the"
                  + " preconditions)%n".formatted())
          .toString();
    }
    out.append("Rollback: attempt %d %s (step %s)".formatted(rb.attempt(), rb.state(), rb.step()));
    if (rb.downtimeSeconds() != null) {
      out.append("; downtime %.2f s".formatted(rb.downtimeSeconds()));
    }
    if (rb.error() != null) {
      out.append("; ").append(rb.error());
    }
    return out.append(System.lineSeparator()).toString();
  }

  private static String seconds(Double lag) {
    return lag == null ? "-" : "%.1fs".formatted(lag);
  }

  /** The tables dropped from the migration, and what that means; nothing when none is. */
  private static String dropped(List<TableStatus> tables) {
    List<String> dropped =
        tables.stream().filter(t -> !t.phase().followed()).map(TableStatus::source).toList();
    if (dropped.isEmpty()) {
      return "";
    }
    return ("Dropped from the migration: %s (no longer captured or applied; their target tables"
            + " are left as they were; see ops/runbooks/adding-and-dropping-tables.md)%n")
        .formatted(String.join(", ", dropped));
  }

  /**
   * The tables whose applier an operator paused, since when, and how to resume them; nothing when
   * none is paused.
   */
  private static String paused(List<TableStatus> tables) {
    List<TableStatus> paused =
        tables.stream().filter(t -> t.applyPausedAt() != null && t.phase().followed()).toList();
    if (paused.isEmpty()) {
      return "";
    }
    return ("Applier paused for %s (their changes wait in Kafka and their lag grows); resume:"
            + " POST /api/apply/resume {\"tables\": [%s]}%n")
        .formatted(
            paused.stream()
                .map(t -> t.source() + " since " + t.applyPausedAt())
                .collect(Collectors.joining(", ")),
            paused.stream().map(t -> "\"" + t.source() + "\"").collect(Collectors.joining(", ")));
  }

  private static String copiedPercent(TableStatus t) {
    if (t.phase().copyFinished()) {
      return "100%";
    }
    if (t.chunksTotal() == 0) {
      return "0%";
    }
    return "%.0f%%".formatted(100.0 * t.chunksDone() / t.chunksTotal());
  }

  /**
   * Time left for a copy at the pace so far (chunks are of even size by construction): elapsed
   * times chunks left over chunks done. "-" when finished or not measurable yet.
   */
  static String eta(boolean finished, long done, long total, Instant started, Instant now) {
    if (finished || started == null || done == 0 || total <= done) {
      return finished || (total > 0 && total <= done) ? "-" : "?";
    }
    long elapsed = Math.max(0, Duration.between(started, now).toSeconds());
    long left = Math.round((double) elapsed * (total - done) / done);
    return left >= 3600
        ? "%dh%02dm".formatted(left / 3600, (left % 3600) / 60)
        : left >= 60 ? "%dm%02ds".formatted(left / 60, left % 60) : left + "s";
  }

  private static String validation(ValidationRecords.Stored v) {
    if (v == null) {
      return "never";
    }
    return switch (v.outcome()) {
      case "clean" -> "clean";
      case "differences" -> "%,d differ".formatted(v.differences());
      default -> v.outcome();
    };
  }

  private static String cutover(CutoverRecords.Attempt a) {
    if (a == null) {
      return "Cutover: not started (`godwit cutover -c FILE --dry-run` checks the preconditions)%n"
          .formatted();
    }
    StringBuilder out =
        new StringBuilder(
            "Cutover: attempt %d %s (step %s, freeze %s)"
                .formatted(a.attempt(), a.state().label(), a.step(), a.freezeMode()));
    if (a.downtimeMs() != null) {
      out.append("; downtime %.2f s".formatted(a.downtimeMs() / 1000.0));
    }
    if (a.sourcePosition() != null) {
      out.append("; source position ").append(a.sourcePosition());
    }
    if (a.frozen()) {
      out.append("; THE SOURCE IS FROZEN");
    }
    if (a.error() != null) {
      out.append("; ").append(a.error());
    }
    return out.append(System.lineSeparator()).toString();
  }

  /**
   * The table's last recorded lag; "-" when none, and marked stale when the running process has not
   * recorded progress for over ten seconds (it records every two).
   */
  static String lag(TableStatus t, Instant now) {
    if (t.lagMs() == null || !t.phase().followed()) {
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
