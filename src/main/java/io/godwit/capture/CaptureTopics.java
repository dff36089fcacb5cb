package io.godwit.capture;

import io.godwit.config.MigrationConfig;
import io.godwit.db.Finding;
import io.godwit.schema.Table;
import io.godwit.transport.Topics;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.common.TopicPartition;

/**
 * The topics a capture writes, whoever runs the connector: one per table and the heartbeat topic,
 * created with the migration's partitions and retention, and refused when an existing one would
 * delete changes before the migration is over.
 */
final class CaptureTopics {

  private final String sourceName;
  private final int partitions;
  private final Optional<Duration> retention;
  private final List<String> tables;
  private final String heartbeat;
  private List<TopicPartition> partitionsOfTables;

  CaptureTopics(MigrationConfig config, List<Table> tables, String sourceName) {
    this.sourceName = sourceName;
    this.partitions = config.kafka().partitions();
    this.retention = config.kafka().retention();
    String prefix = config.kafka().topicPrefix();
    this.tables = tables.stream().map(t -> Topics.forTable(prefix, t.schema(), t.name())).toList();
    this.heartbeat = Topics.heartbeat(prefix);
  }

  /** The tables' topics. */
  List<String> tables() {
    return tables;
  }

  String heartbeat() {
    return heartbeat;
  }

  /** Creates the table and heartbeat topics that are missing; checks those that exist. */
  void ensureAll(Admin admin) {
    ensure(admin, tables);
    check(Topics.ensure(admin, List.of(heartbeat), 1, retention));
  }

  /**
   * Creates the table topics that are missing, with the migration's partitions; checks the rest.
   */
  void ensure(Admin admin, List<String> topics) {
    check(Topics.ensure(admin, topics, partitions, retention));
  }

  /**
   * The next offset of every partition of the tables' topics. The partitions are described once: an
   * external capture asks twice a second.
   */
  synchronized Map<TopicPartition, Long> ends(Admin admin) {
    if (partitionsOfTables == null) {
      partitionsOfTables = Topics.partitions(admin, tables);
    }
    return Topics.endOffsetsOf(admin, partitionsOfTables);
  }

  private void check(List<Finding> findings) {
    if (!findings.isEmpty()) {
      throw new CaptureException(
          "change capture from %s cannot write to topics that delete messages too early: %s"
              .formatted(sourceName, findings));
    }
  }
}
