package io.godwit.snapshot;

import io.godwit.db.Dialect;
import io.godwit.state.Checkpoints;
import io.godwit.state.RunnerFencedException;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;

/**
 * Copies one chunk: streams its rows from the source into the target's bulk writer and marks the
 * chunk done, all in one target transaction. A failure rolls the transaction back, so the chunk is
 * either wholly copied and checkpointed or not at all. A runner that was taken over meanwhile keeps
 * nothing of the chunk and stops.
 */
final class ChunkCopier {

  /** What one chunk moved. */
  record Copied(long rows, long bytes) {}

  private final Dialect source;
  private final Dialect target;
  private final Checkpoints checkpoints;
  private final Throttle throttle;

  ChunkCopier(Dialect source, Dialect target, Checkpoints checkpoints, Throttle throttle) {
    this.source = source;
    this.target = target;
    this.checkpoints = checkpoints;
    this.throttle = throttle;
  }

  Copied copy(Connection src, Connection tgt, TableCopy table, Chunk chunk) throws SQLException {
    tgt.setAutoCommit(false);
    try (PreparedStatement ps = source.streamingQuery(src, table.selectSql(source, chunk))) {
      chunk.bind(ps, 1);
      try (ResultSet rs = ps.executeQuery()) {
        ResultSetRows rows = new ResultSetRows(rs, table.codecs(), throttle);
        var targetTable = table.table();
        target
            .bulkWriter()
            .write(tgt, targetTable.schema(), targetTable.name(), table.targetColumns(), rows);
        checkpoints.markDone(tgt, table.sourceName(), chunk.number(), rows.rows(), rows.bytes());
        tgt.commit();
        return new Copied(rows.rows(), rows.bytes());
      }
    } catch (RunnerFencedException e) {
      rollbackQuietly(tgt, e);
      throw e;
    } catch (SQLException | RuntimeException e) {
      rollbackQuietly(tgt, e);
      throw new ChunkFailedException(table, chunk, e);
    } finally {
      if (!src.getAutoCommit()) {
        src.commit();
      }
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
