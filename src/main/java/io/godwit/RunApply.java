package io.godwit;

import io.godwit.apply.ApplyLoop;
import io.godwit.apply.BatchApplier;
import io.godwit.apply.Batches;
import io.godwit.apply.DeadLetters;
import io.godwit.apply.EventDecoder;
import io.godwit.apply.NewColumnsException;
import io.godwit.apply.SchemaEvolution;
import io.godwit.config.MigrationConfig;
import io.godwit.db.Dialect;
import io.godwit.db.Finding;
import io.godwit.error.ErrorCode;
import io.godwit.error.GodwitException;
import io.godwit.observe.ApplyMeters;
import io.godwit.schema.TargetTable;
import io.godwit.snapshot.PausePoints;
import io.godwit.state.AppliedOffsets;
import io.godwit.state.RunnerEpoch;
import io.godwit.state.StateStore;
import io.godwit.state.TableStates;
import io.godwit.transport.KafkaClients;
import io.godwit.transport.Topics;
import java.sql.Connection;
import java.sql.SQLException;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Properties;
import java.util.Set;
import javax.sql.DataSource;
import org.apache.kafka.clients.admin.Admin;

/**
 * Builds a run's applier (correctness steps 3 and 4): one consumer routing each table's topic
 * through its decoder into the {@link BatchApplier}, columns added to the source during the run
 * carried to the target by {@link SchemaEvolution}, and the dead-letter topic when configured.
 */
final class RunApply {

  private final MigrationConfig config;
  private final PausePoints pausePoints;
  private final ApplyMeters applyMeters;
  private final Map<String, TargetTable> current;
  private final Planning planning;

  /** How the applier's schema check plans the tables from both catalogs now. */
  @FunctionalInterface
  interface Planning {
    /** Every table of the run as the catalogs of {@code source} and {@code target} give it now. */
    List<TargetTable> translate(DataSource source, DataSource target) throws SQLException;
  }

  /**
   * @param current each table's definition now, by source name: a column added to the source during
   *     the run changes it here
   * @param planning how the schema check plans the tables now: forward, {@link PlannedBy}, each
   *     table by its own migration file; the reverse stream, the target's tables mapped back onto
   *     the old source's own types ({@link ReverseTables})
   */
  RunApply(
      MigrationConfig config,
      PausePoints pausePoints,
      ApplyMeters applyMeters,
      Map<String, TargetTable> current,
      Planning planning) {
    this.config = config;
    this.pausePoints = pausePoints;
    this.applyMeters = applyMeters;
    this.current = current;
    this.planning = planning;
  }

  /** The applier of {@code tables}, not started; it keeps each table paused until it is copied. */
  ApplyLoop loop(
      String bootstrap,
      List<TargetTable> tables,
      DataSource source,
      DataSource target,
      StateStore store,
      RunnerEpoch epoch)
      throws SQLException {
    Dialect targetDialect = Dialect.of(config.target().engine());
    KafkaClients clients = new KafkaClients(config.kafka(), bootstrap);
    AppliedOffsets offsets = new AppliedOffsets(config.name(), targetDialect);
    TableStates states = new TableStates(config.name(), epoch);
    Map<String, Set<String>> added;
    try (Connection c = target.getConnection()) {
      added = states.addedColumns(c);
    }
    String prefix = config.kafka().topicPrefix();
    List<ApplyLoop.Route> routes =
        tables.stream()
            .map(
                t ->
                    new ApplyLoop.Route(
                        t.source().name(),
                        Topics.forTable(prefix, t.source().schema(), t.source().name()),
                        decoder(t, added.getOrDefault(t.source().name(), Set.of()))))
            .toList();
    Properties consumer = clients.consumer("godwit-" + config.name());
    BatchApplier applier =
        new BatchApplier(target, targetDialect, tables, offsets, epoch, pausePoints);
    SchemaEvolution evolution =
        new SchemaEvolution(
            config.name(),
            () -> planning.translate(source, target),
            target,
            targetDialect,
            store,
            states,
            epoch);
    return new ApplyLoop(
        consumer,
        new Batches(config.apply().batchSize(), config.apply().maxBatchWait()),
        routes,
        applier,
        offsets,
        target,
        states,
        applyMeters,
        deadLetters(clients),
        schemaChanges(evolution, applier));
  }

  /** Carries a column added to the source to the target, the applier and the decoder. */
  private ApplyLoop.SchemaChanges schemaChanges(SchemaEvolution evolution, BatchApplier applier) {
    return new ApplyLoop.SchemaChanges() {
      @Override
      public ApplyLoop.Route columnsAdded(ApplyLoop.Route route, NewColumnsException event)
          throws SchemaEvolution.Refused, SQLException {
        TargetTable before = current.get(route.table());
        TargetTable evolved = evolution.addColumns(before, event.columns());
        Set<String> addedNow = new HashSet<>(route.decoder().addedLater());
        evolved.columns().stream()
            .filter(c -> !before.columns().contains(c))
            .forEach(c -> addedNow.add(c.source().name()));
        applier.replace(evolved);
        current.put(route.table(), evolved);
        return new ApplyLoop.Route(route.table(), route.topic(), decoder(evolved, addedNow));
      }

      @Override
      public Map<String, String> refusedChanges(Set<String> names) throws SQLException {
        return evolution.refusedChanges(names.stream().map(current::get).toList());
      }
    };
  }

  /**
   * The route of a re-copied table's events through its new definition: columns the old route
   * expected to be added later, and those the new definition has beyond the old one, may be missing
   * from the events replayed over the new copy (they predate the column on the source).
   */
  ApplyLoop.Route recopied(ApplyLoop.Route old, TargetTable before, TargetTable fresh) {
    Set<String> addedLater = new HashSet<>(old.decoder().addedLater());
    Set<String> had = new HashSet<>();
    before.columns().forEach(c -> had.add(c.source().name()));
    fresh.columns().stream()
        .map(c -> c.source().name())
        .filter(c -> !had.contains(c))
        .forEach(addedLater::add);
    return new ApplyLoop.Route(old.table(), old.topic(), decoder(fresh, addedLater));
  }

  private EventDecoder decoder(TargetTable table, Set<String> addedLater) {
    return EventDecoder.of(table, config.source().engine(), config.target().engine(), addedLater);
  }

  private Optional<DeadLetters> deadLetters(KafkaClients clients) {
    if (!config.apply().deadLetter()) {
      return Optional.empty();
    }
    String topic = Topics.deadLetter(config.kafka().topicPrefix());
    try (Admin admin = Admin.create(clients.admin("godwit-" + config.name() + "-apply-admin"))) {
      List<Finding> findings = Topics.ensure(admin, List.of(topic), 1, config.kafka().retention());
      if (!findings.isEmpty()) {
        throw new GodwitException(
            ErrorCode.KAFKA,
            "the dead-letter topic %s would delete messages too early: %s"
                .formatted(topic, findings));
      }
    }
    return Optional.of(
        new DeadLetters(topic, clients.producer("godwit-" + config.name() + "-dead-letters")));
  }
}
