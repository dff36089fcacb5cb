package io.godwit.state;

import io.godwit.config.Redaction;
import io.godwit.db.Jdbc;
import io.godwit.error.ErrorCode;
import io.godwit.error.GodwitException;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.SQLException;
import java.sql.Types;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collection;
import java.util.Collections;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;

/**
 * Per-table phases in {@code _godwit.table_state}, moved only along {@link TablePhase}. Every write
 * of a runner (a table registered or forgotten, a phase move, an error, an applier pause, the
 * columns a schema change added, the progress figures) proves, in its transaction, that the runner
 * still holds the migration ({@link RunnerEpoch}).
 */
public final class TableStates {

  private final String migration;
  private final RunnerEpoch epoch;

  /** The table states for reading, as {@code plan} and {@code status} do; they write unfenced. */
  public TableStates(String migration) {
    this(migration, null);
  }

  /**
   * The table states of the runner holding {@code epoch}: each write is refused with {@link
   * RunnerFencedException} once another runner took over, and nothing of it commits.
   */
  public TableStates(String migration, RunnerEpoch epoch) {
    this.migration = migration;
    this.epoch = epoch;
  }

  /** Every table's phase, by source table name. */
  public Map<String, TablePhase> all(Connection target) throws SQLException {
    Map<String, TablePhase> phases = new LinkedHashMap<>();
    Jdbc.forEachRow(
        target,
        "SELECT source_table, phase FROM _godwit.table_state WHERE migration = ?"
            + " ORDER BY source_table",
        rs -> phases.put(rs.getString(1), TablePhase.valueOf(rs.getString(2))),
        migration);
    return phases;
  }

  /**
   * Records a table that now exists on the target, in phase PENDING.
   *
   * @param definition the definition it was created with ({@code TargetTable#definition})
   */
  public void add(Connection target, String sourceTable, String targetTable, String definition)
      throws SQLException {
    update(
        target,
        "INSERT INTO _godwit.table_state (migration, source_table, target_table, phase,"
            + " definition) VALUES (?, ?, ?, ?, ?)",
        migration,
        sourceTable,
        targetTable,
        TablePhase.PENDING.name(),
        definition);
  }

  /**
   * Runs DDL on the target only while this runner holds the migration ({@link RunnerEpoch#ddl}): a
   * runner taken over runs none, also on MySQL/MariaDB, whose DDL commits by itself. A reader runs
   * it as is.
   *
   * @throws RunnerFencedException when another runner took over
   */
  public void ddl(Connection target, RunnerEpoch.Write ddl) throws SQLException {
    if (epoch == null) {
      ddl.run();
    } else {
      epoch.ddl(target, ddl);
    }
  }

  /**
   * A table the state store knows.
   *
   * @param definition the definition Godwit created its target table with; null when Godwit took
   *     over a table that existed, or recorded it before definitions were kept
   * @param chunksDone the snapshot chunks of the table copied so far
   */
  public record Known(
      String targetTable,
      TablePhase phase,
      String definition,
      long chunksDone,
      boolean resnapshotRequested) {

    /** Whether rows of the table may be on the target: a chunk was copied, or more. */
    public boolean copyStarted() {
      return phase != TablePhase.PENDING && (phase != TablePhase.COPYING || chunksDone > 0);
    }
  }

  /**
   * The tables of the migration the state store knows, by source table name; empty when the target
   * has no state store yet. Reads only, so {@code plan} can use it.
   */
  public Map<String, Known> known(Connection target) throws SQLException {
    int version = StateStore.installedVersionOn(target);
    Map<String, Known> known = new LinkedHashMap<>();
    if (version == 0) {
      return known;
    }
    Jdbc.forEachRow(
        target,
        ("SELECT t.source_table, t.target_table, t.phase, %s, (SELECT count(*) FROM"
                + " _godwit.chunk c WHERE c.migration = t.migration AND c.source_table ="
                + " t.source_table AND c.done_at IS NOT NULL), %s FROM _godwit.table_state t"
                + " WHERE t.migration = ? ORDER BY t.source_table")
            .formatted(
                version >= 2 ? "t.definition" : "NULL",
                version >= 6 ? "t.resnapshot_requested_at" : "NULL"),
        rs ->
            known.put(
                rs.getString(1),
                new Known(
                    rs.getString(2),
                    TablePhase.valueOf(rs.getString(3)),
                    rs.getString(4),
                    rs.getLong(5),
                    rs.getTimestamp(6) != null)),
        migration);
    return known;
  }

