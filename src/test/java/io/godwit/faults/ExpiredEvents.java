package io.godwit.faults;

import static io.godwit.testing.Waits.waitUntil;

import io.godwit.engine.Engine;
import io.godwit.snapshot.PausePoints;
import io.godwit.testing.TestDatabase;
import io.godwit.transport.Topics;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.clients.admin.OffsetSpec;
import org.apache.kafka.clients.admin.RecordsToDelete;
import org.apache.kafka.common.TopicPartition;

/**
 * The retention fault: once the first chunk of {@value #TABLE} is copied, with the rest of the
 * table still to copy, deletes that table's events from its topic as retention deletes the oldest
 * events ({@code Admin.deleteRecords} moves each partition's log start), after waiting until the
 * applier has recorded where it will start reading them and the topic holds events past that point.
 * Those events were never applied, and the rows they changed may be copied already: the run still
 * needs them.
 */
final class ExpiredEvents implements PausePoints {

  private static final String TABLE = "customers";
  private static final Duration WAIT = Duration.ofSeconds(30);

  private final String bootstrapServers;
  private final String migration;
  private final String topic;
  private final TestDatabase target;
  private volatile String deleted;

  ExpiredEvents(
      String bootstrapServers,
      String migration,
      String topicPrefix,
      TestDatabase source,
      TestDatabase target) {
    this.bootstrapServers = bootstrapServers;
    this.migration = migration;
    this.topic = Topics.forTable(topicPrefix, source.schema(), TABLE);
    this.target = target;
  }

  /** What was deleted, in words; null until the fault struck. */
  String deleted() {
    return deleted;
  }

  @Override
  public void afterChunk(String table, int chunk) throws Exception {
    if (!table.equals(TABLE) || chunk != 0 || deleted != null) {
      return;
    }
    Properties props = new Properties();
    props.put(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrapServers);
    try (Admin admin = Admin.create(props)) {
      List<TopicPartition> partitions = new ArrayList<>();
      admin
          .describeTopics(List.of(topic))
          .allTopicNames()
          .get()
          .get(topic)
          .partitions()
          .forEach(p -> partitions.add(new TopicPartition(topic, p.partition())));
      Map<TopicPartition, Long> applied = new HashMap<>();
      waitUntil(
          WAIT,
          () -> {
            applied.putAll(appliedOffsets());
            return applied.keySet().containsAll(partitions);
          });
      Map<TopicPartition, Long> ends = new HashMap<>();
      waitUntil(
          WAIT,
          () -> {
            ends.putAll(ends(admin, partitions));
            return partitions.stream().anyMatch(tp -> ends.get(tp) > applied.getOrDefault(tp, 0L));
          });
      Map<TopicPartition, RecordsToDelete> delete = new HashMap<>();
      List<String> what = new ArrayList<>();
      for (TopicPartition tp : partitions) {
        Long from = applied.get(tp);
        long end = ends.get(tp);
        if (from != null && end > from) {
          delete.put(tp, RecordsToDelete.beforeOffset(end));
          what.add("%s offsets %d to %d".formatted(tp, from, end - 1));
        }
      }
      if (delete.isEmpty()) {
        throw new IllegalStateException(
            "the retention fault found no unapplied events of %s to delete within %d s: applied %s,"
                    .formatted(topic, WAIT.toSeconds(), applied)
                + " log ends "
                + ends);
      }
      admin.deleteRecords(delete).all().get();
      deleted =
          "events deleted before they were applied, while %s copied: %s"
              .formatted(TABLE, String.join(", ", what));
    }
  }

  /** The next offsets the applier stored for the topic's partitions. */
  private Map<TopicPartition, Long> appliedOffsets() throws Exception {
    String partition = target.engine() == Engine.POSTGRESQL ? "\"partition\"" : "`partition`";
    Map<TopicPartition, Long> offsets = new HashMap<>();
    try (Connection c = target.connect();
        PreparedStatement ps =
            c.prepareStatement(
                "SELECT %s, next_offset FROM _godwit.applied_offset WHERE migration = ? AND topic = ?"
                    .formatted(partition))) {
      ps.setString(1, migration);
      ps.setString(2, topic);
      try (ResultSet rs = ps.executeQuery()) {
        while (rs.next()) {
          offsets.put(new TopicPartition(topic, rs.getInt(1)), rs.getLong(2));
        }
      }
    }
    return offsets;
  }

  private static Map<TopicPartition, Long> ends(Admin admin, List<TopicPartition> partitions)
      throws Exception {
    Map<TopicPartition, OffsetSpec> latest = new HashMap<>();
    partitions.forEach(tp -> latest.put(tp, OffsetSpec.latest()));
    Map<TopicPartition, Long> ends = new HashMap<>();
    admin.listOffsets(latest).all().get().forEach((tp, info) -> ends.put(tp, info.offset()));
    return ends;
  }
}
