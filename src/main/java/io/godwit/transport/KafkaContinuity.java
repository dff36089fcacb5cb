package io.godwit.transport;

import io.godwit.config.MigrationConfig;
import io.godwit.state.KafkaIdentities;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeMap;
import javax.sql.DataSource;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.TopicDescription;

/**
 * Correctness step 7 at start: the offsets stored in the target are only meaningful on the Kafka
 * log they were taken from. The first run records the cluster's id and the ids of the migration's
 * topics; every later run compares them before the capture starts and refuses a new cluster (the
 * embedded broker's data deleted, another {@code kafka.bootstrap-servers}) or a topic deleted or
 * recreated, instead of streaming from "now" and losing what the source changed in between.
 */
public final class KafkaContinuity {

  private final KafkaClients clients;
  private final String migration;
  private final KafkaIdentities identities;
  private final List<String> topics;
  private final String restore;

  /**
   * @param topics the migration's topics: tables, capture offsets and schema history
   * @param restore how to give the migration its earlier Kafka data back, for the error's fix
   */
  public KafkaContinuity(
      KafkaClients clients,
      String migration,
      KafkaIdentities identities,
      List<String> topics,
      String restore) {
    this.clients = clients;
    this.migration = migration;
    this.identities = identities;
    this.topics = List.copyOf(topics);
    this.restore = restore;
  }

  /**
   * The check for a migration whose offsets and Kafka identities are stored in {@code store}'s
   * {@code _godwit}, with the fix that fits its Kafka: the embedded broker's data directory, or the
   * cluster {@code kafka.bootstrap-servers} named before.
   *
   * @param topics the migration's topics: tables, capture offsets and, where kept, schema history
   */
  public static KafkaContinuity of(
      MigrationConfig config, String bootstrap, DataSource store, List<String> topics) {
    return new KafkaContinuity(
        new KafkaClients(config.kafka(), bootstrap),
        config.name(),
        new KafkaIdentities(store, config.name()),
        topics,
        config.kafka().embedded()
            ? "if a copy of the embedded broker's data survives, put it back in "
                + config.workDir().resolve("kafka")
            : "if the earlier cluster still holds the topics, point kafka.bootstrap-servers back"
                + " at it");
  }

  /**
   * Refuses, with a {@link KafkaContinuityException}, when the cluster or one of the recorded
   * topics is not the one recorded. Reads only: nothing is created or recorded.
   */
  public void verify() throws SQLException {
    KafkaIdentities.Recorded recorded = identities.load();
    if (recorded.clusterId().isEmpty() && recorded.topicIds().isEmpty()) {
      return;
    }
    try (Admin admin = admin()) {
      Optional<String> difference =
          difference(recorded, clusterId(admin), topicIds(admin, recorded.topicIds().keySet()));
      if (difference.isPresent()) {
        throw new KafkaContinuityException(
            ("%s: the changes captured before, and those the source made while the migration was"
                    + " stopped, are not in this Kafka, and applying from it would lose them"
                    + " without a trace, so the run stops before capturing anything; fix: %s,"
                    + " then run again, or %s")
                .formatted(difference.get(), restore, afresh()));
      }
    }
  }

  /** Records the cluster's id and the ids of the migration's topics that exist now. */
  public void record() throws SQLException {
    try (Admin admin = admin()) {
      identities.record(clusterId(admin), topicIds(admin, Set.copyOf(topics)));
    }
  }

  /** The fix for a change stream that cannot be continued: a new copy and a new stream. */
  public static String afresh() {
    return "start the migration afresh: stop it, drop its tables on the target and delete its"
        + " state (its rows in the _godwit tables), then run again; the tables are copied anew and"
        + " stream from the new position";
  }

  /** What differs between the recorded identities and Kafka's, in words; empty when nothing. */
  Optional<String> difference(
      KafkaIdentities.Recorded recorded, String clusterId, Map<String, String> topicIds) {
    if (recorded.clusterId().isPresent() && !recorded.clusterId().get().equals(clusterId)) {
      return Optional.of(
          ("the Kafka cluster of migration %s changed since its last run (cluster id %s recorded"
                  + " with the applied offsets, %s at %s now)")
              .formatted(
                  migration, recorded.clusterId().get(), clusterId, clients.bootstrapServers()));
    }
    List<String> changed = new ArrayList<>();
    for (Map.Entry<String, String> topic : new TreeMap<>(recorded.topicIds()).entrySet()) {
      if (!topics.contains(topic.getKey())) {
        continue;
      }
      String now = topicIds.get(topic.getKey());
      if (now == null) {
        changed.add(topic.getKey() + " was deleted");
      } else if (!now.equals(topic.getValue())) {
        changed.add(
            "%s was deleted and created again (topic id %s recorded, %s now)"
                .formatted(topic.getKey(), topic.getValue(), now));
      }
    }
    if (changed.isEmpty()) {
      return Optional.empty();
    }
    return Optional.of(
        "topics of migration %s changed since its last run: %s"
            .formatted(migration, String.join("; ", changed)));
  }

  private Admin admin() {
    return Admin.create(clients.admin("godwit-" + migration + "-continuity"));
  }

  private static String clusterId(Admin admin) {
    return KafkaCalls.await(
        admin.describeCluster().clusterId(),
        "read the Kafka cluster's id",
        "describe the cluster and the migration's topics");
  }

  /** The ids of those of {@code names} that exist. */
  private static Map<String, String> topicIds(Admin admin, Set<String> names) {
    List<String> existing =
        KafkaCalls.await(
                admin.listTopics().names(),
                "read the Kafka topics",
                "describe the cluster and the migration's topics")
            .stream()
            .filter(names::contains)
            .toList();
    Map<String, String> ids = new TreeMap<>();
    if (existing.isEmpty()) {
      return ids;
    }
    Map<String, TopicDescription> described =
        KafkaCalls.await(
            admin.describeTopics(existing).allTopicNames(),
            "read the topics " + existing,
            "describe the cluster and the migration's topics");
    described.forEach((name, d) -> ids.put(name, d.topicId().toString()));
    return ids;
  }
}
