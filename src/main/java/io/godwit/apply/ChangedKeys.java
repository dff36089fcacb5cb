package io.godwit.apply;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.godwit.state.AppliedOffsets.Partition;
import java.io.IOException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Properties;
import java.util.Set;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.common.PartitionInfo;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;

/**
 * The row keys of a table's change events from given offsets to the end of its topic, read from the
 * record keys (Debezium's JSON of the row key). Only keys whose columns Debezium writes as plain
 * JSON numbers or strings are read this way; for other key types the caller compares in full.
 */
public final class ChangedKeys {

  private static final ObjectMapper JSON = new ObjectMapper();
  private static final Duration POLL = Duration.ofMillis(200);

  private final Properties consumer;

  /**
   * @param consumer Kafka consumer settings (bootstrap servers, security); a group is not used
   */
  public ChangedKeys(Properties consumer) {
    this.consumer = consumer;
  }

  /**
   * @param keyColumns the source names of the row key's columns, in key order
   * @param from per partition, the first offset to read; a partition missing from it is read from
   *     its start
   * @param cap the most distinct keys worth returning
   * @return the distinct keys as text, in first-seen order; empty when a key is not plain text or
   *     numbers, or there are more than {@code cap}
   */
  public Optional<List<String[]>> since(
      String topic, List<String> keyColumns, Map<Partition, Long> from, int cap)
      throws IOException {
    Properties props = new Properties();
    props.putAll(consumer);
    props.remove("group.id");
    props.put("enable.auto.commit", "false");
    props.put("max.poll.records", "5000");
    try (KafkaConsumer<byte[], byte[]> c =
        new KafkaConsumer<>(props, new ByteArrayDeserializer(), new ByteArrayDeserializer())) {
      List<TopicPartition> partitions = new ArrayList<>();
      for (PartitionInfo info : c.partitionsFor(topic)) {
        partitions.add(new TopicPartition(topic, info.partition()));
      }
      c.assign(partitions);
      Map<TopicPartition, Long> end = c.endOffsets(partitions);
      for (TopicPartition tp : partitions) {
        Long start = from.get(new Partition(topic, tp.partition()));
        if (start == null) {
          c.seekToBeginning(List.of(tp));
        } else {
          c.seek(tp, start);
        }
      }
      Set<List<String>> keys = new LinkedHashSet<>();
      while (partitions.stream().anyMatch(tp -> c.position(tp) < end.get(tp))) {
        for (ConsumerRecord<byte[], byte[]> r : c.poll(POLL)) {
          if (r.offset() >= end.get(new TopicPartition(r.topic(), r.partition()))) {
            continue;
          }
          Optional<List<String>> key = key(r.key(), keyColumns);
          if (key.isEmpty()) {
            return Optional.empty();
          }
          keys.add(key.get());
          if (keys.size() > cap) {
            return Optional.empty();
          }
        }
      }
      return Optional.of(keys.stream().map(k -> k.toArray(String[]::new)).toList());
    }
  }

  private static Optional<List<String>> key(byte[] raw, List<String> columns) throws IOException {
    if (raw == null) {
      return Optional.empty();
    }
    JsonNode node = JSON.readTree(raw);
    if (node.has("payload") && node.has("schema")) {
      node = node.get("payload");
    }
    List<String> key = new ArrayList<>(columns.size());
    for (String column : columns) {
      JsonNode value = node.get(column);
      if (value == null || !(value.isTextual() || value.isIntegralNumber())) {
        return Optional.empty();
      }
      key.add(value.asText());
    }
    return Optional.of(key);
  }
}
