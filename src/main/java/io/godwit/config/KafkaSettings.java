package io.godwit.config;

import com.fasterxml.jackson.core.JsonGenerator;
import com.fasterxml.jackson.databind.SerializerProvider;
import com.fasterxml.jackson.databind.annotation.JsonSerialize;
import com.fasterxml.jackson.databind.ser.std.StdSerializer;
import java.io.IOException;
import java.time.Duration;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;

/**
 * The Kafka that carries change events.
 *
 * @param bootstrapServers {@code host:port,...} of an external cluster, or empty for the embedded
 *     broker
 * @param retention how long change events are kept; empty for unlimited
 * @param properties client properties passed through (TLS, SASL); those whose key contains {@code
 *     password} or {@code sasl.jaas.config} are masked when serialised
 */
public record KafkaSettings(
    String bootstrapServers,
    String topicPrefix,
    int partitions,
    @JsonSerialize(using = KafkaSettings.RetentionSerializer.class) Optional<Duration> retention,
    @JsonSerialize(using = Masking.PropertiesSerializer.class) Map<String, String> properties) {

  public KafkaSettings {
    Objects.requireNonNull(bootstrapServers, "bootstrapServers");
    Objects.requireNonNull(topicPrefix, "topicPrefix");
    Objects.requireNonNull(retention, "retention");
    properties = Collections.unmodifiableMap(new LinkedHashMap<>(properties));
  }

  /** True when Godwit runs its own broker, because no bootstrap servers are given. */
  public boolean embedded() {
    return bootstrapServers.isEmpty();
  }

  /** Writes the retention as in the migration file: {@code 7d} or {@code unlimited}. */
  public static final class RetentionSerializer extends StdSerializer<Optional<Duration>> {
    private static final long serialVersionUID = 1L;

    @SuppressWarnings({"unchecked", "rawtypes"})
    public RetentionSerializer() {
      super((Class<Optional<Duration>>) (Class) Optional.class);
    }

    @Override
    public void serialize(Optional<Duration> value, JsonGenerator out, SerializerProvider provider)
        throws IOException {
      out.writeString(value.map(Units::formatDuration).orElse("unlimited"));
    }
  }
}
