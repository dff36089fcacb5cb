package io.godwit.snapshot;

import io.godwit.db.Dialect;
import io.godwit.state.Checkpoints;
import io.godwit.state.RunnerFencedException;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.Optional;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Copies one chunk: streams its rows from the source into the target's bulk writer and marks the
 * chunk done, all in one target transaction. A failure rolls the transaction back, so the chunk is
 * either wholly copied and checkpointed or not at all. Once the target committed, the chunk is
 * done, whatever happens to the source connection afterwards. A runner that was taken over
 * meanwhile keeps nothing of the chunk and stops; so does a copy {@link Throttle#stop stopped}
 * while the chunk is read.
 */
final class ChunkCopier {

  private static final Logger log = LoggerFactory.getLogger(ChunkCopier.class);

  /** What one chunk moved. */
  record Copied(long rows, long bytes) {}

  private final Dialect source;
  private final Dialect target;
  private final Checkpoints checkpoints;
  private final PausePoints pausePoints;
  private final Throttle throttle;

  ChunkCopier(
      Dialect source,
      Dialect target,
      Checkpoints checkpoints,
      Throttle throttle,
      PausePoints pausePoints) {
    this.source = source;
    this.target = target;
    this.checkpoints = checkpoints;
    this.pausePoints = pausePoints;
    this.throttle = throttle;
  }

  Copied copy(Connection src, Connection tgt, TableCopy table, Chunk chunk) throws SQLException {
    Copied copied;
    try (PreparedStatement ps = source.streamingQuery(src, table.selectSql(source, chunk))) {
      tgt.setAutoCommit(false);
      chunk.bind(ps, 1);
      try (ResultSet rs = ps.executeQuery()) {
        ResultSetRows rows = new ResultSetRows(rs, table.codecs(), throttle);
        var targetTable = table.table();
        target
            .bulkWriter()
            .write(tgt, targetTable.schema(), targetTable.name(), table.targetColumns(), rows);
        checkpoints.markDone(tgt, table.sourceName(), chunk.number(), rows.rows(), rows.bytes());
        pausePoints.beforeChunkCommit(table.sourceName(), chunk.number());
        tgt.commit();
        copied = new Copied(rows.rows(), rows.bytes());
      }
    } catch (RunnerFencedException e) {
      rollbackQuietly(tgt, e);
      endReadQuietly(src, e);
      throw e;
    } catch (SQLException | RuntimeException e) {
      rollbackQuietly(tgt, e);
      endReadQuietly(src, e);
      if (throttle.stopped()) {
        throw stopped(e);
      }
      throw new ChunkFailedException(table, chunk, e);
    }
    try {
      endRead(src);
    } catch (SQLException e) {
      log.debug(
          "Chunk {} of {} is copied; ending its source read failed: {}",
          chunk.number(),
          table.sourceName(),
          e.toString());
    }
    return copied;
  }

  /**
   * The chunk as recorded when an earlier attempt's commit reached the target although its
   * connection was lost before the commit was acknowledged; empty when it must be copied.
   */
  Optional<Copied> alreadyCopied(Connection tgt, TableCopy table, Chunk chunk) throws SQLException {
    tgt.setAutoCommit(true);
    return checkpoints
        .findDone(tgt, table.sourceName(), chunk.number())
        .map(saved -> new Copied(saved.rows(), saved.bytes()));
  }

  /**
   * The stop that ended the chunk, however the bulk writer wrapped it; whatever else failed beside
   * it is kept as suppressed: the chunk rolled back either way.
   */
  private static CopyStoppedException stopped(Exception e) {
    if (e instanceof CopyStoppedException stop) {
      return stop;
    }
    CopyStoppedException stop = new CopyStoppedException();
    stop.addSuppressed(e);
    return stop;
  }

  /** Ends the source transaction a streaming read may have opened. */
  private static void endRead(Connection src) throws SQLException {
    if (!src.getAutoCommit()) {
      src.commit();
    }
  }

  /**
   * Ends the source read after a failure without hiding that failure: on a lost connection this
   * fails too, and the chunk's own error is the one to report.
   */
  private static void endReadQuietly(Connection src, Exception cause) {
    try {
      endRead(src);
    } catch (SQLException e) {
      cause.addSuppressed(e);
    }
  }

  private static void rollbackQuietly(Connection connection, Exception cause) {
    try {
      connection.rollback();
    } catch (SQLException e) {
      cause.addSuppressed(e);
    }
  }
}
