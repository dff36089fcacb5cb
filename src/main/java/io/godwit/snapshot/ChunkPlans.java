package io.godwit.snapshot;

import io.godwit.config.SnapshotSettings;
import io.godwit.db.TransientFailure;
import io.godwit.observe.SnapshotMeters;
import io.godwit.state.Checkpoints;
import io.godwit.state.Checkpoints.SavedChunk;
import io.godwit.state.StateWrites;
import io.godwit.state.TablePhase;
import io.godwit.state.TableStates;
import java.sql.Connection;
import java.sql.SQLException;
import java.time.Duration;
import java.util.Collection;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Each table's chunk plan: made once and saved with the move to COPYING, or loaded from an earlier
 * run. A plan's source reads are made again on a new session while the source fails transiently, as
 * a chunk's copy is. Tracks what is left per table and moves a table to COPIED when its last chunk
 * is done.
 */
final class ChunkPlans {

  private static final Logger log = LoggerFactory.getLogger(ChunkPlans.class);

  /** How long a table's planning reads go on after the source failed transiently. */
  private static final Duration SOURCE_WINDOW = StateWrites.WINDOW;

  private static final long FIRST_BACKOFF_MS = 500;
  private static final long MAX_BACKOFF_MS = 8_000;

  /** A table's chunk counts and what its chunks copied (this run and earlier ones). */
  record Totals(int chunks, int resumed, int remaining, long rows, long bytes) {}

  private final Snapshot.Sides sides;
  private final TableStates states;
  private final Checkpoints checkpoints;
  private final ChunkSplitter splitter;
  private final SnapshotMeters meters;
  private final StateWrites writes;
  private final Map<String, Totals> totals = new ConcurrentHashMap<>();

  ChunkPlans(
      Snapshot.Sides sides,
      TableStates states,
      Checkpoints checkpoints,
      SnapshotSettings settings,
      SnapshotMeters meters) {
    this.sides = sides;
    this.states = states;
    this.checkpoints = checkpoints;
    this.splitter =
        new ChunkSplitter(sides.sourceDialect(), settings.chunkRows(), settings.chunkBytes());
    this.meters = meters;
    this.writes = new StateWrites(sides.target(), StateWrites.WINDOW);
  }

  /**
   * Plans or loads every table's chunks and adds the ones still to copy to {@code tasks}. A new
   * plan is saved with the move to COPYING in one transaction, written again on a new connection
   * when that write's connection is lost (unless the lost attempt had committed it).
   */
  String plan(Collection<TableCopy> tables, List<CopyWorkers.Task> tasks) throws SQLException {
    try {
      return planAll(tables, tasks);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new SQLException("snapshot interrupted while planning chunks", "57014", e);
    }
  }

  private String planAll(Collection<TableCopy> tables, List<CopyWorkers.Task> tasks)
      throws SQLException, InterruptedException {
    int planned = 0;
    try (Connection tgt = sides.target().getConnection()) {
      Map<String, TablePhase> phases = states.all(tgt);
      for (TableCopy table : tables) {
        String name = table.sourceName();
        List<SavedChunk> saved = checkpoints.load(tgt, name);
        if (saved.isEmpty() && phases.get(name) == TablePhase.PENDING) {
          List<Chunk> chunks = split(table);
          writes.run(
              "saving the chunk plan of " + name, (c, again) -> savePlan(c, again, name, chunks));
          saved = checkpoints.load(tgt, name);
          planned++;
        }
        record(table, saved, phases.get(name), tasks);
      }
    }
    int remaining = tasks.size();
    return "%d tables planned now, %d chunks to copy".formatted(planned, remaining);
  }

