package io.godwit.transport;

import io.godwit.db.Finding;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collection;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeSet;
import java.util.concurrent.ExecutionException;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.Config;
import org.apache.kafka.clients.admin.ConfigEntry;
import org.apache.kafka.clients.admin.NewTopic;
import org.apache.kafka.clients.admin.OffsetSpec;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.config.ConfigResource;
import org.apache.kafka.common.config.TopicConfig;
import org.apache.kafka.common.errors.TopicExistsException;
import org.apache.kafka.common.errors.UnknownTopicOrPartitionException;

/**
 * Names and creates the migration's topics. Names follow Debezium's default topic naming strategy,
 * so a Kafka Connect deployment of the same connector writes to the same topics.
 */
public final class Topics {

  private static final String UNLIMITED = "-1";

  /**
   * The largest change event Godwit writes and the topics it creates take: 64 MiB, where Kafka's
   * default of 1 MB stopped the capture on the first larger row. {@code godwit plan} reports rows
   * whose events would not fit.
   */
  public static final int MAX_MESSAGE_BYTES = 64 * 1024 * 1024;

  private static final int MAX_NAME_LENGTH = 249;

  private Topics() {}

  /**
   * The change topic of a table: {@code <prefix>.<schema>.<table>}, where the schema is the
   * PostgreSQL schema or the MySQL database. Like Debezium, every character other than a letter,
   * digit, {@code .}, {@code _} or {@code -} becomes {@code _}, and a name longer than Kafka's
   * limit of 249 characters is cut there.
   */
  public static String forTable(String prefix, String schema, String table) {
    return sanitize(prefix + "." + schema + "." + table);
  }

  /** Where Debezium sends its heartbeats: {@code __debezium-heartbeat.<prefix>}. */
  public static String heartbeat(String prefix) {
    return "__debezium-heartbeat." + prefix;
  }

  /** The topic an applier writes the events it cannot apply to, with {@code apply.dead-letter}. */
  public static String deadLetter(String prefix) {
    return prefix + ".dead-letter";
  }

  /** The capture's source offsets (Kafka Connect's offset store format). */
  public static String offsets(String prefix) {
    return prefix + ".offsets";
  }

  /** The DDL history of the captured tables that Debezium keeps for itself. */
  public static String schemaHistory(String prefix) {
    return prefix + ".schema-history";
  }

  static String sanitize(String name) {
    StringBuilder out = new StringBuilder(name.length());
    for (char c : name.toCharArray()) {
      boolean valid =
          (c >= 'a' && c <= 'z')
              || (c >= 'A' && c <= 'Z')
              || (c >= '0' && c <= '9')
              || c == '.'
              || c == '_'
              || c == '-';
      out.append(valid ? c : '_');
    }
    return out.length() > MAX_NAME_LENGTH ? out.substring(0, MAX_NAME_LENGTH) : out.toString();
  }

  /** The next offset to be written on every partition of the topics. */
  public static Map<TopicPartition, Long> endOffsets(Admin admin, Collection<String> topics) {
    return endOffsetsOf(admin, partitions(admin, topics));
  }

  /** Every partition of the topics. */
  public static List<TopicPartition> partitions(Admin admin, Collection<String> topics) {
    List<TopicPartition> partitions = new ArrayList<>();
    for (var d :
        KafkaCalls.await(
                admin.describeTopics(topics).allTopicNames(),
                "describe the topics " + topics,
                "describe the topics")
            .values()) {
      d.partitions().forEach(p -> partitions.add(new TopicPartition(d.name(), p.partition())));
    }
    return partitions;
  }

  /** The next offset to be written on each of the partitions. */
  public static Map<TopicPartition, Long> endOffsetsOf(
      Admin admin, Collection<TopicPartition> partitions) {
    Map<TopicPartition, OffsetSpec> latest = new HashMap<>();
    partitions.forEach(tp -> latest.put(tp, OffsetSpec.latest()));
    Map<TopicPartition, Long> ends = new HashMap<>();
    KafkaCalls.await(
            admin.listOffsets(latest).all(),
            "read the end offsets of " + partitions,
            "describe the topics")
        .forEach((tp, info) -> ends.put(tp, info.offset()));
    return ends;
  }

