package io.godwit.capture;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.header.Header;
import org.apache.kafka.common.header.internals.RecordHeader;
import org.apache.kafka.connect.json.JsonConverter;
import org.apache.kafka.connect.source.SourceRecord;
import org.apache.kafka.connect.storage.SimpleHeaderConverter;

/**
 * Turns a connector's record into the Kafka record a Kafka Connect worker would write for it: key
 * and value through {@link JsonConverter}, headers through Connect's default {@link
 * SimpleHeaderConverter}, the record's own topic, partition and timestamp. So the applier reads the
 * same bytes whether Godwit or a Connect cluster ran the connector.
 */
final class RecordEncoder implements AutoCloseable {

  private final JsonConverter keys = new JsonConverter();
  private final JsonConverter values = new JsonConverter();
  private final SimpleHeaderConverter headers = new SimpleHeaderConverter();

  /**
   * @param engineProperties the capture's properties; their {@code key.converter.*} and {@code
   *     value.converter.*} settings configure the converters, as in a Connect worker
   */
  RecordEncoder(Properties engineProperties) {
    keys.configure(subset(engineProperties, "key.converter."), true);
    values.configure(subset(engineProperties, "value.converter."), false);
    headers.configure(Map.of());
  }

  ProducerRecord<byte[], byte[]> encode(SourceRecord record) {
    String topic = record.topic();
    List<Header> kafkaHeaders = new ArrayList<>();
    for (org.apache.kafka.connect.header.Header h : record.headers()) {
      kafkaHeaders.add(
          new RecordHeader(
              h.key(), headers.fromConnectHeader(topic, h.key(), h.schema(), h.value())));
    }
    byte[] key = keys.fromConnectData(topic, record.keySchema(), record.key());
    byte[] value = values.fromConnectData(topic, record.valueSchema(), record.value());
    Long timestamp =
        record.timestamp() == null || record.timestamp() < 0 ? null : record.timestamp();
    return new ProducerRecord<>(
        topic, record.kafkaPartition(), timestamp, key, value, kafkaHeaders);
  }

  private static Map<String, Object> subset(Properties properties, String prefix) {
    Map<String, Object> subset = new HashMap<>();
    for (String name : properties.stringPropertyNames()) {
      if (name.startsWith(prefix)) {
        subset.put(name.substring(prefix.length()), properties.getProperty(name));
      }
    }
    return subset;
  }

  @Override
  public void close() {
    keys.close();
    values.close();
  }
}
