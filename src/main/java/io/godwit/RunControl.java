package io.godwit;

import io.godwit.control.ApplyPauses;
import io.godwit.control.ControlledRun;
import io.godwit.control.CutoverDocument;
import io.godwit.control.Resnapshots;
import io.godwit.control.StatusView;
import io.godwit.cutover.Cutover;
import io.godwit.cutover.Rollback;
import io.godwit.cutover.RunningMigration;
import io.godwit.error.ErrorCode;
import io.godwit.error.GodwitException;
import io.godwit.snapshot.Throttle;
import io.godwit.state.StatusReader;
import io.godwit.state.TablePhase;
import io.godwit.state.TableStates;
import io.godwit.state.ValidationRecords;
import java.sql.Connection;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.TimeoutException;
import java.util.stream.Collectors;
import javax.sql.DataSource;

/**
 * The running migration as the control API and the cutover see it: status, drain, cutover and
 * throttle, read from the run's {@link RunState} and delegated to its {@link Cutover}; once cut
 * over, the rollback of its reverse stream ({@link Rollback}).
 */
final class RunControl implements ControlledRun, RunningMigration {

  /** How long a pause or resume waits for the applier to follow it. */
  private static final Duration PAUSE_FOLLOWED = Duration.ofSeconds(30);

  private final RunState live;
  private final Throttle throttle;
  private volatile DataSource target;
  private volatile Cutover cutover;
  private volatile Rollback rollback;
  private volatile ReverseRunning reverse;
  private volatile TableStates states;
  private volatile Runnable resnapshots = () -> {};

  RunControl(RunState live, Throttle throttle) {
    this.live = live;
    this.throttle = throttle;
  }

  /**
   * Called by the run once the target is open and the cutover exists.
   *
   * @param states the run's table states: an operator's applier pause proves the run still holds
   *     the migration, so a runner taken over cannot pause the one that took over
   */
  void attach(DataSource target, Cutover cutover, TableStates states) {
    this.target = target;
    this.cutover = cutover;
    this.states = states;
  }

  void detach() {
    this.cutover = null;
    this.resnapshots = () -> {};
  }

  /** Called by the reverse stream while it streams with its rollback; null once it stops. */
  void rollback(Rollback streamingBack) {
    this.rollback = streamingBack;
  }

  /** Called by the reverse stream once its capture starts; null once it stops. */
  void reverse(ReverseRunning streaming) {
    this.reverse = streaming;
  }

  /** Called by the run once it re-copies tables: {@code wake} tells it one is asked for. */
  void resnapshots(Runnable wake) {
    this.resnapshots = wake;
  }