  /**
   * Creates the topics that do not exist yet, with {@code cleanup.policy=delete} and the given
   * retention ({@code retention.ms=-1} when empty), and checks that those that do exist keep
   * messages at least that long.
   *
   * @return a blocker for each existing topic that would delete messages too early
   */
  public static List<Finding> ensure(
      Admin admin, Collection<String> topics, int partitions, Optional<Duration> retention) {
    String retentionMs = retention.map(d -> String.valueOf(d.toMillis())).orElse(UNLIMITED);
    Set<String> wanted = new TreeSet<>(topics);
    try {
      Set<String> existing = new TreeSet<>(admin.listTopics().names().get());
      List<NewTopic> missing = new ArrayList<>();
      for (String topic : wanted) {
        if (!existing.contains(topic)) {
          missing.add(
              new NewTopic(topic, partitions, (short) -1)
                  .configs(
                      Map.of(
                          TopicConfig.CLEANUP_POLICY_CONFIG,
                          TopicConfig.CLEANUP_POLICY_DELETE,
                          TopicConfig.RETENTION_MS_CONFIG,
                          retentionMs,
                          TopicConfig.RETENTION_BYTES_CONFIG,
                          UNLIMITED,
                          TopicConfig.MAX_MESSAGE_BYTES_CONFIG,
                          String.valueOf(MAX_MESSAGE_BYTES))));
        }
      }
      for (var created : admin.createTopics(missing).values().entrySet()) {
        try {
          created.getValue().get();
        } catch (ExecutionException e) {
          if (!(e.getCause() instanceof TopicExistsException)) {
            throw e;
          }
        }
      }
      awaitVisible(admin, missing.stream().map(NewTopic::name).toList());
      wanted.retainAll(existing);
      return check(admin, wanted, retention);
    } catch (InterruptedException e) {
      throw KafkaCalls.interrupted("create the topics " + wanted, e);
    } catch (ExecutionException e) {
      throw KafkaCalls.failed(
          "create or describe the topics " + wanted, "describe and create topics", e);
    }
  }

  /**
   * Waits until new topics can be described: a KRaft broker answers a create before its metadata
   * has them, and a describe or a consumer's partition lookup right after it found no such topic
   * (seen in EmbeddedKafkaIT). Gives up after 10 s with the broker's own error.
   */
  private static void awaitVisible(Admin admin, List<String> created)
      throws InterruptedException, ExecutionException {
    if (created.isEmpty()) {
      return;
    }
    long deadline = System.nanoTime() + Duration.ofSeconds(10).toNanos();
    while (true) {
      try {
        admin.describeTopics(created).allTopicNames().get();
        return;
      } catch (ExecutionException e) {
        if (!(e.getCause() instanceof UnknownTopicOrPartitionException)
            || System.nanoTime() > deadline) {
          throw e;
        }
        Thread.sleep(50);
      }
    }
  }

  private static List<Finding> check(
      Admin admin, Set<String> existing, Optional<Duration> retention)
      throws InterruptedException, ExecutionException {
    List<ConfigResource> resources =
        existing.stream().map(t -> new ConfigResource(ConfigResource.Type.TOPIC, t)).toList();
    Map<ConfigResource, Config> configs = admin.describeConfigs(resources).all().get();
    List<Finding> findings = new ArrayList<>();
    String asked = retention.map(d -> String.valueOf(d.toMillis())).orElse(UNLIMITED);
    for (ConfigResource resource : resources) {
      Config config = configs.get(resource);
      long retentionMs = longValue(config.get(TopicConfig.RETENTION_MS_CONFIG));
      long retentionBytes = longValue(config.get(TopicConfig.RETENTION_BYTES_CONFIG));
      boolean tooShort =
          retentionMs >= 0 && (retention.isEmpty() || retentionMs < retention.get().toMillis());
      if (tooShort) {
        findings.add(
            tooShort(
                resource.name(),
                TopicConfig.RETENTION_MS_CONFIG,
                asked,
                describeMillis(retentionMs)));
      }
      if (retentionBytes >= 0) {
        findings.add(
            tooShort(
                resource.name(),
                TopicConfig.RETENTION_BYTES_CONFIG,
                UNLIMITED,
                retentionBytes + " bytes"));
      }
      long maxMessage = longValue(config.get(TopicConfig.MAX_MESSAGE_BYTES_CONFIG));
      if (maxMessage >= 0 && maxMessage < MAX_MESSAGE_BYTES) {
        findings.add(
            Finding.blocker(
                "topic " + resource.name(),
                "topic %s must take messages of up to %d bytes (%s), found %d: a larger row would stop the capture"
                    .formatted(
                        resource.name(),
                        MAX_MESSAGE_BYTES,
                        TopicConfig.MAX_MESSAGE_BYTES_CONFIG,
                        maxMessage),
                "kafka-configs --bootstrap-server <servers> --alter --entity-type topics --entity-name %s --add-config %s=%d"
                    .formatted(
                        resource.name(), TopicConfig.MAX_MESSAGE_BYTES_CONFIG, MAX_MESSAGE_BYTES)));
      }
    }
    return findings;
  }

  private static Finding tooShort(String topic, String key, String value, String found) {
    return Finding.blocker(
        "topic " + topic,
        "topic %s must keep messages for the whole migration (%s=%s), found %s"
            .formatted(topic, key, value, found),
        "kafka-configs --bootstrap-server <servers> --alter --entity-type topics --entity-name %s --add-config %s=%s"
            .formatted(topic, key, value));
  }

  private static long longValue(ConfigEntry entry) {
    return entry == null || entry.value() == null ? -1 : Long.parseLong(entry.value());
  }

  static String describeMillis(long millis) {
    Duration d = Duration.ofMillis(millis);
    if (millis > 0 && millis % Duration.ofDays(1).toMillis() == 0) {
      return d.toDays() + (d.toDays() == 1 ? " day" : " days");
    }
    if (millis > 0 && millis % Duration.ofHours(1).toMillis() == 0) {
      return d.toHours() + (d.toHours() == 1 ? " hour" : " hours");
    }
    return millis + " ms";
  }
}
