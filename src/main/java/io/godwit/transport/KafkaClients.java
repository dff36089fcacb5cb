package io.godwit.transport;

import io.godwit.config.KafkaSettings;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Objects;
import java.util.Properties;
import org.apache.kafka.clients.CommonClientConfigs;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.apache.kafka.common.serialization.ByteArraySerializer;

/**
 * Settings of the Kafka clients Godwit creates. The migration file's {@code kafka.properties} (TLS,
 * SASL) are applied last, so they win over Godwit's defaults; the configuration refuses the three
 * the applier's correctness rests on ({@code auto.offset.reset}, {@code enable.auto.commit}, {@code
 * isolation.level}).
 */
public final class KafkaClients {

  private final KafkaSettings settings;
  private final String bootstrapServers;

  /**
   * @param bootstrapServers the cluster to talk to: the external one from the settings, or the
   *     embedded broker's
   */
  public KafkaClients(KafkaSettings settings, String bootstrapServers) {
    this.settings = Objects.requireNonNull(settings, "settings");
    this.bootstrapServers = Objects.requireNonNull(bootstrapServers, "bootstrapServers");
  }

  public String bootstrapServers() {
    return bootstrapServers;
  }

  /** What every client of this cluster needs: the bootstrap servers and the pass-through. */
  public Map<String, String> connection() {
    Map<String, String> props = new LinkedHashMap<>();
    props.put(CommonClientConfigs.BOOTSTRAP_SERVERS_CONFIG, bootstrapServers);
    props.putAll(settings.properties());
    return props;
  }

  public Properties admin(String clientId) {
    Properties props = new Properties();
    props.put(CommonClientConfigs.CLIENT_ID_CONFIG, clientId);
    return withConnection(props);
  }

  /**
   * A producer that loses nothing once a send is acknowledged: every in-sync replica has the
   * record, and retries neither duplicate nor reorder it.
   */
  public Properties producer(String clientId) {
    Properties props = new Properties();
    props.put(ProducerConfig.CLIENT_ID_CONFIG, clientId);
    props.put(ProducerConfig.ACKS_CONFIG, "all");
    props.put(ProducerConfig.ENABLE_IDEMPOTENCE_CONFIG, "true");
    props.put(ProducerConfig.COMPRESSION_TYPE_CONFIG, "lz4");
    props.put(ProducerConfig.LINGER_MS_CONFIG, "10");
    props.put(ProducerConfig.BATCH_SIZE_CONFIG, String.valueOf(256 * 1024));
    props.put(ProducerConfig.MAX_REQUEST_SIZE_CONFIG, String.valueOf(Topics.MAX_MESSAGE_BYTES));
    props.put(ProducerConfig.BUFFER_MEMORY_CONFIG, String.valueOf(2L * Topics.MAX_MESSAGE_BYTES));
    props.put(ProducerConfig.KEY_SERIALIZER_CLASS_CONFIG, ByteArraySerializer.class.getName());
    props.put(ProducerConfig.VALUE_SERIALIZER_CLASS_CONFIG, ByteArraySerializer.class.getName());
    return withConnection(props);
  }

  /**
   * A consumer that commits only when told to, never moves to another offset on its own (a position
   * outside the log fails the fetch, see {@link LogRange}: {@code auto.offset.reset=none}, so every
   * assigned partition must be sought first), and sees only committed records.
   */
  public Properties consumer(String groupId) {
    Properties props = new Properties();
    props.put(ConsumerConfig.GROUP_ID_CONFIG, groupId);
    props.put(ConsumerConfig.ENABLE_AUTO_COMMIT_CONFIG, "false");
    props.put(ConsumerConfig.AUTO_OFFSET_RESET_CONFIG, "none");
    props.put(ConsumerConfig.ISOLATION_LEVEL_CONFIG, "read_committed");
    props.put(ConsumerConfig.KEY_DESERIALIZER_CLASS_CONFIG, ByteArrayDeserializer.class.getName());
    props.put(
        ConsumerConfig.VALUE_DESERIALIZER_CLASS_CONFIG, ByteArrayDeserializer.class.getName());
    return withConnection(props);
  }

  private Properties withConnection(Properties props) {
    props.putAll(connection());
    return props;
  }
}
