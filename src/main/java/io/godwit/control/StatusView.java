package io.godwit.control;

import io.godwit.state.AttemptState;
import io.godwit.state.CutoverRecords;
import io.godwit.state.ReverseProgress;
import io.godwit.state.StatusReader.TableStatus;
import io.godwit.state.TablePhase;
import io.godwit.state.ValidationRecords;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.function.Function;
import java.util.stream.Collectors;
import java.util.stream.Stream;

/**
 * The migration's status as {@code GET /api/status}, the status page and {@code godwit status
 * --json} show it. The figures only the running process knows ({@code applyRate}, {@code
 * recordsBehind}, {@code lagHistory}, {@code lagThresholdSeconds}, {@code throttle}) are null when
 * the view is read from the state store alone; lags are then the ones the run last recorded.
 *
 * @param phase {@code starting}, {@code snapshot}, {@code streaming}, {@code error}, {@code
 *     cutover} or {@code cut over}
 * @param lagSeconds the worst table's lag; null when not measured
 * @param lagHistory {@code [epochSeconds, lagSeconds]} pairs of the last minutes
 * @param reverse the reverse stream after a cutover with an R0; null when there is none
 */
public record StatusView(
    String migration,
    String phase,
    Double lagSeconds,
    Long applyRate,
    Long recordsBehind,
    List<double[]> lagHistory,
    Double lagThresholdSeconds,
    List<TableView> tables,
    CutoverDocument cutover,
    ThrottleView throttle,
    ReverseView reverse) {

  /**
   * One table: progress, lag, error, its latest validation, and since when its applier is paused
   * (ISO-8601; null when it applies).
   */
  public record TableView(
      String table,
      String target,
      String phase,
      long rowsCopied,
      long chunksDone,
      long chunksTotal,
      long eventsApplied,
      Double lagSeconds,
      Long recordsBehind,
      String error,
      ValidationView validation,
      String applyPausedAt) {}

  /** A table's latest validation. */
  public record ValidationView(String outcome, long differences, long rows, String finishedAt) {

    static ValidationView of(ValidationRecords.Stored v) {
      return new ValidationView(
          v.outcome(), v.differences(), v.sourceRows(), v.finishedAt().toString());
    }
  }

  /**
   * The snapshot copy's ceiling in rows per second (0: none), whether it is paused, and who holds
   * it: {@code operator}, {@code source-threads} ({@code snapshot.max-threads-running}), {@code
   * replica-lag} ({@code snapshot.max-replica-lag}).
   */
  public record ThrottleView(long rowsPerSecond, boolean paused, List<String> pausedBy) {}

  /**
   * What the running process measures: overall and per-table lag in seconds (NaN or absent when not
   * measured), apply rate, records behind per table, lag history and threshold, throttle.
   */
  public record Live(
      double lagSeconds,
      Map<String, Double> tableLagSeconds,
      double applyRate,
      Map<String, Long> recordsBehind,
      List<double[]> lagHistory,
      double lagThresholdSeconds,
      ThrottleView throttle) {}

  /**
   * The reverse stream (issue #16): where it started on the target (R0), its lag (the worst table's
   * when read from the state store alone), each table it writes back to the old source, and the
   * latest rollback attempt.
   *
   * @param unreadable why the old source's state store, where the reverse stream keeps its
   *     progress, could not be read; null when it was
   */
  public record ReverseView(
      String r0,
      Double lagSeconds,
      List<ReverseTable> tables,
      RollbackView rollback,
      String unreadable) {

    /**
     * The reverse stream's view from what the old source's state store records and, while it runs,
     * what it measures ({@code live}: null when read from the state store alone).
     */
    public static ReverseView of(ReverseProgress progress, ReverseLive live) {
      if (progress.unreadable() != null) {
        return new ReverseView(progress.r0(), null, List.of(), null, progress.unreadable());
      }
      List<ReverseTable> rows =
          progress.tables().stream()
              .map(
                  t ->
                      new ReverseTable(
                          t.source(),
                          t.eventsApplied(),
                          live == null
                              ? stored(t.lagMs())
                              : finite(live.tableLagSeconds().getOrDefault(t.source(), Double.NaN)),
                          live == null ? null : live.recordsBehind().get(t.source()),
                          t.error() != null,
                          t.error()))
              .toList();
      return new ReverseView(
          progress.r0(),
          live == null
              ? worst(rows.stream().map(ReverseTable::lagSeconds))
              : finite(live.lagSeconds()),
          rows,
          progress.rollback() == null ? null : RollbackView.of(progress.rollback()),
          null);
    }
  }

  /**
   * One table streamed back: changes applied to the old source, lag, records in Kafka not yet
   * applied (null when read from the state store alone), and whether it is stopped by a change the
   * old source rejected, with the error.
   */
  public record ReverseTable(
      String table,
      long eventsApplied,
      Double lagSeconds,
      Long recordsBehind,
      boolean stopped,
      String error) {}

  /** The latest rollback attempt: its state, step, downtime, end and the error that ended it. */
  public record RollbackView(
      int attempt,
      String state,
      String step,
      Double downtimeSeconds,
      String finishedAt,
      String error) {

    static RollbackView of(CutoverRecords.Attempt a) {
      return new RollbackView(
          a.attempt(),
          a.shownState().label(),
          a.step(),
          a.downtimeMs() == null ? null : a.downtimeMs() / 1000.0,
          a.finishedAt() == null ? null : a.finishedAt().toString(),
          a.error());
    }
  }

  /** What the running reverse stream measures: its lag, each table's, records behind per table. */
  public record ReverseLive(
      double lagSeconds, Map<String, Double> tableLagSeconds, Map<String, Long> recordsBehind) {}

  /** The view of a running migration. */
  public static StatusView live(
      String migration,
      List<TableStatus> tables,
      List<ValidationRecords.Stored> validations,
      CutoverDocument cutover,
      Live live,
      ReverseView reverse) {
    Map<String, ValidationRecords.Stored> validated = byTable(validations);
    return new StatusView(
        migration,
        phase(tables, cutover.state()),
        finite(live.lagSeconds()),
        Math.round(live.applyRate()),
        live.recordsBehind().values().stream().mapToLong(Long::longValue).sum(),
        live.lagHistory(),
        live.lagThresholdSeconds(),
        tables.stream()
            .map(
                t ->
                    table(
                        t,
                        finite(live.tableLagSeconds().getOrDefault(t.source(), Double.NaN)),
                        live.recordsBehind().get(t.source()),
                        validated.get(t.source())))
            .toList(),
        cutover,
        live.throttle(),
        reverse);
  }

  /**
   * The view read from the state store alone, for {@code godwit status --json}: lags as last
   * recorded, the cutover's latest attempt without its checks.
   */
  public static StatusView stored(
      String migration,
      List<TableStatus> tables,
      List<ValidationRecords.Stored> validations,
      CutoverRecords.Attempt attempt,
      ReverseView reverse) {
    Map<String, ValidationRecords.Stored> validated = byTable(validations);
    CutoverDocument cutover =
        attempt == null
            ? CutoverDocument.idle()
            : new CutoverDocument(
                new CutoverDocument.Checked(
                    migration, attempt.freezeMode(), false, List.of(), null),
                attempt.shownState(),
                CutoverDocument.Recorded.of(attempt));
    List<TableView> rows =
        tables.stream()
            .map(t -> table(t, stored(t.lagMs()), null, validated.get(t.source())))
            .toList();
    return new StatusView(
        migration,
        phase(tables, cutover.state()),
        worst(rows.stream().map(TableView::lagSeconds)),
        null,
        null,
        null,
        null,
        rows,
        cutover,
        null,
        reverse);
  }

  /** The worst of the lags known; null when none is. */
  private static Double worst(Stream<Double> lags) {
    return lags.filter(lag -> lag != null).max(Double::compare).orElse(null);
  }

  /** A lag the run recorded in the state store, in seconds; null when it recorded none. */
  private static Double stored(Long lagMs) {
    return lagMs == null ? null : finite(lagMs / 1000.0);
  }

  /** A dropped table's row: its last lag is history, shown as none and left out of the worst. */
  private static TableView table(
      TableStatus s, Double lagSeconds, Long recordsBehind, ValidationRecords.Stored v) {
    boolean followed = s.phase().followed();
    return new TableView(
        s.source(),
        s.target(),
        s.phase().name().toLowerCase(Locale.ROOT),
        s.rowsCopied(),
        s.chunksDone(),
        s.chunksTotal(),
        s.eventsApplied(),
        followed ? lagSeconds : null,
        followed ? recordsBehind : null,
        s.error(),
        v == null ? null : ValidationView.of(v),
        s.applyPausedAt() == null ? null : s.applyPausedAt().toString());
  }

  private static Map<String, ValidationRecords.Stored> byTable(
      List<ValidationRecords.Stored> validations) {
    return validations.stream()
        .collect(
            Collectors.toMap(
                ValidationRecords.Stored::table, Function.identity(), (first, later) -> later));
  }

  private static String phase(List<TableStatus> tables, AttemptState cutover) {
    if (cutover == AttemptState.DONE) {
      return "cut over";
    }
    if (cutover == AttemptState.RUNNING || cutover == AttemptState.WAITING_FOR_OPERATOR) {
      return "cutover";
    }
    if (tables.isEmpty()) {
      return "starting";
    }
    if (tables.stream().anyMatch(s -> s.error() != null)) {
      return "error";
    }
    return tables.stream()
            .filter(s -> s.phase().followed())
            .allMatch(s -> s.phase() == TablePhase.STREAMING)
        ? "streaming"
        : "snapshot";
  }

  private static Double finite(double value) {
    return Double.isNaN(value) || Double.isInfinite(value) ? null : Math.round(value * 100) / 100.0;
  }
}
