package io.godwit.capture;

import java.time.Duration;
import java.util.HashMap;
import java.util.Map;
import java.util.function.Supplier;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.connect.json.JsonConverter;
import org.apache.kafka.connect.runtime.WorkerConfig;
import org.apache.kafka.connect.storage.KafkaOffsetBackingStore;
import org.apache.kafka.connect.util.SharedTopicAdmin;
import org.apache.kafka.connect.util.TopicAdmin;

/**
 * Kafka Connect's Kafka offset store for the embedded engine ({@code offset.storage}), wired as
 * Debezium wires its own but closing the admin client it uses when it stops. Debezium's wiring
 * leaves that client running after the engine stopped, retrying (and logging) a broker that is gone
 * until the process exits.
 */
public final class OffsetStore extends KafkaOffsetBackingStore {

  private final Admin admin;

  /** Made by the engine, which then calls {@link #configure} and {@link #start}. */
  public OffsetStore() {
    this(new Admin());
  }

  private OffsetStore(Admin admin) {
    super(admin, () -> "godwit-capture", converter(true));
    this.admin = admin;
  }

  @Override
  public void configure(WorkerConfig config) {
    admin.configure(config.originals());
    super.configure(config);
  }

  @Override
  public void stop() {
    try {
      super.stop();
    } finally {
      admin.close();
    }
  }

  /**
   * Kafka Connect's converter of offsets' keys ({@code key}) or values as Debezium's own store
   * reads them: JSON without schemas.
   */
  static JsonConverter converter(boolean key) {
    JsonConverter converter = new JsonConverter();
    converter.configure(Map.of("schemas.enable", "false"), key);
    return converter;
  }

  /** The store's admin client, made from the worker's settings and closed with the store. */
  private static final class Admin implements Supplier<TopicAdmin> {
    private SharedTopicAdmin shared;

    /** Keeps the settings an admin client knows (the connection's), leaving the connector's. */
    void configure(Map<String, Object> settings) {
      Map<String, Object> admin = new HashMap<>();
      settings.forEach(
          (key, value) -> {
            if (AdminClientConfig.configNames().contains(key)) {
              admin.put(key, value);
            }
          });
      admin.put(AdminClientConfig.CLIENT_ID_CONFIG, "godwit-capture-offsets-admin");
      shared = new SharedTopicAdmin(admin);
    }

    @Override
    public TopicAdmin get() {
      return shared.get();
    }

    void close() {
      if (shared != null) {
        shared.close(Duration.ofSeconds(10));
      }
    }
  }
}
