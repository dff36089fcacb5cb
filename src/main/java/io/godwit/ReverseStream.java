package io.godwit;

import com.zaxxer.hikari.HikariDataSource;
import io.godwit.apply.ApplyLoop;
import io.godwit.capture.EmbeddedCapture;
import io.godwit.config.KafkaSettings;
import io.godwit.config.MigrationConfig;
import io.godwit.cutover.CutoverDatabases;
import io.godwit.cutover.CutoverStore;
import io.godwit.cutover.Freezes;
import io.godwit.cutover.Rollback;
import io.godwit.cutover.ValidatorCheck;
import io.godwit.db.Dialect;
import io.godwit.db.OldSource;
import io.godwit.db.Pools;
import io.godwit.observe.ApplyMeters;
import io.godwit.observe.LagMonitor;
import io.godwit.schema.Carried;
import io.godwit.schema.Table;
import io.godwit.schema.TargetTable;
import io.godwit.snapshot.PausePoints;
import io.godwit.state.CutoverRecords;
import io.godwit.state.RunnerLock;
import io.godwit.state.StateStore;
import io.godwit.state.TablePhase;
import io.godwit.state.TableStates;
import io.godwit.state.ValidationRecords;
import io.godwit.transport.KafkaContinuity;
import io.godwit.transport.Topics;
import io.godwit.validate.Fence;
import io.godwit.validate.Validator;
import io.micrometer.core.instrument.MeterRegistry;
import java.sql.Connection;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import javax.sql.DataSource;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The reverse stream after a cutover (issue #16): the forward pipeline with the roles swapped. The
 * capture reads the target T from R0 (on PostgreSQL the reverse slot, which holds R0 itself; on
 * MySQL and MariaDB R0's binlog position, stored as the capture's first offset), into topics under
 * {@code <prefix>.reverse}; the applier writes each change to the old source S, with its offsets in
 * S's transaction (a {@code _godwit} store on S), past S's freeze. See the architecture's "Reverse
 * replication after cutover".
 */
final class ReverseStream {

  /** What ends the reverse stream: a stop asked of the run. */
  @FunctionalInterface
  interface Stop {
    /** Waits up to {@code millis}; true once a stop was asked. */
    boolean await(long millis) throws InterruptedException;
  }

  private static final Logger log = LoggerFactory.getLogger(ReverseStream.class);
  private static final Duration STREAMING_TIMEOUT = Duration.ofMinutes(2);
  private static final Duration LOCK_CHECK = Duration.ofSeconds(5);
  private static final String SUFFIX = "_reverse";

  private final MigrationConfig forward;
  private final MigrationConfig reverse;
  private final MeterRegistry meters;
  private final PausePoints pausePoints;

  /**
   * @param meters the registry of the reverse stream's meters ({@link
   *     io.godwit.observe.ReverseMeters})
   */
  ReverseStream(MigrationConfig forward, MeterRegistry meters, PausePoints pausePoints) {
    this.forward = forward;
    this.reverse = config(forward);
    this.meters = meters;
    this.pausePoints = pausePoints;
  }

  /**
   * The reverse stream's migration: named {@code <name>_reverse} (so its PostgreSQL slot and
   * publication are {@code godwit_<name>_reverse}, as the cutover made them, its engine, MySQL
   * server id, runner lock and state rows its own), from the target to the old source, its topics
   * under {@code <prefix>.reverse}. On a PostgreSQL old source its sessions override the freeze's
   * {@code default_transaction_read_only} and do not fire the old source's triggers ({@code
   * session_replication_role = replica}: T's carried triggers did that work already).
   */
  static MigrationConfig config(MigrationConfig forward) {
    KafkaSettings kafka = forward.kafka();
    return new MigrationConfig(
        forward.name() + SUFFIX,
        forward.workDir(),
        forward.target(),
        OldSource.pastTheFreeze(forward.source()),
        forward.tables(),
        forward.inventory(),
        forward.mapping(),
        forward.snapshot(),
        forward.apply(),
        new KafkaSettings(
            kafka.bootstrapServers(),
            kafka.topicPrefix() + ".reverse",
            kafka.partitions(),
            kafka.retention(),
            kafka.properties()),
        forward.capture(),
        forward.cutover(),
        forward.rollback(),
        forward.control(),
        forward.provenance());
  }

  /**
   * Runs the reverse stream until {@code stop} says so, a part fails or a rollback made the old
   * source take over again; a new run resumes it from the offsets stored on the old source (and, on
   * a PostgreSQL target, the slot's position). While it streams, {@code control} serves its {@link
   * Rollback}.
   *
   * @param r0 where the reverse stream started, as the cutover recorded it
   * @param target the target's pool (the captured side now)
   * @param tables the migrated tables, source to target
   * @return true when it ended by a rollback: the old source has taken over
   */
  boolean run(
      String bootstrap,
      String r0,
      DataSource target,
      List<TargetTable> tables,
      Stop stop,
      RunControl control)
      throws Exception {
    List<TargetTable> back =
        ReverseTables.read(tables, target, forward.target().engine(), forward.source().engine());
    try (HikariDataSource oldSource =
        Pools.open(reverse.target(), "old-source", reverse.snapshot().workers())) {
      StateStore store = StateStore.prepare(reverse, oldSource);
      try (RunnerLock lock = store.acquire(reverse.name(), RunnerLock.runnerName())) {
        lock.watch(LOCK_CHECK);
        return streamLocked(
            bootstrap, r0, target, oldSource, tables, back, store, lock, stop, control);
      }
    }
  }

  private boolean streamLocked(
      String bootstrap,
      String r0,
      DataSource target,
      DataSource oldSource,
      List<TargetTable> tables,
      List<TargetTable> back,
      StateStore store,
      RunnerLock lock,
      Stop stop,
      RunControl control)
      throws Exception {
    TableStates states = new TableStates(reverse.name(), lock.epoch());
    ApplyMeters applyMeters = new ApplyMeters(meters);
    ReverseRunning running = new ReverseRunning(reverse.name(), r0, applyMeters, oldSource, states);
    Rollback rollback = rollback(bootstrap, r0, target, oldSource, back, store, lock, running);
    rollback.recover().ifPresent(message -> log.warn("Rollback: {}", message));
    if (rollback.finished()) {
      log.info(
          "Rolled back: the old source of {} has taken over; no reverse stream", forward.name());
      return true;
    }
    follow(oldSource, back, states);
    KafkaContinuity continuity = continuity(bootstrap, back, oldSource);
    continuity.verify();
    store.log(reverse.name(), "capture", "starting");
    EmbeddedCapture capture = capture(bootstrap, r0, back);
    capture.start();
    control.reverse(running);
    try {
      Map<String, Object> from = capture.awaitStreaming(STREAMING_TIMEOUT);
      store.log(reverse.name(), "capture", "streaming from " + from);
      log.info("Reverse stream: capture of the target streaming from {}", from);
      continuity.record();
      ApplyLoop apply =
          new RunApply(
                  reverse,
                  pausePoints,
                  applyMeters,
                  current(back),
                  // the schema check sees the target's tables as the reverse stream writes them:
                  // mapped back onto the old source's own column types, not translated anew from
                  // the target's (int4 translates to MariaDB's int, which the old source holds as
                  // int(11), and would read as a retyped column)
                  (captured, old) ->
                      ReverseTables.read(
                          tables, captured, forward.target().engine(), forward.source().engine()))
              .loop(bootstrap, back, target, oldSource, store, lock.epoch());
      Thread applier = new Thread(apply, "godwit-apply-" + reverse.name());
      applier.setDaemon(true);
      applier.start();
      LagMonitor lag =
          new LagMonitor(target, oldSource, states, capture.progress(), apply, applyMeters, meters)
              .start();
      RunningParts parts = new RunningParts(target, capture, apply, lag);
      running.streaming(parts);
      control.rollback(rollback);
      try {
        while (!stop.await(500) && !rollback.ended()) {
          parts.throwFailure(lock);
        }
      } finally {
        rollback.abortIfRunning(
            "the reverse stream stopped (the run was asked to stop, or failed)");
        control.rollback(null);
        lag.close();
        apply.close();
        applier.join(30_000);
      }
      if (rollback.finished()) {
        log.info(
            "Rolled back: the old source of {} has taken over; the reverse stream ends",
            forward.name());
      }
      return rollback.finished();
    } finally {
      control.reverse(null);
      capture.close();
    }
  }

  /**
   * The rollback of this reverse stream: the cutover's freeze on the target, its freeze of the old
   * source lifted at the end, the final validation old source against target in the cutover's
   * {@code final-validation} mode, the old source's identity counters set past the target's, its
   * attempts in the old source's state store under the reverse migration's name, fenced by this
   * runner's lock.
   *
   * <p>In {@code changed} mode a table is compared by the keys of its reverse topic's events since
   * its last clean {@code godwit validate --reverse} (which recorded the reverse applier's offsets
   * on the old source when it began), and by its row counts. Only those rows can differ: the old
   * source is frozen, so nothing but the reverse applier writes to it, and the applier writes only
   * rows of keys in the topic. Without such a baseline (never validated in reverse, or not clean)
   * the table is compared in full.
   */
  private Rollback rollback(
      String bootstrap,
      String r0,
      DataSource target,
      DataSource oldSource,
      List<TargetTable> back,
      StateStore store,
      RunnerLock lock,
      ReverseRunning running) {
    Dialect targetDialect = Dialect.of(forward.target().engine());
    Dialect sourceDialect = Dialect.of(forward.source().engine());
    ValidationRecords validations = new ValidationRecords(oldSource, reverse.name(), lock.epoch());
    return new Rollback(
        forward.name(),
        r0,
        forward.cutover(),
        forward.rollback().doneHook(),
        new Rollback.Parts(
            CutoverDatabases.of(
                target,
                targetDialect,
                oldSource,
                sourceDialect,
                back,
                Carried.none(),
                Optional.empty()),
            Freezes.of(forward.cutover(), target, targetDialect),
            Freezes.of(forward.cutover(), oldSource, sourceDialect),
            running,
            new ValidatorCheck(
                Validator.of(reverse, target, oldSource, Fence.NONE, meters, validations),
                validations,
                new CutoverRecords(oldSource, reverse.name()),
                () -> back,
                forward.cutover().finalValidation(),
                RunCutover.changedKeys(reverse, () -> bootstrap),
                "godwit validate --reverse",
                "godwit rollback"),
            CutoverStore.of(
                new CutoverRecords(oldSource, reverse.name(), lock.epoch()), store, reverse.name()),
            pausePoints,
            Clock.systemUTC()));
  }

  /**
   * Records each table the reverse stream follows as copied, in S's state store: there is no
   * snapshot, since at R0 the old source equals the target (the cutover's final validation proved
   * it with the old source frozen), so the applier streams each table from the start of its topic.
   * The errors of an earlier run are cleared, as a forward run clears them: a table stopped by a
   * change the old source rejected is tried again from its stored offsets.
   */
  private static void follow(DataSource oldSource, List<TargetTable> back, TableStates states)
      throws Exception {
    try (Connection c = oldSource.getConnection()) {
      Map<String, TablePhase> known = states.all(c);
      c.setAutoCommit(false);
      states.clearErrors(c);
      for (TargetTable t : back) {
        String table = t.source().name();
        if (!known.containsKey(table)) {
          states.add(c, table, t.schema() + "." + t.name(), t.definition());
          states.move(c, table, TablePhase.PENDING, TablePhase.COPYING, 0);
          states.move(c, table, TablePhase.COPYING, TablePhase.COPIED, 0);
        }
      }
      c.commit();
    }
  }

  /**
   * The capture of the target from R0: on PostgreSQL from the reverse slot, which the cutover moved
   * to R0; on MySQL and MariaDB from R0's binlog position and GTIDs, stored as the capture's offset
   * on its first start. A restarted capture resumes from its own stored offset.
   */
  private EmbeddedCapture capture(String bootstrap, String r0, List<TargetTable> back) {
    List<Table> captured = back.stream().map(TargetTable::source).toList();
    return Dialect.of(forward.target().engine())
        .reverseStart()
        .binlogPosition(r0)
        .map(at -> EmbeddedCapture.fromPosition(reverse, captured, bootstrap, at))
        .orElseGet(() -> EmbeddedCapture.fromSlot(reverse, captured, bootstrap));
  }

  private static Map<String, TargetTable> current(List<TargetTable> back) {
    Map<String, TargetTable> current = new ConcurrentHashMap<>();
    back.forEach(t -> current.put(t.source().name(), t));
    return current;
  }

  /** The check that the Kafka log is the one S's reverse offsets belong to (step 7). */
  private KafkaContinuity continuity(
      String bootstrap, List<TargetTable> back, DataSource oldSource) {
    String prefix = reverse.kafka().topicPrefix();
    List<String> topics = new ArrayList<>();
    back.forEach(t -> topics.add(Topics.forTable(prefix, t.source().schema(), t.source().name())));
    topics.add(Topics.offsets(prefix));
    return KafkaContinuity.of(reverse, bootstrap, oldSource, topics);
  }
}