  /**
   * Forgets a table in the caller's transaction: its phase and its chunk checkpoints, so the next
   * snapshot prepares and copies it afresh. Its applied offsets stay: the fresh copy reads the
   * source after them, and replaying the events after them converges on the source's rows.
   */
  public void forget(Connection target, String sourceTable) throws SQLException {
    RunnerEpoch.write(
        epoch,
        target,
        () -> {
          for (String table : List.of("chunk", "table_state")) {
            Jdbc.update(
                target,
                "DELETE FROM _godwit." + table + " WHERE migration = ? AND source_table = ?",
                migration,
                sourceTable);
          }
        });
  }

  /**
   * The tables whose applier is paused (a dropped table's pause is over: it is no longer applied),
   * with the time each was paused; empty when the state store predates pauses (version 5).
   */
  public Map<String, Instant> applyPaused(Connection target) throws SQLException {
    return markedAndFollowed(target, "apply_paused_at", 5);
  }

  /**
   * The followed (not DROPPED) tables whose {@code column}, a time, is set, with that time; empty
   * when the state store predates the column ({@code sinceVersion}).
   */
  private Map<String, Instant> markedAndFollowed(Connection target, String column, int sinceVersion)
      throws SQLException {
    Map<String, Instant> marked = new TreeMap<>();
    if (StateStore.installedVersionOn(target) < sinceVersion) {
      return marked;
    }
    Jdbc.forEachRow(
        target,
        ("SELECT source_table, %s FROM _godwit.table_state"
                + " WHERE migration = ? AND %s IS NOT NULL AND phase <> ?")
            .formatted(column, column),
        rs -> marked.put(rs.getString(1), rs.getTimestamp(2).toInstant()),
        migration,
        TablePhase.DROPPED.name());
    return marked;
  }

  /**
   * Pauses or resumes the applier for {@code tables} (every table of the migration when empty) in
   * one statement: all of them or, when one is not a table of the migration, none. Pausing a paused
   * table keeps the time it was first paused.
   *
   * @return the tables paused afterwards, with the time each was paused
   * @throws GodwitException naming the tables the migration does not have, and how to list them
   */
  public Map<String, Instant> setApplyPaused(
      Connection target, Collection<String> tables, boolean paused) throws SQLException {
    Set<String> known = all(target).keySet();
    refuseUnknown(known, tables, paused ? "paused" : "resumed");
    List<String> named = new ArrayList<>(tables.isEmpty() ? known : Set.copyOf(tables));
    if (!named.isEmpty()) {
      setFenced(
          target,
          "apply_paused_at = "
              + (paused ? "COALESCE(apply_paused_at, CURRENT_TIMESTAMP(3))" : "NULL"),
          named);
    }
    return applyPaused(target);
  }

  /**
   * Refuses a re-copy of {@code tables} (at least one) unless each is a table the migration
   * follows: one it does not have, or one dropped from it (no longer captured), names the fix.
   *
   * @throws GodwitException ({@link ErrorCode#BAD_ARGUMENT}) naming those tables and the fix
   */
  public void checkResnapshot(Connection target, Collection<String> tables) throws SQLException {
    if (tables.isEmpty()) {
      throw new IllegalArgumentException("name at least one table to re-copy");
    }
    Map<String, TablePhase> phases = all(target);
    refuseUnknown(phases.keySet(), tables, "re-copied");
    List<String> dropped =
        tables.stream().filter(t -> phases.get(t) == TablePhase.DROPPED).distinct().toList();
    if (!dropped.isEmpty()) {
      throw new GodwitException(
          ErrorCode.BAD_ARGUMENT,
          ("table %s of migration %s was dropped from the migration (left out of"
                  + " tables.include/exclude): its changes are no longer captured, so a re-copy"
                  + " could not follow them; nothing was re-copied; fix: to follow it again, select"
                  + " it in the migration file, stop `godwit run`, drop its target table (`godwit"
                  + " plan -c FILE` names it) and run again: it is copied afresh")
              .formatted(String.join(", ", dropped), migration));
    }
  }

