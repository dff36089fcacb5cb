package io.godwit.control;

import io.godwit.state.AttemptState;
import io.godwit.state.CutoverRecords;
import io.godwit.state.StatusReader.TableStatus;
import io.godwit.state.TablePhase;
import io.godwit.state.ValidationRecords;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.function.Function;
import java.util.stream.Collectors;

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
    ThrottleView throttle) {

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

  /** The view of a running migration. */
  public static StatusView live(
      String migration,
      List<TableStatus> tables,
      List<ValidationRecords.Stored> validations,
      CutoverDocument cutover,
      Live live) {
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
        live.throttle());
  }

  /**
   * The view read from the state store alone, for {@code godwit status --json}: lags as last
   * recorded, the cutover's latest attempt without its checks.
   */
  public static StatusView stored(
      String migration,
      List<TableStatus> tables,
      List<ValidationRecords.Stored> validations,
      CutoverRecords.Attempt attempt) {
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
            .map(
                t ->
                    table(
                        t,
                        t.lagMs() == null ? null : finite(t.lagMs() / 1000.0),
                        null,
                        validated.get(t.source())))
            .toList();
    Double worst =
        rows.stream()
            .map(TableView::lagSeconds)
            .filter(lag -> lag != null)
            .max(Double::compare)
            .orElse(null);
    return new StatusView(
        migration,
        phase(tables, cutover.state()),
        worst,
        null,
        null,
        null,
        null,
        rows,
        cutover,
        null);
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
