package io.godwit;

import io.godwit.control.ControlledRun;
import io.godwit.cutover.Cutover;
import io.godwit.cutover.CutoverView;
import io.godwit.cutover.Streaming;
import io.godwit.error.ErrorCode;
import io.godwit.error.GodwitException;
import io.godwit.snapshot.Throttle;
import io.godwit.state.AttemptState;
import io.godwit.state.StatusReader;
import io.godwit.state.TablePhase;
import io.godwit.state.ValidationRecords;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.OptionalDouble;
import javax.sql.DataSource;

/**
 * The running migration as the control API and the cutover see it: status, drain, cutover and
 * throttle, read from the run's {@link RunState} and delegated to its {@link Cutover}.
 */
final class RunControl implements ControlledRun, Streaming {

  private final RunState live;
  private final Throttle throttle;
  private volatile DataSource target;
  private volatile Cutover cutover;

  RunControl(RunState live, Throttle throttle) {
    this.live = live;
    this.throttle = throttle;
  }

  /** Called by the run once the target is open and the cutover exists. */
  void attach(DataSource target, Cutover cutover) {
    this.target = target;
    this.cutover = cutover;
  }

  void detach() {
    this.cutover = null;
  }

  @Override
  public Map<String, Object> status() throws Exception {
    Map<String, Object> m = new LinkedHashMap<>();
    m.put("migration", live.name());
    DataSource t = target;
    List<StatusReader.TableStatus> tables =
        t == null ? List.of() : new StatusReader(t).tables(live.name());
    Cutover c = cutover;
    CutoverView cutoverView = c == null ? null : c.view(false);
    m.put("phase", phase(tables, cutoverView == null ? AttemptState.IDLE : cutoverView.state()));
    m.put("lagSeconds", finite(live.lagSeconds()));
    m.put("applyRate", Math.round(live.applyRate()));
    Map<String, Long> behind = live.recordsBehind();
    m.put("recordsBehind", behind.values().stream().mapToLong(Long::longValue).sum());
    m.put("lagHistory", live.lagHistory());
    m.put("lagThresholdSeconds", live.lagThresholdSeconds());
    Map<String, ValidationRecords.Stored> validated = new HashMap<>();
    if (t != null) {
      new ValidationRecords(t, live.name()).latest().forEach(v -> validated.put(v.table(), v));
    }
    List<Map<String, Object>> rows = new ArrayList<>();
    for (StatusReader.TableStatus s : tables) {
      Map<String, Object> row = new LinkedHashMap<>();
      row.put("table", s.source());
      row.put("target", s.target());
      row.put("phase", s.phase().name().toLowerCase(java.util.Locale.ROOT));
      row.put("rowsCopied", s.rowsCopied());
      row.put("chunksDone", s.chunksDone());
      row.put("chunksTotal", s.chunksTotal());
      row.put("eventsApplied", s.eventsApplied());
      OptionalDouble lag = live.lagSeconds(s.source());
      row.put("lagSeconds", lag.isPresent() ? finite(lag.getAsDouble()) : null);
      row.put("recordsBehind", behind.get(s.source()));
      row.put("error", s.error());
      ValidationRecords.Stored v = validated.get(s.source());
      row.put(
          "validation",
          v == null
              ? null
              : Map.of(
                  "outcome", v.outcome(),
                  "differences", v.differences(),
                  "rows", v.sourceRows(),
                  "finishedAt", v.finishedAt().toString()));
      rows.add(row);
    }
    m.put("tables", rows);
    m.put(
        "cutover",
        cutoverView == null ? Map.of("state", AttemptState.IDLE.label()) : cutoverView.toMap());
    m.put(
        "throttle",
        Map.of("rowsPerSecond", throttle.rowsPerSecond(), "paused", throttle.isPaused()));
    return m;
  }

  private static String phase(List<StatusReader.TableStatus> tables, AttemptState cutover) {
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
    return tables.stream().allMatch(s -> s.phase() == TablePhase.STREAMING)
        ? "streaming"
        : "snapshot";
  }

  private static Double finite(double value) {
    return Double.isNaN(value) || Double.isInfinite(value) ? null : Math.round(value * 100) / 100.0;
  }

  @Override
  public boolean ready() {
    return live.streaming();
  }

  @Override
  public void drain(Duration timeout) throws Exception {
    live.drain(timeout);
  }

  @Override
  public Map<String, Object> cutover(boolean dryRun) throws Exception {
    return cutover().start(dryRun).toMap();
  }

  @Override
  public Map<String, Object> confirmFreeze() throws Exception {
    return cutover().confirm().toMap();
  }

  @Override
  public Map<String, Object> abortCutover(String reason) throws Exception {
    return cutover().abort(reason).toMap();
  }

  @Override
  public Map<String, Object> cutoverView() throws Exception {
    return cutover().view(false).toMap();
  }

  @Override
  public long throttle(long rowsPerSecond, Boolean paused) {
    throttle.setRowsPerSecond(rowsPerSecond);
    if (paused != null) {
      throttle.setPaused(paused);
    }
    return throttle.rowsPerSecond();
  }

  private Cutover cutover() {
    Cutover c = cutover;
    if (c == null) {
      throw new GodwitException(
          ErrorCode.MIGRATION_STATE,
          "migration %s is not running yet (or has stopped); fix: wait until `godwit status` shows it streaming"
              .formatted(live.name()));
    }
    return c;
  }

  // Streaming, for the cutover

  @Override
  public List<String> notStreaming() throws Exception {
    List<String> problems = new ArrayList<>();
    for (StatusReader.TableStatus s : new StatusReader(target).tables(live.name())) {
      if (s.error() != null) {
        problems.add(s.source() + ": " + s.error());
      } else if (s.phase() != TablePhase.STREAMING) {
        problems.add(s.source() + " is " + s.phase().name().toLowerCase(java.util.Locale.ROOT));
      }
    }
    live.stoppedTables()
        .forEach(t -> problems.add(t + " is stopped by an event it could not apply"));
    return problems;
  }

  @Override
  public double lagSeconds() {
    return live.lagSeconds();
  }

  @Override
  public long recordsBehind() {
    return live.recordsBehind().values().stream().mapToLong(Long::longValue).sum();
  }

  @Override
  public double applyRate() {
    return live.applyRate();
  }

  @Override
  public long eventsApplied() {
    return live.eventsApplied();
  }

  @Override
  public void finish() {
    live.finishAfterCutover();
  }
}