  /**
   * Asks for a fresh copy of {@code tables} (at least one) in one statement: all of them or, when
   * one is not a table the migration follows, none. Asking again for a table already asked for
   * keeps the first request. The runner holds each asked table in the applier and re-copies it
   * ({@code io.godwit.RunResnapshots}); a stopped migration's next run does.
   *
   * @return every table with a re-copy asked for and not yet begun, after the call
   * @throws GodwitException naming the tables the migration does not have or no longer follows, and
   *     the fix
   */
  public Set<String> requestResnapshot(Connection target, Collection<String> tables)
      throws SQLException {
    checkResnapshot(target, tables);
    List<String> named = List.copyOf(Set.copyOf(tables));
    setFenced(
        target,
        "resnapshot_requested_at = COALESCE(resnapshot_requested_at, CURRENT_TIMESTAMP(3))",
        named);
    return resnapshotRequested(target);
  }

  /** Sets {@code assignment} on the rows of {@code tables} (at least one), in a fenced write. */
  private void setFenced(Connection target, String assignment, List<String> tables)
      throws SQLException {
    List<String> parameters = new ArrayList<>();
    parameters.add(migration);
    parameters.addAll(tables);
    update(
        target,
        "UPDATE _godwit.table_state SET "
            + assignment
            + " WHERE migration = ? AND source_table IN ("
            + String.join(", ", Collections.nCopies(tables.size(), "?"))
            + ")",
        parameters.toArray(String[]::new));
  }

  /**
   * The tables the migration follows with a re-copy asked for and not yet begun (a request made
   * before its table was dropped from the migration is not); empty when the state store predates
   * re-copies (version 6).
   */
  public Set<String> resnapshotRequested(Connection target) throws SQLException {
    return new TreeSet<>(markedAndFollowed(target, "resnapshot_requested_at", 6).keySet());
  }

  /**
   * Begins an asked-for re-copy in the caller's transaction: the table goes back to PENDING with
   * the name and definition of its new target table, its old chunk plan and its error are dropped,
   * and the request is cleared. Its applied offsets, its applier pause, the columns added to it
   * during the migration (events from before an addition are replayed too) and its validation
   * records stay.
   *
   * @throws StateStoreException when no re-copy of the table is asked for (another process began
   *     it)
   */
  public void restartCopy(
      Connection target, String sourceTable, String targetTable, String definition)
      throws SQLException {
    RunnerEpoch.write(
        epoch,
        target,
        () -> {
          int restarted =
              Jdbc.update(
                  target,
                  "UPDATE _godwit.table_state SET phase = ?, rows_copied = 0, error = NULL,"
                      + " target_table = ?, definition = ?, copy_started_at = NULL,"
                      + " copied_at = NULL, resnapshot_requested_at = NULL,"
                      + " updated_at = CURRENT_TIMESTAMP"
                      + " WHERE migration = ? AND source_table = ?"
                      + " AND resnapshot_requested_at IS NOT NULL",
                  TablePhase.PENDING.name(),
                  targetTable,
                  definition,
                  migration,
                  sourceTable);
          if (restarted != 1) {
            throw new StateStoreException(
                ("no re-copy of table %s is asked for in the state store; another Godwit process"
                        + " began it; fix: run one process per migration")
                    .formatted(sourceTable));
          }
          Jdbc.update(
              target,
              "DELETE FROM _godwit.chunk WHERE migration = ? AND source_table = ?",
              migration,
              sourceTable);
        });
  }

