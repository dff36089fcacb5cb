package io.godwit.trial;

import io.godwit.capture.PostgresSlots;
import io.godwit.config.MigrationConfig;
import io.godwit.error.ErrorCode;
import io.godwit.error.GodwitException;
import io.godwit.transport.KafkaClients;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Set;
import java.util.stream.Collectors;
import java.util.stream.Stream;
import javax.sql.DataSource;
import org.apache.kafka.clients.admin.Admin;

/**
 * Removes what a trial's run leaves outside the staging target once it stopped: the PostgreSQL
 * source's replication slot and publication, and the change topics (the embedded broker's whole
 * data directory, or the trial prefix's topics on an external cluster). Each step runs even when an
 * earlier one failed; the first failure is thrown at the end.
 */
public final class TrialCleanup {

  private static final Duration SLOT_RELEASE = Duration.ofSeconds(30);

  private TrialCleanup() {}

  /**
   * @return what was removed, one line each
   */
  public static List<String> clean(MigrationConfig trial, DataSource source) throws Exception {
    List<String> done = new ArrayList<>();
    Exception first = null;
    try {
      done.add(dropSlot(trial, source));
    } catch (Exception e) {
      first = e;
    }
    try {
      done.add(trial.kafka().embedded() ? deleteWorkDir(trial.workDir()) : deleteTopics(trial));
    } catch (Exception e) {
      if (first == null) {
        first = e;
      } else {
        first.addSuppressed(e);
      }
    }
    if (first != null) {
      throw first;
    }
    return done;
  }

  private static String dropSlot(MigrationConfig trial, DataSource source) throws Exception {
    if (!PostgresSlots.keptOn(trial.source().engine())) {
      return "no replication slot: a MySQL/MariaDB source keeps none";
    }
    long deadline = System.nanoTime() + SLOT_RELEASE.toNanos();
    while (true) {
      try {
        PostgresSlots.Dropped dropped = PostgresSlots.drop(source, trial.name());
        return "replication slot and publication %s %s on the source"
            .formatted(
                dropped.name(), dropped.slot() || dropped.publication() ? "dropped" : "not there");
      } catch (GodwitException e) {
        if (System.nanoTime() > deadline) {
          throw e;
        }
        Thread.sleep(200);
      }
    }
  }

  private static String deleteWorkDir(Path dir) throws IOException {
    if (!Files.exists(dir)) {
      return "work directory %s (the embedded broker's topics) not there".formatted(dir);
    }
    try (Stream<Path> files = Files.walk(dir)) {
      for (Path p : files.sorted(Comparator.reverseOrder()).toList()) {
        Files.delete(p);
      }
    }
    return "work directory %s with the embedded broker's topics deleted".formatted(dir);
  }

  private static String deleteTopics(MigrationConfig trial) throws Exception {
    String prefix = trial.kafka().topicPrefix();
    KafkaClients clients = new KafkaClients(trial.kafka(), trial.kafka().bootstrapServers());
    try (Admin admin = Admin.create(clients.admin("godwit-trial-cleanup"))) {
      Set<String> topics =
          admin.listTopics().names().get().stream()
              .filter(t -> t.startsWith(prefix + ".") || t.endsWith("." + prefix))
              .collect(Collectors.toSet());
      admin.deleteTopics(topics).all().get();
      return "%d topics under %s deleted".formatted(topics.size(), prefix);
    } catch (java.util.concurrent.ExecutionException e) {
      throw new GodwitException(
          ErrorCode.KAFKA,
          "could not delete the trial's topics under %s: %s; fix: delete them with kafka-topics.sh"
              .formatted(prefix, e.getCause()),
          e);
    }
  }
}