  /**
   * Splits a table into chunks on a source session of its own, and again on a new one while the
   * source fails transiently (a session lost or ended, the server restarting), for up to the window
   * a chunk's copy is retried in.
   */
  private List<Chunk> split(TableCopy table) throws SQLException, InterruptedException {
    long deadline = System.nanoTime() + SOURCE_WINDOW.toNanos();
    long backoff = FIRST_BACKOFF_MS;
    for (int attempt = 1; ; attempt++) {
      try (Connection src = sides.source().getConnection()) {
        List<Chunk> chunks = splitter.plan(src, table.table().source(), table.keyColumns());
        if (!src.getAutoCommit()) {
          src.commit();
        }
        return chunks;
      } catch (SQLException e) {
        if (!TransientFailure.is(e)) {
          throw e;
        }
        if (System.nanoTime() + backoff * 1_000_000 > deadline) {
          throw new SnapshotException(
              ("planning the chunks of %s on the source failed on all %d attempts within %d s,"
                      + " last: %s (SQLState %s); fix: make sure the source accepts connections"
                      + " from this host, then run again: the migration resumes from its state"
                      + " store")
                  .formatted(
                      table.sourceName(),
                      attempt,
                      SOURCE_WINDOW.toSeconds(),
                      e.getMessage(),
                      e.getSQLState()),
              e);
        }
        log.warn(
            "Planning the chunks of {} on the source failed (attempt {}), planning again on a new"
                + " connection in {} ms: {}",
            table.sourceName(),
            attempt,
            backoff,
            e.getMessage());
        Thread.sleep(backoff);
        backoff = Math.min(backoff * 2, MAX_BACKOFF_MS);
      }
    }
  }

  /**
   * Saves a table's plan and moves it to COPYING in one transaction; when an earlier attempt lost
   * its connection after it committed, the table has left PENDING and nothing is written twice.
   */
  private void savePlan(Connection target, boolean again, String table, List<Chunk> chunks)
      throws SQLException {
    if (again && states.all(target).get(table) != TablePhase.PENDING) {
      return;
    }
    target.setAutoCommit(false);
    try {
      checkpoints.savePlan(target, table, chunks);
      states.move(target, table, TablePhase.PENDING, TablePhase.COPYING, 0);
      target.commit();
    } catch (SQLException | RuntimeException e) {
      try {
        target.rollback();
      } catch (SQLException rollback) {
        e.addSuppressed(rollback);
      }
      throw e;
    }
    target.setAutoCommit(true);
  }

  private void record(
      TableCopy table, List<SavedChunk> saved, TablePhase phase, List<CopyWorkers.Task> tasks)
      throws SQLException, InterruptedException {
    String name = table.sourceName();
    int done = 0;
    long rows = 0;
    long bytes = 0;
    for (SavedChunk s : saved) {
      if (s.done()) {
        done++;
        rows += s.rows();
        bytes += s.bytes();
      } else {
        tasks.add(new CopyWorkers.Task(table, new Chunk(name, s.number(), s.lower(), s.upper())));
      }
    }
    totals.put(name, new Totals(saved.size(), done, saved.size() - done, rows, bytes));
    meters.table(name).planned(saved.size(), done);
    if (done == saved.size() && phase == TablePhase.COPYING) {
      moveToCopied(name, rows);
    }
  }

  /**
   * Counts a copied chunk; moves the table to COPIED after its last one, again on a new connection
   * when that write's connection is lost (unless the lost attempt had committed it).
   */
  void chunkDone(String table, long rows, long bytes) throws SQLException, InterruptedException {
    Totals t =
        totals.compute(
            table,
            (k, v) ->
                new Totals(
                    v.chunks(),
                    v.resumed(),
                    v.remaining() - 1,
                    v.rows() + rows,
                    v.bytes() + bytes));
    if (t.remaining() == 0) {
      moveToCopied(table, t.rows());
    }
  }

  /**
   * Moves a table to COPIED, again on a new connection when that write's connection is lost (unless
   * the lost attempt had committed it).
   */
  private void moveToCopied(String table, long rows) throws SQLException, InterruptedException {
    writes.run(
        "moving " + table + " to COPIED",
        (c, again) -> {
          if (!again || states.all(c).get(table) != TablePhase.COPIED) {
            states.move(c, table, TablePhase.COPYING, TablePhase.COPIED, rows);
          }
        });
  }

  Totals totals(String table) {
    return totals.get(table);
  }
}
