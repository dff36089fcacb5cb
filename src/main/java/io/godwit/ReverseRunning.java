package io.godwit;

import io.godwit.control.StatusView;
import io.godwit.cutover.RunningMigration;
import io.godwit.error.ErrorCode;
import io.godwit.error.GodwitException;
import io.godwit.observe.ApplyMeters;
import io.godwit.state.ReverseProgress;
import io.godwit.state.StatusReader;
import io.godwit.state.TableStates;
import java.sql.Connection;
import java.sql.SQLException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import javax.sql.DataSource;

/**
 * The reverse stream as its rollback sees it: lag, the tables it cannot apply, the drain (a mark on
 * the target the reverse capture must pass, then the applier's offsets on the old source reaching
 * the ends of the topics, as {@link RunningParts#drain} proves it forward). Before the reverse
 * capture streams there is no lag and no drain.
 */
final class ReverseRunning implements RunningMigration {

  private final String reverseName;
  private final String r0;
  private final ApplyMeters applyMeters;
  private final DataSource oldSource;
  private final TableStates states;
  private volatile RunningParts parts;

  /**
   * @param reverseName the reverse migration's name, whose table states are on the old source
   * @param r0 where the reverse stream started on the target, as the cutover recorded it
   * @param applyMeters the reverse applier's
   */
  ReverseRunning(
      String reverseName,
      String r0,
      ApplyMeters applyMeters,
      DataSource oldSource,
      TableStates states) {
    this.reverseName = reverseName;
    this.r0 = r0;
    this.applyMeters = applyMeters;
    this.oldSource = oldSource;
    this.states = states;
  }

  /** The reverse capture of the target streams, and its applier to the old source runs. */
  void streaming(RunningParts streaming) {
    this.parts = streaming;
  }

  @Override
  public List<String> notStreaming() throws Exception {
    List<String> problems = new ArrayList<>();
    for (StatusReader.TableStatus s : new StatusReader(oldSource).tables(reverseName)) {
      if (s.error() != null) {
        problems.add(s.source() + ": " + s.error());
      }
    }
    parts()
        .stoppedTables()
        .forEach(t -> problems.add(t + " is stopped by an event it could not apply"));
    return problems;
  }

  @Override
  public List<String> applyPaused() throws Exception {
    try (Connection c = oldSource.getConnection()) {
      return List.copyOf(states.applyPaused(c).keySet());
    }
  }

  @Override
  public double lagSeconds() {
    RunningParts p = parts;
    return p == null ? Double.NaN : p.lagSeconds();
  }

  @Override
  public long recordsBehind() {
    RunningParts p = parts;
    return p == null ? 0 : p.recordsBehind().values().stream().mapToLong(Long::longValue).sum();
  }

  @Override
  public double applyRate() {
    RunningParts p = parts;
    return p == null ? 0 : p.applyRate();
  }

  @Override
  public long eventsApplied() {
    return applyMeters.eventsApplied();
  }

  @Override
  public void drain(Duration timeout) throws Exception {
    parts().drain(timeout);
  }

  /**
   * The reverse stream as {@code status} shows it while it runs: its tables' rows in the old
   * source's state store, with the lags and records behind it measures once it streams.
   */
  StatusView.ReverseView status() throws SQLException {
    RunningParts p = parts;
    StatusView.ReverseLive live = null;
    if (p != null) {
      Map<String, Long> behind = p.recordsBehind();
      Map<String, Double> lags = new HashMap<>();
      behind.keySet().forEach(t -> p.lagSeconds(t).ifPresent(lag -> lags.put(t, lag)));
      live = new StatusView.ReverseLive(p.lagSeconds(), lags, behind);
    }
    return StatusView.ReverseView.of(ReverseProgress.read(oldSource, reverseName, r0), live);
  }

  /** Nothing to do here: the reverse stream ends once the rollback's steps are over. */
  @Override
  public void finish() {}

  private RunningParts parts() {
    RunningParts p = parts;
    if (p == null) {
      throw new GodwitException(
          ErrorCode.MIGRATION_STATE,
          "the reverse stream of %s is not streaming yet; fix: wait until its capture streams"
              .formatted(reverseName));
    }
    return p;
  }
}
