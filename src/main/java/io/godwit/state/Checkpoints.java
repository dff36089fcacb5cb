package io.godwit.state;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import io.godwit.db.Jdbc;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.Optional;

/**
 * Snapshot chunk checkpoints in {@code _godwit.chunk}. A table's chunk plan is saved once; a chunk
 * is marked done in the same target transaction that wrote its rows, so a killed copy resumes at
 * the first chunk not marked done and never writes a row twice.
 */
public final class Checkpoints {

  private static final ObjectMapper JSON = new ObjectMapper();

  /** A chunk's bounds as the snapshot plans them: lower exclusive, upper inclusive, null open. */
  public interface Bounds {
    int number();

    List<Object> lower();

    List<Object> upper();
  }

  /** A saved chunk and whether it is done. */
  public record SavedChunk(
      int number, List<Object> lower, List<Object> upper, boolean done, long rows, long bytes) {}

  private final String migration;
  private final RunnerEpoch epoch;

  /**
   * @param epoch the runner epoch each chunk proves it still holds before it is marked done
   */
  public Checkpoints(String migration, RunnerEpoch epoch) {
    this.migration = migration;
    this.epoch = epoch;
  }

  /**
   * Saves a table's chunk plan in the caller's transaction, then proves this runner still holds the
   * migration; the caller commits.
   *
   * @throws RunnerFencedException when another runner took the migration over: the caller rolls
   *     back and stops
   */
  public void savePlan(Connection target, String table, List<? extends Bounds> chunks)
      throws SQLException {
    try (PreparedStatement ps =
        target.prepareStatement(
            "INSERT INTO _godwit.chunk (migration, source_table, chunk_no, lower_bound,"
                + " upper_bound) VALUES (?, ?, ?, ?, ?)")) {
      for (Bounds chunk : chunks) {
        ps.setString(1, migration);
        ps.setString(2, table);
        ps.setInt(3, chunk.number());
        ps.setString(4, encode(chunk.lower()));
        ps.setString(5, encode(chunk.upper()));
        ps.addBatch();
      }
      ps.executeBatch();
    }
    epoch.check(target);
  }

  /** The saved plan of a table in chunk order, or an empty list when none was saved. */
  public List<SavedChunk> load(Connection target, String table) throws SQLException {
    return Jdbc.queryRows(
        target,
        "SELECT chunk_no, lower_bound, upper_bound, done_at IS NOT NULL, rows_copied,"
            + " bytes_copied FROM _godwit.chunk WHERE migration = ? AND source_table = ?"
            + " ORDER BY chunk_no",
        rs ->
            new SavedChunk(
                rs.getInt(1),
                decode(rs.getString(2)),
                decode(rs.getString(3)),
                rs.getBoolean(4),
                rs.getLong(5),
                rs.getLong(6)),
        migration,
        table);
  }

  /**
   * The chunk when it is marked done, else empty. Tells a chunk whose commit reached the target
   * before its connection was lost from one that must be copied again.
   */
  public Optional<SavedChunk> findDone(Connection target, String table, int chunk)
      throws SQLException {
    try (PreparedStatement ps =
        target.prepareStatement(
            "SELECT rows_copied, bytes_copied FROM _godwit.chunk WHERE migration = ? AND"
                + " source_table = ? AND chunk_no = ? AND done_at IS NOT NULL")) {
      ps.setString(1, migration);
      ps.setString(2, table);
      ps.setInt(3, chunk);
      try (ResultSet rs = ps.executeQuery()) {
        return rs.next()
            ? Optional.of(new SavedChunk(chunk, null, null, true, rs.getLong(1), rs.getLong(2)))
            : Optional.empty();
      }
    }
  }

  /**
   * Marks a chunk done in the caller's transaction. Fails when it was already done, which means
   * another process copied it: the caller must roll back rather than write the rows twice.
   *
   * @throws RunnerFencedException when another runner took the migration over: the caller rolls
   *     back and stops
   */
  public void markDone(Connection target, String table, int chunk, long rows, long bytes)
      throws SQLException {
    try (PreparedStatement ps =
        target.prepareStatement(
            "UPDATE _godwit.chunk SET done_at = CURRENT_TIMESTAMP, rows_copied = ?,"
                + " bytes_copied = ? WHERE migration = ? AND source_table = ? AND chunk_no = ?"
                + " AND done_at IS NULL")) {
      ps.setLong(1, rows);
      ps.setLong(2, bytes);
      ps.setString(3, migration);
      ps.setString(4, table);
      ps.setInt(5, chunk);
      if (ps.executeUpdate() != 1) {
        throw new StateStoreException(
            ("chunk %d of %s is already marked copied in the state store; another Godwit"
                    + " process is copying this migration; fix: run one process per migration")
                .formatted(chunk, table));
      }
    }
    epoch.check(target);
  }

  static String encode(List<Object> bound) {
    if (bound == null) {
      return null;
    }
    ArrayNode array = JSON.createArrayNode();
    for (Object value : bound) {
      if (value instanceof byte[] bytes) {
        array.addObject().put("hex", HexFormat.of().formatHex(bytes));
      } else {
        array.add((String) value);
      }
    }
    return array.toString();
  }

  static List<Object> decode(String text) throws SQLException {
    if (text == null) {
      return null;
    }
    try {
      List<Object> values = new ArrayList<>();
      for (JsonNode node : JSON.readTree(text)) {
        values.add(
            node.isObject() ? HexFormat.of().parseHex(node.get("hex").asText()) : node.asText());
      }
      return List.copyOf(values);
    } catch (com.fasterxml.jackson.core.JsonProcessingException e) {
      throw new SQLException("unreadable chunk bound in _godwit.chunk: " + text, e);
    }
  }
}
