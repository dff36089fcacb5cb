package io.godwit.transport;

import io.godwit.config.MigrationConfig;
import io.godwit.error.ErrorCode;
import io.godwit.error.GodwitException;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.concurrent.ExecutionException;
import org.apache.kafka.clients.admin.Admin;

/**
 * A first capture into a target must start from an empty change stream. Kafka holding changes under
 * the migration's topics already means an earlier run whose target state is gone (the target or its
 * {@code _godwit} schema was recreated, or the migration renamed onto old topics): its capture
 * would resume from its old position and the applier would replay its changes onto the new copy,
 * bringing back rows since deleted by a DROP or TRUNCATE that no change event records.
 */
public final class OlderChangeStream {

  private OlderChangeStream() {}

  /**
   * Refuses, naming the topics and the fix, when Kafka holds changes under the migration's table
   * topics or its capture offsets topic.
   *
   * @param bootstrap the Kafka the capture writes to
   * @param tableTopics the topics of the migration's tables
   */
  public static void refuse(MigrationConfig config, String bootstrap, List<String> tableTopics) {
    String prefix = config.kafka().topicPrefix();
    List<String> ours = new ArrayList<>(tableTopics);
    ours.add(Topics.offsets(prefix));
    KafkaClients clients = new KafkaClients(config.kafka(), bootstrap);
    try (Admin admin = Admin.create(clients.admin("godwit-" + config.name() + "-check-admin"))) {
      Set<String> existing = admin.listTopics().names().get();
      List<String> present = ours.stream().filter(existing::contains).toList();
      if (present.isEmpty()) {
        return;
      }
      List<String> holding =
          Topics.endOffsets(admin, present).entrySet().stream()
              .filter(e -> e.getValue() > 0)
              .map(e -> e.getKey().topic())
              .distinct()
              .sorted()
              .toList();
      if (!holding.isEmpty()) {
        throw new GodwitException(
            ErrorCode.KAFKA_CONTINUITY,
            ("Kafka already holds a change stream for migration %s (%s), but this target has no"
                    + " record of a capture: it belongs to an earlier run whose target state was"
                    + " dropped, and applying it would bring back rows the source no longer has;"
                    + " fix: %s, or give the migration another kafka.topic-prefix")
                .formatted(
                    config.name(),
                    String.join(", ", holding),
                    config.kafka().embedded()
                        ? "delete the embedded broker's data ("
                            + config.workDir().resolve("kafka")
                            + ")"
                        : "delete the topics " + prefix + ".*"));
      }
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException("interrupted while listing Kafka's topics", e);
    } catch (ExecutionException e) {
      throw new GodwitException(
          ErrorCode.KAFKA,
          "cannot list Kafka's topics: " + e.getCause().getMessage(),
          e.getCause());
    }
  }
}
