package io.godwit.transport;

import io.godwit.config.KafkaSettings;
import io.godwit.error.ErrorCode;
import io.godwit.error.GodwitException;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Comparator;
import java.util.Set;
import java.util.concurrent.ExecutionException;
import java.util.stream.Collectors;
import java.util.stream.Stream;
import org.apache.kafka.clients.admin.Admin;

/**
 * Removes a migration's change topics once nothing will read them again: the embedded broker's
 * whole data directory, or on an external cluster the topics under the migration's prefix (those
 * Debezium names {@code <prefix>.<schema>.<table>}, its other topics ending in {@code .<prefix>},
 * and so the reverse stream's under {@code <prefix>.reverse} too).
 */
public final class TopicRemoval {

  private TopicRemoval() {}

  /**
   * @param embeddedData the embedded broker's data directory, deleted when {@code kafka} is the
   *     embedded broker (which must not be running)
   * @param clientId the admin client's id on an external cluster
   * @return what was removed, one line
   */
  public static String remove(KafkaSettings kafka, Path embeddedData, String clientId)
      throws IOException, InterruptedException {
    return kafka.embedded()
        ? deleteDirectory(embeddedData)
        : deleteTopics(kafka, kafka.bootstrapServers(), clientId);
  }

  /**
   * Deletes the topics under {@code kafka}'s prefix on a running broker, the embedded one too; a
   * broker without them deletes nothing.
   *
   * @param bootstrap the broker's bootstrap servers
   * @return what was removed, one line
   */
  public static String removeTopics(KafkaSettings kafka, String bootstrap, String clientId)
      throws InterruptedException {
    return deleteTopics(kafka, bootstrap, clientId);
  }

  private static String deleteDirectory(Path dir) throws IOException {
    if (!Files.exists(dir)) {
      return "%s (the embedded broker's topics) not there".formatted(dir);
    }
    try (Stream<Path> files = Files.walk(dir)) {
      for (Path p : files.sorted(Comparator.reverseOrder()).toList()) {
        Files.delete(p);
      }
    }
    return "%s with the embedded broker's topics deleted".formatted(dir);
  }

  private static String deleteTopics(KafkaSettings kafka, String bootstrap, String clientId)
      throws InterruptedException {
    String prefix = kafka.topicPrefix();
    KafkaClients clients = new KafkaClients(kafka, bootstrap);
    try (Admin admin = Admin.create(clients.admin(clientId))) {
      Set<String> topics =
          admin.listTopics().names().get().stream()
              .filter(t -> t.startsWith(prefix + ".") || t.endsWith("." + prefix))
              .collect(Collectors.toSet());
      admin.deleteTopics(topics).all().get();
      return "%d topics under %s deleted".formatted(topics.size(), prefix);
    } catch (ExecutionException e) {
      throw new GodwitException(
          ErrorCode.KAFKA,
          "could not delete the topics under %s: %s; fix: delete them with kafka-topics.sh"
              .formatted(prefix, e.getCause()),
          e);
    }
  }
}