  /**
   * Withdraws a re-copy that could not begin (its new plan failed), recording why as the table's
   * error; the table streams on from its old copy.
   */
  public void refuseResnapshot(Connection target, String sourceTable, String reason)
      throws SQLException {
    update(
        target,
        "UPDATE _godwit.table_state SET resnapshot_requested_at = NULL, error = ?,"
            + " updated_at = CURRENT_TIMESTAMP WHERE migration = ? AND source_table = ?",
        Redaction.loaded().apply(reason),
        migration,
        sourceTable);
  }

  /** Moves a table to the next phase in the caller's transaction, checking the transition. */
  public void move(Connection target, String sourceTable, TablePhase from, TablePhase to, long rows)
      throws SQLException {
    if (!from.canMoveTo(to)) {
      throw new IllegalStateException("table phase cannot move from " + from + " to " + to);
    }
    String timing =
        switch (to) {
          case COPYING -> ", copy_started_at = CURRENT_TIMESTAMP(3)";
          case COPIED -> ", copied_at = CURRENT_TIMESTAMP(3)";
          default -> "";
        };
    write(
        target,
        "UPDATE _godwit.table_state SET phase = ?, rows_copied = ?,"
            + " updated_at = CURRENT_TIMESTAMP, error = NULL"
            + timing
            + " WHERE migration = ? AND source_table = ? AND phase = ?",
        ps -> {
          ps.setString(1, to.name());
          ps.setLong(2, rows);
          ps.setString(3, migration);
          ps.setString(4, sourceTable);
          ps.setString(5, from.name());
          if (ps.executeUpdate() != 1) {
            throw new StateStoreException(
                "table %s is not in phase %s in the state store; another Godwit process changed it"
                        .formatted(sourceTable, from)
                    + "; fix: run one process per migration");
          }
        });
  }

  /**
   * Moves a table the migration file no longer selects to {@link TablePhase#DROPPED}, on an
   * auto-commit connection or in the caller's transaction; its other columns (rows copied, events
   * applied) stay as they were, for {@code status} and the report.
   *
   * @return the phase it left, or empty when it was dropped already or is unknown
   */
  public Optional<TablePhase> drop(Connection target, String sourceTable) throws SQLException {
    Known known = known(target).get(sourceTable);
    if (known == null || !known.phase().canMoveTo(TablePhase.DROPPED)) {
      return Optional.empty();
    }
    move(target, sourceTable, known.phase(), TablePhase.DROPPED, rowsCopied(target, sourceTable));
    return Optional.of(known.phase());
  }

  /**
   * Refuses {@code tables} when one is not among the migration's {@code known} tables.
   *
   * @param nothingWas what did not happen to any of them ("paused", "re-copied")
   * @throws GodwitException ({@link ErrorCode#BAD_ARGUMENT}) naming those tables and the fix
   */
  private void refuseUnknown(Set<String> known, Collection<String> tables, String nothingWas) {
    List<String> unknown = tables.stream().filter(t -> !known.contains(t)).distinct().toList();
    if (!unknown.isEmpty()) {
      throw new GodwitException(
          ErrorCode.BAD_ARGUMENT,
          ("migration %s has no table %s (tables are named by their source name, e.g. %s);"
                  + " nothing was %s; fix: name tables as `godwit status -c FILE` or GET"
                  + " /api/status lists them")
              .formatted(
                  migration,
                  String.join(", ", unknown),
                  known.isEmpty() ? "db.table" : known.iterator().next(),
                  nothingWas));
    }
  }

  /**
   * Runs an update with string parameters as a write of this runner ({@link RunnerEpoch#write}).
   */
  private void update(Connection target, String sql, String... parameters) throws SQLException {
    RunnerEpoch.write(epoch, target, () -> Jdbc.update(target, sql, parameters));
  }

  /** Sets a prepared statement's parameters and runs it. */
  @FunctionalInterface
  private interface Run {
    void run(PreparedStatement statement) throws SQLException;
  }

