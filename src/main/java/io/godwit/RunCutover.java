package io.godwit;

import io.godwit.apply.ChangedKeys;
import io.godwit.config.CutoverSettings;
import io.godwit.config.MigrationConfig;
import io.godwit.cutover.Cutover;
import io.godwit.cutover.CutoverDatabases;
import io.godwit.cutover.CutoverMeters;
import io.godwit.cutover.CutoverStore;
import io.godwit.cutover.FinalValidation;
import io.godwit.cutover.Freeze;
import io.godwit.cutover.Freezes;
import io.godwit.cutover.RunningMigration;
import io.godwit.cutover.ValidatorCheck;
import io.godwit.db.Dialect;
import io.godwit.error.ErrorCode;
import io.godwit.error.GodwitException;
import io.godwit.plan.ReverseCapture;
import io.godwit.schema.Carried;
import io.godwit.schema.TargetTable;
import io.godwit.snapshot.PausePoints;
import io.godwit.state.AttemptState;
import io.godwit.state.CutoverRecords;
import io.godwit.state.RunnerEpoch;
import io.godwit.state.StateStore;
import io.godwit.state.ValidationRecords;
import io.godwit.transport.KafkaClients;
import io.godwit.transport.Topics;
import io.godwit.validate.Fence;
import io.godwit.validate.Validator;
import io.micrometer.core.instrument.MeterRegistry;
import java.sql.Connection;
import java.time.Clock;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Properties;
import java.util.function.Supplier;
import javax.sql.DataSource;

/**
 * Builds a run's {@link Cutover} from its parts: the databases, the freeze, the final validation
 * over the tables as they are now, and the records in the state store. Tells whether the migration
 * was cut over already, and where its reverse stream starts.
 */
final class RunCutover {

  /** Beyond this many changed keys in a table, its final validation compares it in full. */
  private static final int CHANGED_KEYS_CAP = 1_000_000;

  private final MigrationConfig config;
  private final MeterRegistry meters;
  private final PausePoints pausePoints;
  private final CutoverMeters cutoverMeters;
  private final Map<String, TargetTable> current;
  private final Supplier<String> bootstrap;

  /**
   * @param current each table's definition now, by source name
   * @param bootstrap the Kafka the capture writes to, once the run knows it; else null
   */
  RunCutover(
      MigrationConfig config,
      MeterRegistry meters,
      PausePoints pausePoints,
      Map<String, TargetTable> current,
      Supplier<String> bootstrap) {
    this.config = config;
    this.meters = meters;
    this.pausePoints = pausePoints;
    this.cutoverMeters = new CutoverMeters(meters);
    // Known from the start: a run that starts cut over builds no Cutover, and the reverse lag alert
    // compares with it.
    cutoverMeters.threshold(config.cutover().lagThreshold());
    this.current = current;
    this.bootstrap = bootstrap;
  }

  /**
   * The cutover of this run, not yet recovered from an earlier attempt; for a migration not cut
   * over yet ({@link #reverseFrom}).
   *
   * @param streaming what the cutover asks of the run: lag, streaming tables, the drain
   * @param afterRollback whether the migration runs forward again after a rollback, which left the
   *     target frozen: with the {@code read-only} freeze, the done step lifts it
   */
  Cutover cutover(
      DataSource source,
      DataSource target,
      List<TargetTable> tables,
      Carried carried,
      StateStore store,
      RunnerEpoch epoch,
      RunningMigration streaming,
      boolean afterRollback)
      throws Exception {
    CutoverRecords records = new CutoverRecords(target, config.name(), epoch);
    Dialect sourceDialect = Dialect.of(config.source().engine());
    Dialect targetDialect = Dialect.of(config.target().engine());
    Optional<Freeze> targetFreeze =
        afterRollback && config.cutover().freeze() == CutoverSettings.Freeze.READ_ONLY
            ? Optional.of(Freezes.of(config.cutover(), target, targetDialect))
            : Optional.empty();
    return new Cutover(
        config.name(),
        config.cutover(),
        new Cutover.Parts(
            CutoverDatabases.of(
                source, sourceDialect, target, targetDialect, tables, carried, reverse(target)),
            Freezes.of(config.cutover(), source, sourceDialect),
            targetFreeze,
            streaming,
            finalValidation(source, target, tables, epoch),
            CutoverStore.of(records, store, config.name()),
            cutoverMeters,
            pausePoints,
            Clock.systemUTC()));
  }

