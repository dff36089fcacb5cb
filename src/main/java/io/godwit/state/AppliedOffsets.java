package io.godwit.state;

import io.godwit.db.Dialect;
import io.godwit.db.Jdbc;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The next Kafka offset to apply per topic partition, in {@code _godwit.applied_offset}. Offsets
 * are saved in the same target transaction as the changes they cover, so after a crash the consumer
 * seeks to them and nothing is applied twice or skipped.
 */
public final class AppliedOffsets {

  /** A Kafka topic partition. */
  public record Partition(String topic, int partition) {
    @Override
    public String toString() {
      return topic + "-" + partition;
    }
  }

  private final String migration;
  private final String table;
  private final String partitionColumn;

  /** The offsets of a migration in the state store ({@value StateStore#SCHEMA}). */
  public AppliedOffsets(String migration, Dialect dialect) {
    this(migration, dialect, StateStore.SCHEMA);
  }

  /**
   * @param stateSchema the schema (PostgreSQL) or database (MySQL) holding the state tables
   */
  public AppliedOffsets(String migration, Dialect dialect, String stateSchema) {
    this.migration = migration;
    this.table = dialect.qualify(stateSchema, "applied_offset");
    this.partitionColumn = dialect.quote("partition");
  }

  /** Every saved partition of the migration with its next offset. */
  public Map<Partition, Long> load(Connection target) throws SQLException {
    Map<Partition, Long> offsets = new LinkedHashMap<>();
    Jdbc.forEachRow(
        target,
        "SELECT topic, %2$s, next_offset FROM %1$s WHERE migration = ? ORDER BY topic, %2$s"
            .formatted(table, partitionColumn),
        rs -> offsets.put(new Partition(rs.getString(1), rs.getInt(2)), rs.getLong(3)),
        migration);
    return offsets;
  }

  /**
   * Records next offsets in the caller's transaction, replacing earlier ones. An offset only moves
   * forward: one smaller than the stored one means another runner applied further, and nothing is
   * saved.
   *
   * @throws StateStoreException when an offset would move back; the caller rolls back and stops
   */
  public void save(Connection target, Map<Partition, Long> nextOffsets) throws SQLException {
    List<Map.Entry<Partition, Long>> missing = new ArrayList<>();
    try (PreparedStatement ps =
        target.prepareStatement(
            """
            UPDATE %s SET next_offset = ?, updated_at = CURRENT_TIMESTAMP
             WHERE migration = ? AND topic = ? AND %s = ? AND next_offset <= ?"""
                .formatted(table, partitionColumn))) {
      for (Map.Entry<Partition, Long> e : nextOffsets.entrySet()) {
        ps.setLong(1, e.getValue());
        ps.setString(2, migration);
        ps.setString(3, e.getKey().topic());
        ps.setInt(4, e.getKey().partition());
        ps.setLong(5, e.getValue());
        if (ps.executeUpdate() == 0) {
          refuseMovingBack(target, e.getKey(), e.getValue());
          missing.add(e);
        }
      }
    }
    if (missing.isEmpty()) {
      return;
    }
    try (PreparedStatement ps =
        target.prepareStatement(
            "INSERT INTO %s (migration, topic, %s, next_offset) VALUES (?, ?, ?, ?)"
                .formatted(table, partitionColumn))) {
      for (Map.Entry<Partition, Long> e : missing) {
        ps.setString(1, migration);
        ps.setString(2, e.getKey().topic());
        ps.setInt(3, e.getKey().partition());
        ps.setLong(4, e.getValue());
        ps.addBatch();
      }
      ps.executeBatch();
    }
  }

  private void refuseMovingBack(Connection target, Partition partition, long next)
      throws SQLException {
    try (PreparedStatement ps =
        target.prepareStatement(
            "SELECT next_offset FROM %s WHERE migration = ? AND topic = ? AND %s = ?"
                .formatted(table, partitionColumn))) {
      ps.setString(1, migration);
      ps.setString(2, partition.topic());
      ps.setInt(3, partition.partition());
      try (ResultSet rs = ps.executeQuery()) {
        if (rs.next()) {
          throw new StateStoreException(
              ("the applied offset of %s for migration %s would move back from %d to %d: another"
                      + " runner applied further, so this batch was refused and nothing of it"
                      + " written; fix: run one process per migration, and restart this one only"
                      + " after the other stopped")
                  .formatted(partition, migration, rs.getLong(1), next));
        }
      }
    }
  }
}
