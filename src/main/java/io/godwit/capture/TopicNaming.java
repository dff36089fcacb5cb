package io.godwit.capture;

import io.debezium.schema.DefaultTopicNamingStrategy;
import io.debezium.spi.schema.DataCollectionId;
import java.util.Map;
import java.util.Properties;
import java.util.concurrent.ConcurrentHashMap;

/**
 * The MySQL and MariaDB connectors' default topic names ({@code
 * <topic.prefix>.<database>.<table>}), remembered in a plain concurrent map. The default remembers
 * them in an LRU map that, on every hit, counts its access queue by walking it ({@code
 * ConcurrentLinkedQueue.size}, up to 64 nodes): one in six of the binlog reader thread's samples
 * under sysbench load. The map is bounded by the captured tables, which are the only ones the
 * connector names a topic for.
 *
 * <p>The embedded capture only: a Kafka Connect worker names the same topics with the default.
 */
public final class TopicNaming extends DefaultTopicNamingStrategy {

  private final Map<DataCollectionId, String> names = new ConcurrentHashMap<>();

  /** Called by Debezium with the connector's properties ({@code topic.naming.strategy}). */
  public TopicNaming(Properties properties) {
    super(properties);
  }

  @Override
  public String dataChangeTopic(DataCollectionId id) {
    return names.computeIfAbsent(id, super::dataChangeTopic);
  }
}
