package io.godwit.state;

import io.godwit.db.Jdbc;
import java.sql.Connection;
import java.sql.SQLException;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;
import javax.sql.DataSource;

/**
 * The Kafka cluster and topics a migration's applied offsets belong to ({@code
 * _godwit.kafka_cluster}, {@code _godwit.kafka_topic}). An offset means nothing on another log: a
 * run compares these with what Kafka reports before it streams.
 */
public final class KafkaIdentities {

  /**
   * What was recorded: the cluster id, when one was, and the id of each topic by name.
   *
   * @param topicIds topic name to Kafka's topic id
   */
  public record Recorded(Optional<String> clusterId, Map<String, String> topicIds) {
    public Recorded {
      topicIds = Map.copyOf(topicIds);
    }
  }

  private final DataSource target;
  private final String migration;

  public KafkaIdentities(DataSource target, String migration) {
    this.target = target;
    this.migration = migration;
  }

  /** The cluster and topic ids recorded for the migration. */
  public Recorded load() throws SQLException {
    try (Connection c = target.getConnection()) {
      String cluster =
          Jdbc.queryString(
              c, "SELECT cluster_id FROM _godwit.kafka_cluster WHERE migration = ?", migration);
      Map<String, String> topics = new TreeMap<>();
      Jdbc.forEachRow(
          c,
          "SELECT topic, topic_id FROM _godwit.kafka_topic WHERE migration = ?",
          rs -> topics.put(rs.getString(1), rs.getString(2)),
          migration);
      return new Recorded(Optional.ofNullable(cluster), topics);
    }
  }

  /**
   * Records the cluster id and the ids of topics not recorded yet, in one transaction; what was
   * recorded before stays (a run checks it first and refuses when it differs).
   */
  public void record(String clusterId, Map<String, String> topicIds) throws SQLException {
    Recorded recorded = load();
    try (Connection c = target.getConnection()) {
      c.setAutoCommit(false);
      try {
        if (recorded.clusterId().isEmpty()) {
          Jdbc.update(
              c,
              "INSERT INTO _godwit.kafka_cluster (migration, cluster_id) VALUES (?, ?)",
              migration,
              clusterId);
        }
        for (Map.Entry<String, String> topic : topicIds.entrySet()) {
          if (!recorded.topicIds().containsKey(topic.getKey())) {
            Jdbc.update(
                c,
                "INSERT INTO _godwit.kafka_topic (migration, topic, topic_id) VALUES (?, ?, ?)",
                migration,
                topic.getKey(),
                topic.getValue());
          }
        }
        c.commit();
      } catch (SQLException | RuntimeException e) {
        c.rollback();
        throw e;
      } finally {
        c.setAutoCommit(true);
      }
    }
  }
}
