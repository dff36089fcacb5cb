package io.godwit.trial;

import io.godwit.db.Finding;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/** A trial's result as Markdown, printed and written to the trial's report file alike. */
public final class TrialText {

  private TrialText() {}

  public static String render(TrialResult r) {
    List<String> out = new ArrayList<>();
    out.add("# Trial of " + r.migration());
    out.add("");
    out.add("Staging target: " + r.staging() + "; sample: " + r.sample() + ".");
    out.add("");
    out.add("## Snapshot");
    out.add("");
    out.add(
        "| table | sample rows | rows/s | MB/s | plan rows | projected | ± | indexes | sampled by"
            + " |");
    out.add("| --- | ---: | ---: | ---: | ---: | ---: | ---: | ---: | --- |");
    for (TrialResult.TableProjection t : r.tables()) {
      out.add(
          "| %s | %,d | %s | %s | %,d | %s | %s | %s | %s |"
              .formatted(
                  t.table(),
                  t.sampleRows(),
                  number(t.rowsPerSecond(), "%,.0f"),
                  number(t.megabytesPerSecond(), "%.2f"),
                  t.planRows(),
                  seconds(t.projectedSeconds()),
                  percent(t.spread()),
                  t.sampleIndexSeconds() > 0
                      ? "%s (sample %s)"
                          .formatted(
                              seconds(t.projectedIndexSeconds()), seconds(t.sampleIndexSeconds()))
                      : "-",
                  t.note().isEmpty() ? "`" + t.filter() + "`" : "whole table: " + t.note()));
    }
    TrialResult.SnapshotProjection s = r.snapshot();
    out.add("");
    out.add(
        "Projected full snapshot: %s %s (the sample: %,d rows in %s)."
                .formatted(
                    seconds(s.projectedSeconds()),
                    Double.isFinite(s.spread()) ? "± " + percent(s.spread()) : "(± not measured)",
                    s.sampleRows(),
                    seconds(s.sampleSeconds()))
            + " The ± covers one thing: how steady each table's copy rate was within the sample's"
            + " few seconds. It does not cover load that differs between the trial and the real run"
            + " (the trial also streams changes), the plan's row estimates, a cache that holds the"
            + " sample but not the whole table, or the index builds' time (see docs/trial.md).");
    out.add("");
    out.add(
        ("A table's secondary indexes (the indexes column above, scaled by its rows) are built"
                + " on one thread as soon as its copy ends, while the next tables copy: projected to end"
                + " %s after the last table's copy (the sample's indexes step waited %s for them).")
            .formatted(seconds(s.indexTailSeconds()), seconds(s.sampleIndexWaitSeconds())));
    out.add("");
    out.add(
        "Besides the copy and those builds, the sample's steps: "
            + String.join(
                "; ",
                s.steps().stream()
                    .map(
                        step ->
                            step.growsWithRows()
                                ? "%s %s, scaled by %.1f: %s"
                                    .formatted(
                                        step.name(),
                                        seconds(step.seconds()),
                                        s.scale(),
                                        seconds(step.seconds() * s.scale()))
                                : "%s %s".formatted(step.name(), seconds(step.seconds())))
                    .toList())
            + ".");
    out.add("");
    out.add("## Streaming");
    out.add("");
    TrialResult.Streaming st = r.streaming();
    out.add(
        "Source change rate %s events/s over %s; applier capacity %s events/s."
            .formatted(
                number(st.changeRate(), "%,.1f"),
                seconds(st.windowSeconds()),
                number(st.capacity(), "%,.1f")));
    if (Double.isNaN(st.catchUpSeconds())) {
      out.add("Catch-up after the full snapshot: not measured.");
    } else if (Double.isInfinite(st.catchUpSeconds())) {
      out.add(
          "Catch-up does NOT converge: the source changes at least as fast as the applier applies;"
              + " the backlog grows. Fix: raise apply.batch-size, give the target more capacity, or"
              + " migrate at a quieter time.");
    } else {
      out.add(
          "Catch-up converges: the changes that wait in Kafka during the full snapshot drain in"
              + " about %s after it.".formatted(seconds(st.catchUpSeconds())));
    }
    out.add("");
    out.add("## Cutover");
    out.add("");
    TrialResult.Downtime d = r.downtime();
    out.add(
        "Projected downtime %s: drain %s + final validation %s on the sample, scaled to the"
                .formatted(
                    seconds(d.projectedSeconds()),
                    seconds(d.drainSeconds()),
                    seconds(d.validationSeconds()))
            + " plan's rows. `cutover --dry-run`'s own estimate on the sample (lag, records"
            + " behind at the recent apply rate, the last validation's time): %s."
                .formatted(seconds(d.dryRunFreezeSeconds())));
    r.dryRunChecks().forEach(c -> out.add("- " + c));
    out.add("");
    out.add("## Validation of the staging target");
    out.add("");
    out.add(
        r.validation().clean()
            ? "Clean: the staging target equals the source's sample."
            : "DIFFERENCES between the staging target and the source's sample:");
    r.validation().tables().stream()
        .filter(t -> t.differenceCount() > 0 || t.error() != null)
        .forEach(
            t ->
                out.add(
                    "- %s: %s, %d missing, %d extra, %d different%s"
                        .formatted(
                            t.table(),
                            t.outcome(),
                            t.missing(),
                            t.extra(),
                            t.different(),
                            t.error() == null ? "" : ": " + t.error())));
    out.add("");
    out.add("## Plan findings");
    out.add("");
    if (r.findings().isEmpty()) {
      out.add("None.");
    }
    for (Finding f : r.findings()) {
      out.add(
          "- %s %s: %s%s"
              .formatted(
                  f.severity().name().toLowerCase(Locale.ROOT),
                  f.subject(),
                  f.message(),
                  f.fix() == null || f.fix().isEmpty() ? "" : " Fix: " + f.fix()));
    }
    out.add("");
    out.add("## Cleaned up");
    out.add("");
    r.cleanup().forEach(c -> out.add("- " + c));
    return String.join("\n", out) + "\n";
  }

  static String seconds(double seconds) {
    if (Double.isNaN(seconds)) {
      return "n/a";
    }
    if (Double.isInfinite(seconds)) {
      return "never";
    }
    if (seconds < 120) {
      return "%.1f s".formatted(seconds);
    }
    long s = Math.round(seconds);
    return s < 7200
        ? "%d min %d s".formatted(s / 60, s % 60)
        : "%d h %d min".formatted(s / 3600, s % 3600 / 60);
  }

  private static String percent(double fraction) {
    return Double.isFinite(fraction) ? "%.0f %%".formatted(fraction * 100) : "n/a";
  }

  private static String number(double value, String format) {
    return Double.isFinite(value) ? format.formatted(value) : "n/a";
  }
}