  @Override
  public StatusView status() throws Exception {
    DataSource t = target;
    List<StatusReader.TableStatus> tables =
        t == null ? List.of() : new StatusReader(t).tables(live.name());
    List<ValidationRecords.Stored> validations =
        t == null ? List.of() : new ValidationRecords(t, live.name()).latest();
    Cutover c = cutover;
    Map<String, Double> tableLag = new HashMap<>();
    for (StatusReader.TableStatus s : tables) {
      live.lagSeconds(s.source()).ifPresent(lag -> tableLag.put(s.source(), lag));
    }
    ReverseRunning back = reverse;
    return StatusView.live(
        live.name(),
        tables,
        validations,
        c == null ? CutoverDocument.idle() : c.view(false).document(),
        new StatusView.Live(
            live.lagSeconds(),
            tableLag,
            live.applyRate(),
            live.recordsBehind(),
            live.lagHistory(),
            live.lagThresholdSeconds(),
            new StatusView.ThrottleView(
                throttle.rowsPerSecond(),
                throttle.isPaused(),
                throttle.holds().stream().map(Throttle.Hold::label).toList())),
        back == null ? null : back.status());
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
  public void drainReverse(Duration timeout) throws Exception {
    rollback().drainReverse(timeout);
  }

  @Override
  public CutoverDocument cutover(boolean dryRun) throws Exception {
    return cutover().start(dryRun).document();
  }

  @Override
  public CutoverDocument confirmFreeze() throws Exception {
    return cutover().confirm().document();
  }

  @Override
  public CutoverDocument abortCutover(String reason) throws Exception {
    return cutover().abort(reason).document();
  }

  @Override
  public CutoverDocument cutoverView() throws Exception {
    return cutover().view(false).document();
  }

  @Override
  public CutoverDocument rollback(boolean dryRun) throws Exception {
    return rollback().start(dryRun).document();
  }

  @Override
  public CutoverDocument confirmRollbackFreeze() throws Exception {
    return rollback().confirm().document();
  }

  @Override
  public CutoverDocument abortRollback(String reason) throws Exception {
    return rollback().abort(reason).document();
  }

  @Override
  public CutoverDocument rollbackView() throws Exception {
    return rollback().view(false).document();
  }

  @Override
  public ApplyPauses applyPaused(List<String> tables, boolean paused) throws Exception {
    Map<String, Instant> now;
    Set<String> named;
    try (Connection c = target().getConnection()) {
      now = states.setApplyPaused(c, tables, paused);
      named =
          tables.isEmpty()
              ? states.all(c).entrySet().stream()
                  .filter(e -> e.getValue().followed())
                  .map(Map.Entry::getKey)
                  .collect(Collectors.toSet())
              : Set.copyOf(tables);
    }
    if (!live.awaitPauses(named, now.keySet(), PAUSE_FOLLOWED)) {
      throw new TimeoutException(
          ("the %s is stored, but the applier has not followed it within %d s (a long batch or"
                  + " a slow target); it will once its batch ends; fix: check `godwit status` and"
                  + " the log of `godwit run`")
              .formatted(paused ? "pause" : "resume", PAUSE_FOLLOWED.toSeconds()));
    }
    Map<String, String> shown = new LinkedHashMap<>();
    now.forEach((table, since) -> shown.put(table, since.toString()));
    return ApplyPauses.of(shown);
  }

  /**
   * Stores the request (proving the run still holds the migration), then wakes the run's re-copies;
   * before the run's own snapshot finished, the request waits for it and the applier holds the
   * table meanwhile.
   */
  @Override
  public Resnapshots resnapshot(List<String> tables) throws Exception {
    Set<String> asked;
    try (Connection c = target().getConnection()) {
      asked = states.requestResnapshot(c, tables);
    }
    resnapshots.run();
    return Resnapshots.of(List.copyOf(asked));
  }

  @Override
  public long throttle(long rowsPerSecond, Boolean paused) {
    throttle.setRowsPerSecond(rowsPerSecond);
    if (paused != null) {
      throttle.setPaused(paused);
    }
    return throttle.rowsPerSecond();
  }

  private DataSource target() {
    DataSource t = target;
    if (t == null) {
      throw new GodwitException(
          ErrorCode.MIGRATION_STATE,
          "migration %s has not opened its target yet; fix: wait until `godwit status` lists its tables"
              .formatted(live.name()));
    }
    return t;
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

  private Rollback rollback() {
    Rollback r = rollback;
    if (r == null) {
      throw new GodwitException(
          ErrorCode.MIGRATION_STATE,
          ("migration %s does not stream back to its old source here: it is not cut over with"
                  + " rollback.reverse, its reverse stream has not started streaming yet, or it"
                  + " was rolled back; fix: see `godwit status`, and wait until the log of"
                  + " `godwit run` says the reverse capture streams")
              .formatted(live.name()));
    }
    return r;
  }

  // RunningMigration, for the cutover

  @Override
  public List<String> notStreaming() throws Exception {
    List<String> problems = new ArrayList<>();
    for (StatusReader.TableStatus s : new StatusReader(target).tables(live.name())) {
      if (s.error() != null) {
        problems.add(s.source() + ": " + s.error());
      } else if (s.phase().followed() && s.phase() != TablePhase.STREAMING) {
        problems.add(s.source() + " is " + s.phase().name().toLowerCase(java.util.Locale.ROOT));
      }
    }
    live.stoppedTables()
        .forEach(t -> problems.add(t + " is stopped by an event it could not apply"));
    try (Connection c = target().getConnection()) {
      states
          .resnapshotRequested(c)
          .forEach(t -> problems.add(t + " is to be copied again (`godwit resnapshot`)"));
    }
    return problems;
  }

  @Override
  public List<String> applyPaused() throws Exception {
    try (Connection c = target().getConnection()) {
      return List.copyOf(states.applyPaused(c).keySet());
    }
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
