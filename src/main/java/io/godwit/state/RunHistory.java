package io.godwit.state;

import io.godwit.db.Jdbc;
import java.sql.SQLException;
import java.sql.Timestamp;
import java.time.Instant;
import java.util.Arrays;
import java.util.List;
import java.util.Optional;
import javax.sql.DataSource;

/**
 * What the state store remembers of a migration's whole run, for the report: when it was
 * registered, each table's copy with its timing, the lag samples and the event log. Validations and
 * cutovers are read by {@link ValidationRecords} and {@link CutoverRecords}.
 */
public final class RunHistory {

  private final DataSource target;
  private final String migration;

  public RunHistory(DataSource target, String migration) {
    this.target = target;
    this.migration = migration;
  }

  /** The migration's registration: when, and the masked source and target URLs. */
  public record Registration(Instant createdAt, String source, String target) {}

  /**
   * One table's copy.
   *
   * @param bytes bytes read from the source, summed over the chunks
   * @param copyStartedAt null when the copy has not started
   * @param copiedAt null when the copy has not finished
   */
  public record TableCopy(
      String source,
      String target,
      TablePhase phase,
      long rows,
      long bytes,
      long chunks,
      Instant copyStartedAt,
      Instant copiedAt,
      long eventsApplied,
      String error) {

    /** Seconds the copy took, or -1 when it has not finished. */
    public double seconds() {
      if (copyStartedAt == null || copiedAt == null) {
        return -1;
      }
      return Math.max(0, copiedAt.toEpochMilli() - copyStartedAt.toEpochMilli()) / 1000.0;
    }
  }

  /** A lag sample. */
  public record LagSample(Instant at, long lagMs) {}

  /** An entry of the event log. */
  public record Event(Instant at, String kind, String message) {}

  /** Empty when the migration was never registered on this target. */
  public Optional<Registration> registration() throws SQLException {
    List<Registration> found =
        query(
            "SELECT created_at, source, target FROM _godwit.migration WHERE name = ?",
            rs -> new Registration(instant(rs.getTimestamp(1)), rs.getString(2), rs.getString(3)));
    return found.stream().findFirst();
  }

  /** Every table, by source name. */
  public List<TableCopy> tables() throws SQLException {
    return query(
        """
        SELECT s.source_table, s.target_table, s.phase, COALESCE(c.rows_done, s.rows_copied),
               COALESCE(c.bytes_done, 0), COALESCE(c.total, 0), s.copy_started_at, s.copied_at,
               s.events_applied, s.error
          FROM _godwit.table_state s
          LEFT JOIN (SELECT source_table, COUNT(*) AS total,
                            SUM(CASE WHEN done_at IS NOT NULL THEN rows_copied ELSE 0 END) AS rows_done,
                            SUM(CASE WHEN done_at IS NOT NULL THEN bytes_copied ELSE 0 END) AS bytes_done
                       FROM _godwit.chunk WHERE migration = ? GROUP BY source_table) c
            ON c.source_table = s.source_table
         WHERE s.migration = ?
         ORDER BY s.source_table""",
        rs ->
            new TableCopy(
                rs.getString(1),
                rs.getString(2),
                TablePhase.valueOf(rs.getString(3)),
                rs.getLong(4),
                rs.getLong(5),
                rs.getLong(6),
                instant(rs.getTimestamp(7)),
                instant(rs.getTimestamp(8)),
                rs.getLong(9),
                rs.getString(10)),
        migration);
  }

  /** The lag samples, oldest first. */
  public List<LagSample> lag() throws SQLException {
    return query(
        "SELECT at, lag_ms FROM _godwit.lag_sample WHERE migration = ? ORDER BY at",
        rs -> new LagSample(instant(rs.getTimestamp(1)), rs.getLong(2)));
  }

  /** The event log, oldest first. */
  public List<Event> events() throws SQLException {
    return query(
        "SELECT at, kind, message FROM _godwit.event_log WHERE migration = ? ORDER BY id",
        rs -> new Event(instant(rs.getTimestamp(1)), rs.getString(2), rs.getString(3)));
  }

  /** Rows of a query whose last parameter is the migration, after {@code leading} ones. */
  private <T> List<T> query(String sql, Jdbc.RowReader<T> row, String... leading)
      throws SQLException {
    String[] parameters = Arrays.copyOf(leading, leading.length + 1);
    parameters[leading.length] = migration;
    return StateStore.rows(target, sql, row, parameters);
  }

  private static Instant instant(Timestamp t) {
    return t == null ? null : t.toInstant();
  }
}