  /** Prepares {@code sql} and runs it by {@code run} as a write of this runner. */
  private void write(Connection target, String sql, Run run) throws SQLException {
    RunnerEpoch.write(
        epoch,
        target,
        () -> {
          try (PreparedStatement ps = target.prepareStatement(sql)) {
            run.run(ps);
          }
        });
  }

  /**
   * Records the last error of a table, shown by status, {@code /api/status} and the report until
   * the table moves on; values from the migration file's references are masked in it ({@link
   * Redaction#loaded()}), as a driver's words in it may repeat one.
   */
  public void fail(Connection target, String sourceTable, String error) throws SQLException {
    update(
        target,
        "UPDATE _godwit.table_state SET error = ?, updated_at = CURRENT_TIMESTAMP"
            + " WHERE migration = ? AND source_table = ?",
        Redaction.loaded().apply(error),
        migration,
        sourceTable);
  }

  /**
   * Records a streaming table's progress for {@code status}: events applied since the last call are
   * added, the lag replaces the last one (null when unknown), and the time is kept so a reader can
   * tell a stale figure from a process that stopped.
   */
  public void streamed(Connection target, String sourceTable, long moreEvents, Long lagMs)
      throws SQLException {
    write(
        target,
        "UPDATE _godwit.table_state SET events_applied = events_applied + ?, lag_ms = ?,"
            + " progress_at = CURRENT_TIMESTAMP WHERE migration = ? AND source_table = ?",
        ps -> {
          ps.setLong(1, moreEvents);
          if (lagMs == null) {
            ps.setNull(2, Types.BIGINT);
          } else {
            ps.setLong(2, lagMs);
          }
          ps.setString(3, migration);
          ps.setString(4, sourceTable);
          ps.executeUpdate();
        });
  }

  /** Clears the errors of an earlier run, when a new run starts. */
  public void clearErrors(Connection target) throws SQLException {
    update(
        target,
        "UPDATE _godwit.table_state SET error = NULL WHERE migration = ? AND error IS NOT"
            + " NULL",
        migration);
  }

  /** The rows the snapshot copied into a table. */
  public long rowsCopied(Connection target, String sourceTable) throws SQLException {
    String rows =
        Jdbc.queryString(
            target,
            "SELECT rows_copied FROM _godwit.table_state WHERE migration = ? AND source_table = ?",
            migration,
            sourceTable);
    return rows == null ? 0 : Long.parseLong(rows);
  }

  /** Keeps one sample of the migration's lag, for the report's lag over the run. */
  public void sampleLag(Connection target, long lagMs) throws SQLException {
    write(
        target,
        "INSERT INTO _godwit.lag_sample (migration, at, lag_ms) VALUES (?, CURRENT_TIMESTAMP, ?)",
        ps -> {
          ps.setString(1, migration);
          ps.setLong(2, lagMs);
          ps.executeUpdate();
        });
  }

  /**
   * Records columns added to a source table during the migration and to its target table, so a
   * restarted run still reads events from before the addition.
   */
  public void addColumns(Connection target, String sourceTable, List<String> columns)
      throws SQLException {
    Set<String> all = new LinkedHashSet<>(addedColumns(target).getOrDefault(sourceTable, Set.of()));
    all.addAll(columns);
    update(
        target,
        "UPDATE _godwit.table_state SET added_columns = ?, updated_at = CURRENT_TIMESTAMP"
            + " WHERE migration = ? AND source_table = ?",
        String.join("\n", all),
        migration,
        sourceTable);
  }

  /** The columns added during the migration, by source table. */
  public Map<String, Set<String>> addedColumns(Connection target) throws SQLException {
    Map<String, Set<String>> result = new HashMap<>();
    Jdbc.forEachRow(
        target,
        "SELECT source_table, added_columns FROM _godwit.table_state"
            + " WHERE migration = ? AND added_columns IS NOT NULL",
        rs ->
            result.put(rs.getString(1), new LinkedHashSet<>(List.of(rs.getString(2).split("\n")))),
        migration);
    return result;
  }
}
