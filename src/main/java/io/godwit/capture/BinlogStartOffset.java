package io.godwit.capture;

import io.godwit.db.BinlogPosition;
import io.godwit.transport.KafkaCalls;
import io.godwit.transport.KafkaClients;
import io.godwit.transport.Topics;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Properties;
import java.util.Set;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.NewTopic;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.config.TopicConfig;

/**
 * Starts a MySQL or MariaDB capture at a position of its own choosing, as the reverse stream starts
 * at R0: the binlog connectors have no setting for that, so the position is written as the
 * connector's stored offset before its first start, in Kafka Connect's format (the key {@code
 * [<engine name>, {"server": <topic prefix>}]}, the value the connector's own {@code file}, {@code
 * pos} and {@code gtids}), and the connector starts in Debezium's {@code recovery} snapshot mode:
 * it records the tables' current schema in its missing schema history and streams from the stored
 * offset. A capture that stored an offset of its own resumes from it, as any capture.
 */
final class BinlogStartOffset {

  private BinlogStartOffset() {}

  /**
   * Stores {@code at} as the capture's offset when its offsets topic holds none yet.
   *
   * @param properties the capture's engine properties ({@link CaptureProperties#of})
   * @return the properties the engine starts with: in {@code recovery} snapshot mode while the
   *     capture's schema history is missing or empty, as it is on its first start; else unchanged
   */
  static Properties store(
      Properties properties, Admin admin, KafkaClients kafka, BinlogPosition at) {
    String offsets = properties.getProperty("offset.storage.topic");
    String history = properties.getProperty("schema.history.internal.kafka.topic");
    Set<String> existing =
        KafkaCalls.await(
            admin.listTopics().names(),
            "list the topics for the capture's start position",
            "create, describe and write the topics");
    if (!existing.contains(offsets)) {
      short replicas =
          Short.parseShort(properties.getProperty("offset.storage.replication.factor"));
      NewTopic topic =
          new NewTopic(
                  offsets, Optional.of(1), replicas < 0 ? Optional.empty() : Optional.of(replicas))
              .configs(
                  Map.of(TopicConfig.CLEANUP_POLICY_CONFIG, TopicConfig.CLEANUP_POLICY_COMPACT));
      KafkaCalls.await(
          admin.createTopics(List.of(topic)).all(),
          "create the offsets topic " + offsets + " for the capture's start position",
          "create, describe and write the topics");
    }
    if (empty(admin, offsets)) {
      String engine = properties.getProperty("name");
      Map<String, Object> offset = new LinkedHashMap<>();
      offset.put("file", at.file());
      offset.put("pos", at.position());
      at.gtids().ifPresent(gtids -> offset.put("gtids", gtids));
      byte[] key =
          OffsetStore.converter(true)
              .fromConnectData(
                  offsets,
                  null,
                  List.of(engine, Map.of("server", properties.getProperty("topic.prefix"))));
      byte[] value = OffsetStore.converter(false).fromConnectData(offsets, null, offset);
      try (KafkaProducer<byte[], byte[]> producer =
          new KafkaProducer<>(kafka.producer(engine + "-start-offset"))) {
        KafkaCalls.await(
            producer.send(new ProducerRecord<>(offsets, key, value)),
            "store " + offset + " for the capture's start position",
            "create, describe and write the topics");
      }
    }
    if (!existing.contains(history) || empty(admin, history)) {
      Properties p = new Properties();
      p.putAll(properties);
      p.put("snapshot.mode", "recovery");
      return p;
    }
    return properties;
  }

  private static boolean empty(Admin admin, String topic) {
    return Topics.endOffsets(admin, List.of(topic)).values().stream().allMatch(end -> end == 0);
  }
}
