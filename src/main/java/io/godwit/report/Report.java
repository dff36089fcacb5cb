package io.godwit.report;

import io.godwit.db.Finding;
import io.godwit.error.ErrorCode;
import io.godwit.error.GodwitException;
import io.godwit.plan.PlanResult;
import io.godwit.schema.ColumnMapping;
import io.godwit.schema.Fidelity;
import io.godwit.state.AttemptState;
import io.godwit.state.CutoverRecords;
import io.godwit.state.ReverseProgress;
import io.godwit.state.RunHistory;
import io.godwit.state.StatusReader;
import io.godwit.state.ValidationRecords;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * The migration report for the change board and the next team: what moved where, with which
 * settings and mappings, how long each part took, how lag behaved, every validation, the cutover's
 * timeline with its downtime, the source position to roll back from, and the rollback readiness.
 * Everything comes from the state store and the configuration (secrets masked); the plan is re-read
 * from both sides when they can be reached.
 *
 * @param plan the plan as of now, or null when it could not be made ({@code planError} says why)
 * @param lagThresholdSeconds the cutover's lag threshold, drawn on the lag chart
 * @param reverse the reverse stream after a cutover that recorded an R0; null without one
 */
public record Report(
    String migration,
    String godwitVersion,
    Instant generatedAt,
    RunHistory.Registration registration,
    List<String> effectiveConfig,
    PlanResult plan,
    String planError,
    List<RunHistory.TableCopy> tables,
    List<RunHistory.LagSample> lag,
    double lagThresholdSeconds,
    List<ValidationRecords.Stored> validations,
    List<CutoverRecords.Attempt> cutovers,
    List<RunHistory.Event> events,
    ReverseProgress reverse) {

  /** Output formats. */
  public enum Format {
    MD,
    HTML;

    public static Format parse(String text) {
      try {
        return valueOf(text.toUpperCase(Locale.ROOT));
      } catch (IllegalArgumentException e) {
        throw new GodwitException(
            ErrorCode.BAD_ARGUMENT,
            "unknown report format '%s'; fix: use md or html".formatted(text),
            e);
      }
    }
  }

  private static final DateTimeFormatter TIME =
      DateTimeFormatter.ofPattern("uuuu-MM-dd HH:mm:ss.SSS'Z'").withZone(ZoneOffset.UTC);
  private static final int LAG_POINTS = 48;
  private static final int EVENTS_SHOWN = 200;

  public String render(Format format) {
    Document doc = document();
    return format == Format.HTML ? HtmlWriter.render(doc) : MarkdownWriter.render(doc);
  }

  Document document() {
    Document doc = new Document("Migration report: " + migration);
    doc.paragraph(
        "Generated %s by %s from the state store on the target."
            .formatted(time(generatedAt), godwitVersion));
    overview(doc);
    doc.heading("Effective configuration").paragraph("Defaults included; secrets are masked.");
    doc.preformatted(effectiveConfig);
    plan(doc);
    snapshot(doc);
    lag(doc);
    validations(doc);
    cutovers(doc);
    rollbackReadiness(doc);
    events(doc);
    return doc;
  }

  private void overview(Document doc) {
    doc.heading("Source and target");
    List<List<String>> rows = new ArrayList<>();
    if (plan != null) {
      rows.add(side("source", plan.source()));
      rows.add(side("target", plan.target()));
    } else if (registration != null) {
      rows.add(List.of("source", "", "", registration.source(), ""));
      rows.add(List.of("target", "", "", registration.target(), ""));
    }
    doc.table(List.of("side", "engine", "version", "url", "schema"), rows);
    if (registration != null) {
      doc.paragraph("Migration registered %s.".formatted(time(registration.createdAt())));
    } else {
      doc.paragraph("This migration has no record in the target's state store: it never ran here.");
    }
    CutoverRecords.Attempt done = finishedCutover();
    doc.paragraph(
        done == null
            ? "Not cut over: the source is still the system of record."
            : "Cut over %s with %.2f s of write downtime; the source's position at cutover was %s."
                .formatted(
                    time(done.finishedAt()), done.downtimeMs() / 1000.0, done.sourcePosition()));
  }

  private static List<String> side(String name, PlanResult.Side side) {
    return List.of(name, side.engine(), side.version(), side.url(), side.schema());
  }

  private void plan(Document doc) {
    doc.heading("Plan findings and lossy mappings");
    if (plan == null) {
      doc.paragraph("The plan could not be made now: " + planError);
      return;
    }
    if (plan.findings().isEmpty()) {
      doc.paragraph("No findings.");
    } else {
      doc.table(
          List.of("severity", "subject", "finding", "fix"),
          plan.findings().stream()
              .map(
                  f ->
                      List.of(
                          f.severity().name().toLowerCase(Locale.ROOT),
                          f.subject(),
                          f.message(),
                          f.fix()))
              .toList());
    }
    List<ColumnMapping> notExact =
        plan.mappings().stream().filter(m -> m.fidelity() != Fidelity.EXACT).toList();
    if (notExact.isEmpty()) {
      doc.paragraph("Every column maps exactly.");
    } else {
      doc.table(
          List.of("table", "column", "source type", "target type", "fidelity", "note"),
          notExact.stream()
              .map(
                  m ->
                      List.of(
                          m.table(),
                          m.column(),
                          m.sourceType(),
                          m.targetType(),
                          m.fidelity().name().toLowerCase(Locale.ROOT),
                          m.note() == null ? "" : m.note()))
              .toList());
    }
    long blockers = plan.findings().stream().filter(Finding::isBlocker).count();
    if (blockers > 0) {
      doc.paragraph("%d blocker(s) stand in the way of a new run as of now.".formatted(blockers));
    }
  }

  private void snapshot(Document doc) {
    doc.heading("Snapshot");
    if (tables.isEmpty()) {
      doc.paragraph("No table was copied.");
      return;
    }
    List<List<String>> rows = new ArrayList<>();
    long totalRows = 0;
    long totalBytes = 0;
    for (RunHistory.TableCopy t : tables) {
      double seconds = t.seconds();
      totalRows += t.rows();
      totalBytes += t.bytes();
      rows.add(
          List.of(
              t.source(),
              t.target(),
              t.phase().name().toLowerCase(Locale.ROOT),
              "%,d".formatted(t.rows()),
              megabytes(t.bytes()),
              String.valueOf(t.chunks()),
              time(t.copyStartedAt()),
              seconds < 0 ? "" : "%.1f".formatted(seconds),
              seconds <= 0 ? "" : "%,.0f".formatted(t.rows() / seconds),
              "%,d".formatted(t.eventsApplied()),
              t.error() == null ? "" : t.error()));
    }
    doc.table(
        List.of(
            "table",
            "target",
            "phase",
            "rows",
            "MB",
            "chunks",
            "copy started",
            "copy s",
            "rows/s",
            "events applied",
            "error"),
        rows);
    Instant first =
        tables.stream()
            .map(RunHistory.TableCopy::copyStartedAt)
            .filter(i -> i != null)
            .min(Instant::compareTo)
            .orElse(null);
    Instant last =
        tables.stream()
            .map(RunHistory.TableCopy::copiedAt)
            .filter(i -> i != null)
            .max(Instant::compareTo)
            .orElse(null);
    if (first != null && last != null && tables.stream().allMatch(t -> t.copiedAt() != null)) {
      double seconds = Math.max(0.001, Duration.between(first, last).toMillis() / 1000.0);
      doc.paragraph(
          "%,d rows (%s MB) copied in %.1f s, %,.0f rows/s overall."
              .formatted(totalRows, megabytes(totalBytes), seconds, totalRows / seconds));
    }
  }

  private void lag(Document doc) {
    doc.heading("Lag over the run");
    if (lag.isEmpty()) {
      doc.paragraph("No lag was sampled: the migration did not stream changes.");
      return;
    }
    long[] ms = lag.stream().mapToLong(RunHistory.LagSample::lagMs).sorted().toArray();
    doc.paragraph(
        "%d samples from %s to %s: median %.2f s, p95 %.2f s, p99 %.2f s, max %.2f s (source commit to target commit, proven by marks)."
            .formatted(
                ms.length,
                time(lag.get(0).at()),
                time(lag.get(lag.size() - 1).at()),
                percentile(ms, 0.50) / 1000.0,
                percentile(ms, 0.95) / 1000.0,
                percentile(ms, 0.99) / 1000.0,
                ms[ms.length - 1] / 1000.0));
    doc.chart(
        "Lag, seconds (the highest in each interval; the red line is the cutover threshold)",
        "s",
        buckets(),
        lagThresholdSeconds);
  }

  /** The highest lag in each of up to {@link #LAG_POINTS} equal intervals of the run. */
  private List<double[]> buckets() {
    long start = lag.get(0).at().getEpochSecond();
    long end = lag.get(lag.size() - 1).at().getEpochSecond();
    long width = Math.max(1, (end - start + LAG_POINTS) / LAG_POINTS);
    List<double[]> points = new ArrayList<>();
    for (RunHistory.LagSample s : lag) {
      long bucketEnd = start + ((s.at().getEpochSecond() - start) / width + 1) * width;
      double seconds = s.lagMs() / 1000.0;
      double[] last = points.isEmpty() ? null : points.get(points.size() - 1);
      if (last != null && last[0] == bucketEnd) {
        last[1] = Math.max(last[1], seconds);
      } else {
        points.add(new double[] {bucketEnd, seconds});
      }
    }
    return points;
  }

  private static double percentile(long[] sorted, double p) {
    return sorted[(int) Math.min(sorted.length - 1, Math.floor(p * sorted.length))];
  }

  private void validations(Document doc) {
    doc.heading("Validations");
    if (validations.isEmpty()) {
      doc.paragraph("No validation was run.");
      return;
    }
    doc.table(
        List.of(
            "finished",
            "table",
            "rows",
            "differences",
            "repaired",
            "s",
            "rows/s",
            "outcome",
            "detail"),
        validations.stream()
            .map(
                v ->
                    List.of(
                        time(v.finishedAt()),
                        v.table(),
                        "%,d".formatted(v.sourceRows()),
                        "%,d".formatted(v.differences()),
                        "%,d".formatted(v.repaired()),
                        "%.1f".formatted(v.seconds()),
                        v.seconds() <= 0 ? "" : "%,.0f".formatted(v.sourceRows() / v.seconds()),
                        v.outcome(),
                        v.detail() == null ? "" : v.detail()))
            .toList());
  }

  private void cutovers(Document doc) {
    doc.heading("Cutover");
    if (cutovers.isEmpty()) {
      doc.paragraph("No cutover was attempted.");
      return;
    }
    for (CutoverRecords.Attempt a : cutovers) {
      doc.subheading(
          "Attempt %d: %s (freeze: %s)".formatted(a.attempt(), a.state().label(), a.freezeMode()));
      List<String> facts = new ArrayList<>();
      facts.add("started " + time(a.startedAt()));
      if (a.frozenAt() != null) {
        facts.add("source frozen " + time(a.frozenAt()));
      }
      if (a.finishedAt() != null) {
        facts.add("finished " + time(a.finishedAt()));
      }
      if (a.downtimeMs() != null) {
        facts.add("write downtime %.2f s".formatted(a.downtimeMs() / 1000.0));
      }
      if (a.sourcePosition() != null) {
        facts.add("source position at cutover (for rollback): " + a.sourcePosition());
      }
      if (a.error() != null) {
        facts.add("ended by: " + a.error());
      }
      if (a.frozen()) {
        facts.add("THE SOURCE IS STILL FROZEN by this attempt");
      }
      doc.paragraph(String.join("; ", facts) + ".");
      doc.table(
          List.of("step", "started", "took s", "outcome", "detail"),
          a.steps().stream()
              .map(
                  s ->
                      List.of(
                          s.step(),
                          time(s.startedAt()),
                          s.finishedAt() == null
                              ? ""
                              : "%.3f"
                                  .formatted(
                                      Duration.between(s.startedAt(), s.finishedAt()).toMillis()
                                          / 1000.0),
                          s.outcome() == null ? "unfinished" : s.outcome(),
                          s.detail() == null ? "" : s.detail()))
              .toList());
    }
  }

  /**
   * Per table: the columns whose target values the old source could not all take back (the plan's
   * reversibility), whether the reverse stream writes the table back, its changes applied, last lag
   * and the error that stopped it; then the latest rollback attempt.
   */
  private void rollbackReadiness(Document doc) {
    doc.heading("Rollback readiness");
    if (reverse == null) {
      doc.paragraph(
          "No reverse stream: the migration is not cut over (or runs forward again after a"
              + " rollback), or its cutover recorded no R0 (rollback.reverse off), and going back"
              + " after that cutover is manual (ops/runbooks/rollback.md).");
    } else if (reverse.unreadable() != null) {
      doc.paragraph(
          "The reverse stream starts at the target's position R0 %s; its progress on the old source could not be read: %s."
              .formatted(reverse.r0(), reverse.unreadable()));
    } else {
      doc.paragraph(
          "The reverse stream writes the target's changes back to the old source from R0 %s, the target's position when the cutover was done."
              .formatted(reverse.r0()));
    }
    Map<String, StatusReader.TableStatus> back = new HashMap<>();
    if (reverse != null) {
      reverse.tables().forEach(t -> back.put(t.source(), t));
    }
    doc.table(
        List.of(
            "table",
            "columns not reversible",
            "reverse stream",
            "changes applied back",
            "last lag s",
            "error"),
        tables.stream()
            .map(
                t -> {
                  StatusReader.TableStatus r = back.get(t.source());
                  return List.of(
                      t.source(),
                      notReversible(t.source()),
                      r == null ? "no" : r.error() == null ? "streams back" : "STOPPED",
                      r == null ? "" : "%,d".formatted(r.eventsApplied()),
                      r == null || r.lagMs() == null ? "" : "%.2f".formatted(r.lagMs() / 1000.0),
                      r == null || r.error() == null ? "" : r.error());
                })
            .toList());
    if (reverse == null || reverse.unreadable() != null) {
      return;
    }
    CutoverRecords.Attempt rb = reverse.rollback();
    if (rb == null) {
      doc.paragraph("No rollback was attempted.");
      return;
    }
    List<String> facts = new ArrayList<>();
    facts.add(
        "Latest rollback: attempt %d %s at step %s, started %s"
            .formatted(rb.attempt(), rb.state().label(), rb.step(), time(rb.startedAt())));
    if (rb.finishedAt() != null) {
      facts.add("finished " + time(rb.finishedAt()));
    }
    if (rb.downtimeMs() != null) {
      facts.add("write downtime %.2f s".formatted(rb.downtimeMs() / 1000.0));
    }
    if (rb.error() != null) {
      facts.add("ended by: " + rb.error());
    }
    doc.paragraph(String.join("; ", facts) + ".");
  }

  /** The table's columns whose mapping is not reversible, with why; "none" when every one is. */
  private String notReversible(String table) {
    if (plan == null) {
      return "unknown: no plan";
    }
    List<String> columns =
        plan.mappings().stream()
            .filter(m -> m.table().equals(table) && !m.back().reversible())
            .map(
                m ->
                    "%s %s -> %s: %s"
                        .formatted(m.column(), m.sourceType(), m.targetType(), m.back().reason()))
            .toList();
    return columns.isEmpty() ? "none" : String.join("; ", columns);
  }

  private void events(Document doc) {
    doc.heading("Event log");
    if (events.isEmpty()) {
      doc.paragraph("The event log is empty.");
      return;
    }
    List<RunHistory.Event> shown =
        events.size() <= EVENTS_SHOWN
            ? events
            : events.subList(events.size() - EVENTS_SHOWN, events.size());
    if (shown.size() < events.size()) {
      doc.paragraph("The last %d of %d entries.".formatted(shown.size(), events.size()));
    }
    doc.table(
        List.of("at", "kind", "message"),
        shown.stream().map(e -> List.of(time(e.at()), e.kind(), e.message())).toList());
  }

  private CutoverRecords.Attempt finishedCutover() {
    return cutovers.stream().filter(a -> a.state() == AttemptState.DONE).findFirst().orElse(null);
  }

  private static String megabytes(long bytes) {
    return "%,.1f".formatted(bytes / 1_048_576.0);
  }

  private static String time(Instant at) {
    return at == null ? "" : TIME.format(at);
  }
}
