package io.godwit.state;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.godwit.db.Jdbc;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import javax.sql.DataSource;

/** Validation results in the state store: one row per table per run, for status and the report. */
public final class ValidationRecords {

  private static final ObjectMapper JSON = new ObjectMapper();

  private final DataSource target;
  private final String migration;
  private final RunnerEpoch epoch;

  /**
   * Records of a process that is not a runner ({@code godwit validate}, {@code status}, {@code
   * report}): nothing to prove, they write unfenced.
   */
  public ValidationRecords(DataSource target, String migration) {
    this(target, migration, null);
  }

  /**
   * Records of the runner holding {@code epoch} (the cutover's final validation, the applier's
   * schema changes): a result is recorded, or a baseline reset, only in a transaction that proves
   * no other runner took the migration over, so a runner taken over cannot leave a clean result,
   * and its changed-mode baseline, behind the one that took over.
   */
  public ValidationRecords(DataSource target, String migration, RunnerEpoch epoch) {
    this.target = target;
    this.migration = migration;
    this.epoch = epoch;
  }

  /** A stored result. */
  public record Stored(
      String table,
      Instant finishedAt,
      long sourceRows,
      long differences,
      long repaired,
      double seconds,
      String outcome,
      String detail) {}

  /**
   * @param appliedAtStart the applier's committed offsets when the table's comparison began: with a
   *     clean result, every later change of the table is at or after them ({@link #baseline})
   */
  public void record(
      ValidationResult.TableResult r, Map<AppliedOffsets.Partition, Long> appliedAtStart)
      throws SQLException {
    String offsets = encode(appliedAtStart);
    String detail;
    try {
      detail = JSON.writeValueAsString(r.error() != null ? r.error() : r.differences());
    } catch (JsonProcessingException e) {
      throw new SQLException("cannot encode the validation's differences", e);
    }
    try (Connection c = target.getConnection()) {
      RunnerEpoch.write(epoch, c, () -> insert(c, r, detail, offsets));
    }
  }

  private static String encode(Map<AppliedOffsets.Partition, Long> offsets) throws SQLException {
    if (offsets == null) {
      return null;
    }
    List<List<Object>> entries = new ArrayList<>();
    offsets.forEach((p, o) -> entries.add(List.of(p.topic(), p.partition(), o)));
    try {
      return JSON.writeValueAsString(entries);
    } catch (JsonProcessingException e) {
      throw new SQLException("cannot encode the applied offsets", e);
    }
  }

  private void insert(Connection c, ValidationResult.TableResult r, String detail, String offsets)
      throws SQLException {
    try (PreparedStatement ps =
        c.prepareStatement(
            "INSERT INTO _godwit.validation (migration, source_table, source_rows, target_rows,"
                + " missing, extra, different, changing, repaired, seconds, outcome, detail,"
                + " applied_at_start) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)")) {
      ps.setString(1, migration);
      ps.setString(2, r.table());
      ps.setLong(3, r.sourceRows());
      ps.setLong(4, r.targetRows());
      ps.setLong(5, r.missing());
      ps.setLong(6, r.extra());
      ps.setLong(7, r.different());
      ps.setLong(8, r.changing());
      ps.setLong(9, r.repairedUpserts() + r.repairedDeletes());
      ps.setDouble(10, r.seconds());
      ps.setString(11, r.outcome());
      ps.setString(12, detail);
      ps.setString(13, offsets);
      ps.executeUpdate();
    }
  }

  /**
   * The applier's offsets when the table's newest validation began, if that validation was clean
   * and recorded them: the rows of keys changed at or after these offsets are all that can differ
   * since, short of writes made directly to the target.
   */
  public Optional<Map<AppliedOffsets.Partition, Long>> baseline(String table) throws SQLException {
    try (Connection c = target.getConnection();
        PreparedStatement ps =
            c.prepareStatement(
                "SELECT outcome, applied_at_start FROM _godwit.validation"
                    + " WHERE migration = ? AND source_table = ? ORDER BY id DESC")) {
      ps.setMaxRows(1);
      ps.setString(1, migration);
      ps.setString(2, table);
      try (ResultSet rs = ps.executeQuery()) {
        if (!rs.next() || !"clean".equals(rs.getString(1)) || rs.getString(2) == null) {
          return Optional.empty();
        }
        Map<AppliedOffsets.Partition, Long> offsets = new LinkedHashMap<>();
        for (JsonNode e : JSON.readTree(rs.getString(2))) {
          offsets.put(
              new AppliedOffsets.Partition(e.get(0).asText(), e.get(1).asInt()), e.get(2).asLong());
        }
        return Optional.of(offsets);
      } catch (JsonProcessingException e) {
        throw new SQLException("cannot read the applied offsets of a validation", e);
      }
    }
  }

  /**
   * Forgets the table's changed-mode baseline: after a schema change of the source table, rows can
   * differ without a change event (values existing rows took, a column retyped), so the next
   * changed-mode validation compares the table in full. Results stay as recorded. A runner's reset
   * proves its epoch like a result does.
   */
  public void resetBaseline(Connection target, String table) throws SQLException {
    RunnerEpoch.Write reset =
        () ->
            Jdbc.update(
                target,
                "UPDATE _godwit.validation SET applied_at_start = NULL"
                    + " WHERE migration = ? AND source_table = ? AND applied_at_start IS NOT NULL",
                migration,
                table);
    RunnerEpoch.write(epoch, target, reset);
  }

  public String migration() {
    return migration;
  }

  /** The newest result of each table. */
  public List<Stored> latest() throws SQLException {
    return query(
        "SELECT v.source_table, v.finished_at, v.source_rows, v.missing + v.extra + v.different"
            + " + v.changing, v.repaired, v.seconds, v.outcome, v.detail FROM _godwit.validation v"
            + " WHERE v.migration = ? AND v.id = (SELECT MAX(id) FROM _godwit.validation w"
            + " WHERE w.migration = v.migration AND w.source_table = v.source_table)"
            + " ORDER BY v.source_table");
  }

  /** Every result, oldest first, for the report. */
  public List<Stored> all() throws SQLException {
    return query(
        "SELECT source_table, finished_at, source_rows, missing + extra + different + changing,"
            + " repaired, seconds, outcome, detail FROM _godwit.validation WHERE migration = ?"
            + " ORDER BY id");
  }

  private List<Stored> query(String sql) throws SQLException {
    return StateStore.rows(
        target,
        sql,
        rs ->
            new Stored(
                rs.getString(1),
                rs.getTimestamp(2).toInstant(),
                rs.getLong(3),
                rs.getLong(4),
                rs.getLong(5),
                rs.getDouble(6),
                rs.getString(7),
                rs.getString(8)),
        migration);
  }
}
