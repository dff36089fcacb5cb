package io.godwit.trial;

import io.godwit.capture.PostgresSlots;
import io.godwit.config.MigrationConfig;
import io.godwit.error.GodwitException;
import io.godwit.transport.TopicRemoval;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import javax.sql.DataSource;

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
      done.add(TopicRemoval.remove(trial.kafka(), trial.workDir(), "godwit-trial-cleanup"));
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
}
