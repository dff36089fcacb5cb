package io.godwit.state;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Timestamp;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import javax.sql.DataSource;

/**
 * Reads a migration's progress from the state store alone, so {@code godwit status} works from any
 * shell or machine that reaches the target.
 */
public final class StatusReader {

  private final DataSource target;

  public StatusReader(DataSource target) {
    this.target = target;
  }

  /** One table's progress. */
  public record TableStatus(
      String source,
      String target,
      TablePhase phase,
      long rowsCopied,
      long chunksDone,
      long chunksTotal,
      String error,
      long eventsApplied,
      Long lagMs,
      Instant progressAt,
      Instant copyStartedAt,
      Instant applyPausedAt) {}

  /**
   * True when this target's state store records {@code migration}: a run, a snapshot or a trial of
   * it used this target.
   */
  public boolean knows(String migration) throws SQLException {
    try (Connection c = target.getConnection()) {
      if (StateStore.installedVersionOn(c) == 0) {
        return false;
      }
      try (PreparedStatement ps =
          c.prepareStatement("SELECT 1 FROM _godwit.migration WHERE name = ?")) {
        ps.setString(1, migration);
        try (ResultSet rs = ps.executeQuery()) {
          return rs.next();
        }
      }
    }
  }

  /**
   * Every table of the migration, by source name; empty when the migration has not started on this
   * target (no state store, or no row for it).
   */
  public List<TableStatus> tables(String migration) throws SQLException {
    String sql =
        """
        SELECT %s, s.source_table, s.target_table, s.phase,
               COALESCE(c.rows_done, s.rows_copied), COALESCE(c.done, 0), COALESCE(c.total, 0),
               s.error, s.events_applied, s.lag_ms, s.progress_at, s.copy_started_at
          FROM _godwit.table_state s
          LEFT JOIN (SELECT source_table, COUNT(*) AS total, COUNT(done_at) AS done,
                            SUM(CASE WHEN done_at IS NOT NULL THEN rows_copied ELSE 0 END) AS rows_done
                       FROM _godwit.chunk WHERE migration = ? GROUP BY source_table) c
            ON c.source_table = s.source_table
         WHERE s.migration = ?
         ORDER BY s.source_table""";
    List<TableStatus> result = new ArrayList<>();
    try (Connection c = target.getConnection()) {
      int version = StateStore.installedVersionOn(c);
      if (version == 0) {
        return result;
      }
      try (PreparedStatement ps =
          c.prepareStatement(sql.formatted(version >= 5 ? "s.apply_paused_at" : "NULL"))) {
        ps.setString(1, migration);
        ps.setString(2, migration);
        try (ResultSet rs = ps.executeQuery()) {
          while (rs.next()) {
            result.add(
                new TableStatus(
                    rs.getString(2),
                    rs.getString(3),
                    TablePhase.valueOf(rs.getString(4)),
                    rs.getLong(5),
                    rs.getLong(6),
                    rs.getLong(7),
                    rs.getString(8),
                    rs.getLong(9),
                    rs.getObject(10) == null ? null : rs.getLong(10),
                    instant(rs.getTimestamp(11)),
                    instant(rs.getTimestamp(12)),
                    instant(rs.getTimestamp(1))));
          }
        }
      }
    }
    return result;
  }

  private static Instant instant(Timestamp t) {
    return t == null ? null : t.toInstant();
  }
}
