package io.godwit;

import com.zaxxer.hikari.HikariDataSource;
import io.godwit.capture.PostgresSlots;
import io.godwit.config.MigrationConfig;
import io.godwit.db.OldSource;
import io.godwit.db.Pools;
import io.godwit.error.ErrorCode;
import io.godwit.error.GodwitException;
import io.godwit.state.AttemptState;
import io.godwit.state.CutoverRecords;
import io.godwit.state.RunnerLock;
import io.godwit.state.StateStore;
import io.godwit.transport.TopicRemoval;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import javax.sql.DataSource;

/**
 * {@code godwit finish}: once a migration is cut over (and, if it went back, rolled back), removes
 * what it keeps outside the databases' tables so that nothing is left behind: the PostgreSQL
 * source's replication slot and publication {@code godwit_<name>}, the PostgreSQL target's reverse
 * slot and publication {@code godwit_<name>_reverse}, and the change topics (forward and reverse).
 * It holds the migration's runner lock while it works, so it refuses while {@code godwit run} runs,
 * and it records the migration finished, which a later run or snapshot refuses. The state store's
 * history stays for the report. Running it again removes what is still there.
 */
record FinishCommand(MigrationConfig config) {

  /** A PostgreSQL side's slot and publication {@code godwit_<migration>}. */
  private record Slot(DataSource pool, String migration, String side) {}

  /** What was removed, or with {@code dryRun} what would be, one line each. */
  List<String> finish(boolean dryRun) throws Exception {
    // the cutover leaves the source frozen, a rollback the target: Godwit's clean-up writes past it
    try (HikariDataSource source = Pools.open(OldSource.writable(config.source()), "source", 0);
        HikariDataSource target = Pools.open(OldSource.writable(config.target()), "target", 0)) {
      StateStore store = StateStore.prepare(config, target);
      String ended = ended(target);
      try (RunnerLock lock = store.acquire(config.name(), RunnerLock.runnerName())) {
        List<String> done = new ArrayList<>();
        done.add("migration %s %s".formatted(config.name(), ended));
        List<Slot> slots = new ArrayList<>();
        if (PostgresSlots.keptOn(config.source().engine())) {
          slots.add(new Slot(source, config.name(), "source"));
        }
        if (PostgresSlots.keptOn(config.target().engine())) {
          slots.add(new Slot(target, ReverseStream.config(config).name(), "target"));
        }
        if (dryRun) {
          slots.forEach(
              s ->
                  done.add(
                      "would drop the slot and publication godwit_%s on the %s"
                          .formatted(s.migration(), s.side())));
          done.add(
              config.kafka().embedded()
                  ? "would delete %s, the embedded broker's topics"
                      .formatted(RunKafka.brokerData(config))
                  : "would delete the topics under %s".formatted(config.kafka().topicPrefix()));
          return done;
        }
        for (Slot s : slots) {
          done.add(dropped(PostgresSlots.drop(s.pool(), s.migration()), s.side()));
        }
        done.add(TopicRemoval.remove(config.kafka(), RunKafka.brokerData(config), "godwit-finish"));
        store.finished(config.name());
        store.log(config.name(), "finish", String.join("; ", done));
        return done;
      }
    }
  }

  /**
   * How the migration ended: its last cutover attempt, which must be done, or {@code rolled-back}
   * (recorded there by a run forward again after a rollback: the old source is the primary, and
   * finishing ends the way forward).
   *
   * @throws GodwitException when it is not cut over: finishing would drop what the run resumes from
   */
  private String ended(DataSource target) throws Exception {
    Optional<CutoverRecords.Attempt> last = new CutoverRecords(target, config.name()).latest();
    if (last.isPresent() && last.get().state() == AttemptState.ROLLED_BACK) {
      return "rolled back at %s".formatted(last.get().finishedAt());
    }
    if (last.isEmpty() || last.get().state() != AttemptState.DONE) {
      throw new GodwitException(
          ErrorCode.MIGRATION_STATE,
          ("migration %s is not cut over (its last cutover attempt: %s): finishing now would drop"
                  + " the replication slot and the change topics its next `godwit run` resumes"
                  + " from; nothing was removed; fix: cut over first (`godwit cutover`), or, to"
                  + " abandon the migration, `godwit run --drop-slot` and delete its topics")
              .formatted(config.name(), last.isEmpty() ? "none" : last.get().state().label()));
    }
    return "cut over at %s".formatted(last.get().finishedAt());
  }

  private static String dropped(PostgresSlots.Dropped dropped, String side) {
    return "slot and publication %s on the %s %s"
        .formatted(
            dropped.name(),
            side,
            dropped.slot() || dropped.publication() ? "dropped" : "not there");
  }
}
