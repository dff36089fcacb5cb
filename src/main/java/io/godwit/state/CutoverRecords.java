package io.godwit.state;

import io.godwit.db.Jdbc;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Timestamp;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import javax.sql.DataSource;

/**
 * The cutover's persisted state machine: one row per attempt and one per step, so {@code status},
 * the report and a restarted run all see where a cutover stands.
 */
public final class CutoverRecords {

  private final DataSource target;
  private final String migration;
  private final RunnerEpoch epoch;

  /** Records for reading, as {@code status} and {@code report} do; they write unfenced. */
  public CutoverRecords(DataSource target, String migration) {
    this(target, migration, null);
  }

  /**
   * Records of the runner holding {@code epoch}: each write first proves, in its transaction, that
   * no other runner took the migration over, so a runner that lost its lock cannot move a cutover
   * on (its next step fails with {@link RunnerFencedException}, and the cutover is undone).
   */
  public CutoverRecords(DataSource target, String migration, RunnerEpoch epoch) {
    this.target = target;
    this.migration = migration;
    this.epoch = epoch;
  }

  /** One step of an attempt. */
  public record StepRecord(
      String step, Instant startedAt, Instant finishedAt, String outcome, String detail) {}

  /** One cutover attempt with its steps, in order. */
  public record Attempt(
      int attempt,
      AttemptState state,
      String step,
      String freezeMode,
      boolean frozen,
      Instant startedAt,
      Instant frozenAt,
      Instant finishedAt,
      Long downtimeMs,
      String sourcePosition,
      String error,
      List<StepRecord> steps) {

    /**
     * The state to show: the stored one, and {@link AttemptState#RUNNING} too while a recorded end
     * still has a step finishing (the done step records the end first, then runs the done hook and
     * stops streaming; a rollback's likewise), so whoever follows the attempt until it is not
     * running sees every step's outcome.
     */
    public AttemptState shownState() {
      boolean stepOpen = steps.stream().anyMatch(s -> s.finishedAt() == null);
      boolean ended = state == AttemptState.DONE || state == AttemptState.ROLLED_BACK;
      return ended && stepOpen ? AttemptState.RUNNING : state;
    }
  }

  /** Starts a new attempt in {@code state}; returns its number. */
  public int begin(AttemptState state, String step, String freezeMode) throws SQLException {
    return fenced(c -> begin(c, state, step, freezeMode));
  }

  private int begin(Connection c, AttemptState state, String step, String freezeMode)
      throws SQLException {
    int attempt =
        (int)
                Jdbc.queryLong(
                    c,
                    "SELECT COALESCE(MAX(attempt), 0) FROM _godwit.cutover WHERE migration = ?",
                    migration)
            + 1;
    try (PreparedStatement ps =
        c.prepareStatement(
            "INSERT INTO _godwit.cutover (migration, attempt, state, step, freeze_mode)"
                + " VALUES (?, ?, ?, ?, ?)")) {
      ps.setString(1, migration);
      ps.setInt(2, attempt);
      ps.setString(3, state.label());
      ps.setString(4, step);
      ps.setString(5, freezeMode);
      ps.executeUpdate();
    }
    return attempt;
  }

  /** Records that a step began; the attempt's current step moves to it. */
  public void stepStarted(int attempt, String step) throws SQLException {
    update(
        "INSERT INTO _godwit.cutover_step (migration, attempt, step, started_at)"
            + " VALUES (?, ?, ?, CURRENT_TIMESTAMP(6))",
        migration,
        attempt,
        step);
    update(
        "UPDATE _godwit.cutover SET step = ? WHERE migration = ? AND attempt = ?",
        step,
        migration,
        attempt);
  }

  /** Records how a step ended: {@code ok}, {@code failed} or {@code aborted}, with details. */
  public void stepFinished(int attempt, String step, String outcome, String detail)
      throws SQLException {
    update(
        "UPDATE _godwit.cutover_step SET finished_at = CURRENT_TIMESTAMP(6), outcome = ?, detail = ?"
            + " WHERE migration = ? AND attempt = ? AND step = ?",
        outcome,
        detail,
        migration,
        attempt,
        step);
  }

  /** Records that the source is (or is no longer) frozen; the first freeze stamps the time. */
  public void frozen(int attempt, boolean frozen) throws SQLException {
    update(
        "UPDATE _godwit.cutover SET frozen = ?, frozen_at = COALESCE(frozen_at,"
            + " CASE WHEN ? THEN CURRENT_TIMESTAMP(6) END) WHERE migration = ? AND attempt = ?",
        frozen,
        frozen,
        migration,
        attempt);
  }

  public void position(int attempt, String position) throws SQLException {
    update(
        "UPDATE _godwit.cutover SET source_position = ? WHERE migration = ? AND attempt = ?",
        position,
        migration,
        attempt);
  }

