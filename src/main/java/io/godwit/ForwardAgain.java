package io.godwit;

import com.zaxxer.hikari.HikariDataSource;
import io.godwit.capture.PostgresSlots;
import io.godwit.config.MigrationConfig;
import io.godwit.cutover.Rollback;
import io.godwit.db.Dialect;
import io.godwit.db.OldSource;
import io.godwit.db.Pools;
import io.godwit.state.AttemptState;
import io.godwit.state.CutoverRecords;
import io.godwit.state.RunnerEpoch;
import io.godwit.state.StateStore;
import io.godwit.transport.TopicRemoval;
import java.sql.SQLException;
import java.util.List;
import java.util.Optional;
import javax.sql.DataSource;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Running a migration forward again after a rollback (issue #16): the old source S is the primary
 * again, the target T stays frozen by the rollback, and {@code godwit run} resumes the forward
 * stream S to T from where the cutover stopped it, until a new cutover.
 *
 * <p><b>Where it resumes, and why T ends equal to S.</b> The forward capture resumes from its own
 * stored position (on a PostgreSQL S its slot {@code godwit_<name>}, which kept S's WAL since the
 * cutover; on MariaDB its binlog offsets in the offsets topic) and the forward applier from its
 * offsets in T's store: both at the cutover's drain, since nothing reached S from the freeze on but
 * the reverse applier. So the changes replayed onto T are S's since the cutover, in S's commit
 * order: first the reverse applier's writes (echoes of T's own writes after the cutover), then the
 * application's writes on S after the rollback. When the rollback was done, S equalled T (its final
 * validation proved it, T frozen), so T's rows now are S's at the rollback plus nothing (T is
 * frozen). This is the design's snapshot argument with T's current rows as the snapshot and the
 * cutover's drain as P0: every row T holds was read after P0 (it is S's row at the rollback, later
 * than P0), and each change from P0 on is applied by key, idempotently, with the full row image (an
 * insert of a key T holds overwrites it, an update of a key T lacks inserts it, a delete of a key T
 * lacks deletes nothing). The last change of a key in S's order leaves that key as S has it; a key
 * with no change after P0 was the same at P0, at the rollback and now. So once the replay passes
 * S's current position, T equals S.
 *
 * <p><b>Unique constraints.</b> Replaying an older change of one key onto rows already newer passes
 * through states S never had together, as after a snapshot: a unique value that moved from one row
 * to another after the cutover is, while the older change is replayed, on both. A live snapshot
 * avoids this by building its unique indexes only after the replay passed the copy's end ({@link
 * UniqueIndexes}); here T has its unique indexes from the cutover, and the applier, as it does with
 * any change T refuses, stops that table with T's message (counted in {@code status}); {@code
 * godwit resnapshot} of the table copies it again. Foreign keys do not refuse a replay: T's
 * sessions write with {@code session_replication_role = replica} on PostgreSQL and {@code
 * foreign_key_checks = 0} on MariaDB and MySQL ({@link OldSource#pastTheFreeze}).
 *
 * <p><b>Past T's freeze.</b> The rollback froze T for the application; Godwit's sessions on T write
 * past it as the reverse applier writes past S's ({@link OldSource#pastTheFreeze}), until the next
 * cutover's done step lifts T's freeze (read-only mode) before its done hook.
 *
 * <p><b>The way back starts clean.</b> A new cutover takes a new R0 and starts a new reverse
 * stream; nothing of the old one may leak into it. So before the forward stream starts, T's state
 * store records the rollback as a cutover attempt {@code rolled-back} (its downtime copied from the
 * reverse migration's attempt on S, its end the time it was recorded), which is what later runs
 * read to run forward (the latest of T's {@code done} and {@code rolled-back} attempts decides);
 * then the reverse migration's state on S (offsets, table states, attempts, validations, Kafka
 * continuity) is forgotten, its slot and publication {@code godwit_<name>_reverse} on a PostgreSQL
 * T dropped and its topics under {@code <prefix>.reverse} deleted. Each of these is done again by
 * every run until a new cutover is done, so a crash between them leaves nothing behind.
 */
final class ForwardAgain {

  private static final Logger log = LoggerFactory.getLogger(ForwardAgain.class);

  private final MigrationConfig config;
  private final MigrationConfig reverse;

  /** The reverse migration's rollback not yet recorded on T; empty once it is. */
  private final Optional<CutoverRecords.Attempt> unrecorded;

  private ForwardAgain(MigrationConfig config, Optional<CutoverRecords.Attempt> unrecorded) {
    this.config = config;
    this.reverse = ReverseStream.config(config);
    this.unrecorded = unrecorded;
  }

  /**
   * The run forward again of a rolled-back migration; empty when it was not rolled back (or a
   * cutover was done since). Reads T's cutover attempts and, after a done one, the reverse
   * migration's latest attempt on S; writes nothing.
   *
   * @param source S's pool
   */
  static Optional<ForwardAgain> of(MigrationConfig config, DataSource source) throws Exception {
    List<CutoverRecords.Attempt> attempts;
    try (HikariDataSource target = Pools.open(config.target(), "target", 0)) {
      attempts = attempts(new CutoverRecords(target, config.name()));
    }
    Optional<AttemptState> ended =
        attempts.stream()
            .map(CutoverRecords.Attempt::state)
            .filter(s -> s == AttemptState.DONE || s == AttemptState.ROLLED_BACK)
            .reduce((first, second) -> second);
    if (ended.isEmpty()) {
      return Optional.empty();
    }
    if (ended.get() == AttemptState.ROLLED_BACK) {
      return Optional.of(new ForwardAgain(config, Optional.empty()));
    }
    Optional<CutoverRecords.Attempt> rollback =
        attempts(new CutoverRecords(source, ReverseStream.config(config).name())).stream()
            .reduce((first, second) -> second)
            .filter(a -> a.state() == AttemptState.ROLLED_BACK);
    return rollback.map(r -> new ForwardAgain(config, Optional.of(r)));
  }

  /**
   * Every attempt {@code records} hold; none where the user may not read the state store: such a
   * user never recorded one there, and the preflight names the grant it lacks.
   */
  private static List<CutoverRecords.Attempt> attempts(CutoverRecords records) throws SQLException {
    try {
      return records.all();
    } catch (SQLException e) {
      if (!StateStore.isMissingPrivilege(e)) {
        throw e;
      }
      return List.of();
    }
  }

  /**
   * The migration as this run sees it: its sessions on T write past the rollback's freeze (and on a
   * PostgreSQL T fire no triggers, as a replica's: the replayed rows are S's, whose own triggers
   * did that work).
   */
  MigrationConfig config() {
    return config.withTarget(OldSource.pastTheFreeze(config.target()));
  }

  /**
   * Before the forward stream starts, under the runner lock on T: records the rollback on T, then
   * forgets the old reverse stream on both sides (its topics are deleted by {@link #dropTopics},
   * once the run's broker is up).
   *
   * @param target T's pool, past its freeze
   * @param store T's state store
   * @param source S's pool
   */
  void resume(DataSource target, StateStore store, RunnerEpoch epoch, DataSource source)
      throws Exception {
    if (unrecorded.isPresent()) {
      CutoverRecords.Attempt rollback = unrecorded.get();
      CutoverRecords records = new CutoverRecords(target, config.name(), epoch);
      int attempt = records.begin(AttemptState.ROLLED_BACK, "rollback", rollback.freezeMode());
      records.finish(attempt, AttemptState.ROLLED_BACK, rollback.downtimeMs(), null);
      store.log(
          config.name(),
          "cutover",
          ("rolled back by %s attempt %d at %s; running forward again from the forward stream's"
                  + " stored positions")
              .formatted(reverse.name(), rollback.attempt(), rollback.finishedAt()));
      if (!doneStepRan(rollback)) {
        String hook =
            ("the process stopped once the old source was unfrozen, before the rollback's done"
                + " step: rollback.done-hook did not run; fix: point the application at the"
                + " old source yourself");
        log.warn("Running forward again after rollback attempt {}: {}", rollback.attempt(), hook);
        store.log(config.name(), "cutover", hook);
      }
    }
    if (PostgresSlots.keptOn(config.target().engine())) {
      PostgresSlots.Dropped dropped = PostgresSlots.drop(target, reverse.name());
      log.info(
          "Running forward again: the old reverse slot and publication {} on the target {}",
          dropped.name(),
          dropped.slot() || dropped.publication() ? "dropped" : "not there");
    }
    new StateStore(source, Dialect.of(config.source().engine())).forget(reverse.name());
  }

  /**
   * Whether the rollback's done step ended: a process stopped after the unfreeze step left the
   * attempt rolled back without it, and {@code rollback.done-hook} never ran.
   */
  private static boolean doneStepRan(CutoverRecords.Attempt rollback) {
    return rollback.steps().stream()
        .anyMatch(s -> s.step().equals(Rollback.Step.DONE.label()) && s.finishedAt() != null);
  }

  /**
   * Deletes the old reverse stream's topics, under {@code <prefix>.reverse}, on the run's broker.
   */
  String dropTopics(String bootstrap) throws InterruptedException {
    return TopicRemoval.removeTopics(
        reverse.kafka(), bootstrap, "godwit-" + config.name() + "-forward-again");
  }
}