  /**
   * R0, where the reverse stream starts, when the migration was cut over with one; empty while it
   * was not cut over.
   *
   * @throws GodwitException when it was cut over without a reverse stream: there is nothing left to
   *     run
   */
  Optional<String> reverseFrom(DataSource target, RunnerEpoch epoch) throws Exception {
    CutoverRecords records = new CutoverRecords(target, config.name(), epoch);
    Optional<CutoverRecords.Attempt> last = done(records);
    if (last.isEmpty()) {
      return Optional.empty();
    }
    Optional<String> r0 = records.reversePosition(last.get().attempt());
    if (r0.isEmpty()) {
      throw new GodwitException(
          ErrorCode.MIGRATION_STATE,
          "migration %s was cut over at %s (downtime %.2f s) without a reverse stream (rollback.reverse): the target has taken over and there is nothing left to run; the source's position at cutover was %s"
              .formatted(
                  config.name(),
                  last.get().finishedAt(),
                  last.get().downtimeMs() / 1000.0,
                  last.get().sourcePosition()));
    }
    return r0;
  }

  /**
   * R0 of the cutover this run has just finished, empty when it recorded none: the run then ends,
   * as a run cut over without a reverse stream does.
   */
  Optional<String> recordedReverseStart(DataSource target, RunnerEpoch epoch) throws Exception {
    CutoverRecords records = new CutoverRecords(target, config.name(), epoch);
    Optional<CutoverRecords.Attempt> last = done(records);
    return last.isEmpty() ? Optional.empty() : records.reversePosition(last.get().attempt());
  }

  /** The latest attempt, if it is done. */
  private static Optional<CutoverRecords.Attempt> done(CutoverRecords records) throws Exception {
    return records.latest().filter(a -> a.state() == AttemptState.DONE);
  }

  /**
   * The migration's name when the cutover takes R0 for the reverse stream: {@code rollback.reverse:
   * on}, or {@code auto} on a target that can be captured (as {@code plan} reports it).
   */
  private Optional<String> reverse(DataSource target) throws Exception {
    try (Connection c = target.getConnection()) {
      boolean on =
          ReverseCapture.enabled(
              config.rollback().reverse(), Dialect.of(config.target().engine()), c, config.name());
      return on ? Optional.of(config.name()) : Optional.empty();
    }
  }

  /**
   * The final validation. It runs inside the freeze, right after the drain step proved every change
   * the source committed is applied, so nothing is in flight and a row that differs differs for
   * good: no fence. A write that slipped past the freeze is caught by the done step's second drain.
   * Its results are recorded only while this runner still holds {@code epoch}.
   */
  private FinalValidation finalValidation(
      DataSource source, DataSource target, List<TargetTable> tables, RunnerEpoch epoch) {
    ValidationRecords records = new ValidationRecords(target, config.name(), epoch);
    Validator validator = Validator.of(config, source, target, Fence.NONE, meters, records);
    return new ValidatorCheck(
        validator,
        records,
        new CutoverRecords(target, config.name()),
        () -> tables.stream().map(t -> current.getOrDefault(t.source().name(), t)).toList(),
        config.cutover().finalValidation(),
        changedKeys(config, bootstrap),
        "godwit validate",
        "godwit cutover");
  }

  /**
   * The keys of a table's events from given offsets to the end of its topic in {@code config}'s
   * Kafka: the forward stream's for the cutover, the reverse stream's for a rollback. Empty while
   * the run does not know its Kafka yet ({@code bootstrap} answers null).
   */
  static ValidatorCheck.ChangedKeys changedKeys(
      MigrationConfig config, Supplier<String> bootstrap) {
    return (table, offsets) -> {
      String servers = bootstrap.get();
      if (servers == null) {
        return Optional.empty();
      }
      KafkaClients clients = new KafkaClients(config.kafka(), servers);
      Properties consumer = clients.consumer("godwit-" + config.name() + "-changed-keys");
      consumer.putAll(clients.connection());
      List<String> keyColumns = table.source().rowKey().orElseThrow().columnNames();
      return new ChangedKeys(consumer)
          .since(
              Topics.forTable(
                  config.kafka().topicPrefix(), table.source().schema(), table.source().name()),
              keyColumns,
              offsets,
              CHANGED_KEYS_CAP);
    };
  }
}