  /**
   * Records R0, the target's position from which the reverse stream starts (state store V7); the
   * done step writes it before it records the attempt done.
   */
  public void reversePosition(int attempt, String position) throws SQLException {
    update(
        "UPDATE _godwit.cutover SET reverse_position = ? WHERE migration = ? AND attempt = ?",
        position,
        migration,
        attempt);
  }

  /** The reverse stream's start position recorded by {@code attempt}, if it recorded one. */
  public Optional<String> reversePosition(int attempt) throws SQLException {
    try (Connection c = target.getConnection();
        PreparedStatement ps =
            c.prepareStatement(
                "SELECT reverse_position FROM _godwit.cutover WHERE migration = ? AND attempt = ?")) {
      ps.setString(1, migration);
      ps.setInt(2, attempt);
      try (ResultSet rs = ps.executeQuery()) {
        return rs.next() ? Optional.ofNullable(rs.getString(1)) : Optional.empty();
      }
    }
  }

  /** Ends an attempt in {@code state} ({@code done}, {@code aborted}, {@code refused}). */
  public void finish(int attempt, AttemptState state, Long downtimeMs, String error)
      throws SQLException {
    update(
        "UPDATE _godwit.cutover SET state = ?, finished_at = CURRENT_TIMESTAMP(6), downtime_ms = ?,"
            + " error = ? WHERE migration = ? AND attempt = ?",
        state.label(),
        downtimeMs,
        error,
        migration,
        attempt);
  }

  /** The newest attempt, or empty when no cutover was ever started (or no state store). */
  public Optional<Attempt> latest() throws SQLException {
    List<Attempt> all = all();
    return all.isEmpty() ? Optional.empty() : Optional.of(all.get(all.size() - 1));
  }

  /** Every attempt, oldest first. */
  public List<Attempt> all() throws SQLException {
    List<Attempt> attempts = new ArrayList<>();
    try (Connection c = target.getConnection()) {
      if (StateStore.installedVersionOn(c) == 0) {
        return attempts;
      }
      try (PreparedStatement ps =
          c.prepareStatement(
              "SELECT attempt, state, step, freeze_mode, frozen, started_at, frozen_at,"
                  + " finished_at, downtime_ms, source_position, error FROM _godwit.cutover"
                  + " WHERE migration = ? ORDER BY attempt")) {
        ps.setString(1, migration);
        try (ResultSet rs = ps.executeQuery()) {
          while (rs.next()) {
            attempts.add(
                new Attempt(
                    rs.getInt(1),
                    AttemptState.of(rs.getString(2)),
                    rs.getString(3),
                    rs.getString(4),
                    rs.getBoolean(5),
                    instant(rs.getTimestamp(6)),
                    instant(rs.getTimestamp(7)),
                    instant(rs.getTimestamp(8)),
                    rs.getObject(9) == null ? null : rs.getLong(9),
                    rs.getString(10),
                    rs.getString(11),
                    new ArrayList<>()));
          }
        }
      }
      try (PreparedStatement ps =
          c.prepareStatement(
              "SELECT attempt, step, started_at, finished_at, outcome, detail"
                  + " FROM _godwit.cutover_step WHERE migration = ? ORDER BY attempt, started_at")) {
        ps.setString(1, migration);
        try (ResultSet rs = ps.executeQuery()) {
          while (rs.next()) {
            StepRecord step =
                new StepRecord(
                    rs.getString(2),
                    instant(rs.getTimestamp(3)),
                    instant(rs.getTimestamp(4)),
                    rs.getString(5),
                    rs.getString(6));
            int attempt = rs.getInt(1);
            for (Attempt a : attempts) {
              if (a.attempt() == attempt) {
                a.steps().add(step);
              }
            }
          }
        }
      }
    }
    return attempts;
  }

  private void update(String sql, Object... parameters) throws SQLException {
    fenced(
        c -> {
          try (PreparedStatement ps = c.prepareStatement(sql)) {
            for (int i = 0; i < parameters.length; i++) {
              ps.setObject(i + 1, parameters[i]);
            }
            return ps.executeUpdate();
          }
        });
  }

  private interface Write {
    int run(Connection c) throws SQLException;
  }

  /** Runs the write in one transaction, after the epoch check when this runner has an epoch. */
  private int fenced(Write write) throws SQLException {
    try (Connection c = target.getConnection()) {
      if (epoch == null) {
        return write.run(c);
      }
      boolean autoCommit = c.getAutoCommit();
      c.setAutoCommit(false);
      try {
        epoch.check(c);
        int result = write.run(c);
        c.commit();
        return result;
      } catch (SQLException | RuntimeException e) {
        c.rollback();
        throw e;
      } finally {
        c.setAutoCommit(autoCommit);
      }
    }
  }

  private static Instant instant(Timestamp t) {
    return t == null ? null : t.toInstant();
  }
}
