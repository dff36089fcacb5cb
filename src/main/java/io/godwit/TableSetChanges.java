package io.godwit;

import io.godwit.db.Dialect;
import io.godwit.schema.TargetTable;
import io.godwit.state.AppliedOffsets;
import io.godwit.state.AppliedOffsets.Partition;
import io.godwit.state.RunnerEpoch;
import io.godwit.state.StateStore;
import io.godwit.state.TablePhase;
import io.godwit.state.TableStates;
import io.godwit.transport.KafkaCalls;
import io.godwit.transport.KafkaClients;
import io.godwit.transport.Topics;
import java.sql.Connection;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import javax.sql.DataSource;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.common.TopicPartition;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * What {@code godwit run} does, before its capture starts, with the tables the migration file added
 * or left out since the last run (correctness steps 1-3 for a table that joins a running
 * migration).
 *
 * <ul>
 *   <li>A table left out moves to {@link TablePhase#DROPPED}: the capture no longer includes it,
 *       the applier no longer reads its topic, and its target table keeps the rows it had.
 *   <li>A table whose copy has not started (new to the migration, still pending, or included again
 *       after it was dropped) starts its change stream at its topic's end as it is now, before this
 *       run's capture starts. Its copy reads the source after this run's P0, and the capture, which
 *       includes the table from this start on, writes every change committed after P0 behind that
 *       end, so replaying from there converges (step 3). Older events in its topic were captured
 *       with a gap (while it was left out) or belong to an attempt whose copy never started;
 *       replayed onto the new copy they could bring back rows deleted since.
 * </ul>
 *
 * The tables the migration kept are not touched: no copy, no offset moves.
 */
final class TableSetChanges {

  private static final Logger log = LoggerFactory.getLogger(TableSetChanges.class);

  /** What changed, for the log and the tests. */
  record Result(List<String> added, List<String> dropped, Map<Partition, Long> streamStarts) {}

  private final String migration;
  private final String topicPrefix;
  private final KafkaClients kafka;
  private final RunnerEpoch epoch;
  private final Dialect targetDialect;

  TableSetChanges(
      String migration,
      String topicPrefix,
      KafkaClients kafka,
      RunnerEpoch epoch,
      Dialect targetDialect) {
    this.migration = migration;
    this.topicPrefix = topicPrefix;
    this.kafka = kafka;
    this.epoch = epoch;
    this.targetDialect = targetDialect;
  }

  /**
   * Drops the tables the file left out and sets the stream start of those to be copied; does
   * nothing on a migration whose capture never ran (its topics are new, or refused as older).
   */
  Result apply(DataSource target, StateStore store, List<TargetTable> tables) throws SQLException {
    if (!store.captureStarted(migration)) {
      return new Result(List.of(), List.of(), Map.of());
    }
    TableStates states = new TableStates(migration, epoch);
    Map<String, TableStates.Known> known;
    try (Connection c = target.getConnection()) {
      known = states.known(c);
    }
    Set<String> selected = new HashSet<>();
    tables.forEach(t -> selected.add(t.source().name()));

    List<String> dropped = new ArrayList<>();
    for (Map.Entry<String, TableStates.Known> e : known.entrySet()) {
      if (selected.contains(e.getKey()) || !e.getValue().phase().followed()) {
        continue;
      }
      Optional<TablePhase> left;
      try (Connection c = target.getConnection()) {
        left = states.drop(c, e.getKey());
      }
      if (left.isPresent()) {
        dropped.add(e.getKey());
        String message =
            ("table %s left the migration (tables.include/exclude no longer select it; it was %s):"
                    + " no longer captured or applied; its target table %s is left in place with"
                    + " the rows it had")
                .formatted(
                    e.getKey(),
                    left.get().name().toLowerCase(Locale.ROOT),
                    e.getValue().targetTable());
        log.warn("Tables: {}", message);
        store.log(migration, "tables", message);
      }
    }

    List<String> added = new ArrayList<>();
    List<String> topics = new ArrayList<>();
    for (TargetTable t : tables) {
      TableStates.Known k = known.get(t.source().name());
      if (k == null || k.phase() == TablePhase.PENDING || k.phase() == TablePhase.DROPPED) {
        added.add(t.source().name());
        topics.add(Topics.forTable(topicPrefix, t.source().schema(), t.source().name()));
      }
    }
    Map<Partition, Long> starts = streamStarts(target, topics);
    for (String table : added) {
      String message =
          ("table %s joins the migration: captured from this run's start, copied after the capture"
                  + " streams, its changes applied from then on; the other tables are not copied"
                  + " again")
              .formatted(table);
      log.info("Tables: {}", message);
      store.log(migration, "tables", message);
    }
    return new Result(added, dropped, starts);
  }

  /**
   * Stores each existing topic's end as the next offset to apply, where it is ahead of the stored
   * one, in one transaction that proves the runner's epoch.
   */
  private Map<Partition, Long> streamStarts(DataSource target, List<String> topics)
      throws SQLException {
    if (topics.isEmpty()) {
      return Map.of();
    }
    Map<TopicPartition, Long> ends;
    try (Admin admin = Admin.create(kafka.admin("godwit-" + migration + "-table-set"))) {
      Set<String> existing =
          KafkaCalls.await(
              admin.listTopics().names(),
              "read the topics " + topics,
              "describe the migration's topics");
      List<String> present = topics.stream().filter(existing::contains).toList();
      ends = present.isEmpty() ? Map.of() : Topics.endOffsets(admin, present);
    }
    AppliedOffsets offsets = new AppliedOffsets(migration, targetDialect);
    Map<Partition, Long> moved = new LinkedHashMap<>();
    try (Connection c = target.getConnection()) {
      Map<Partition, Long> stored = offsets.load(c);
      ends.forEach(
          (tp, end) -> {
            Partition p = new Partition(tp.topic(), tp.partition());
            if (end > stored.getOrDefault(p, 0L)) {
              moved.put(p, end);
            }
          });
      if (!moved.isEmpty()) {
        epoch.write(c, () -> offsets.save(c, moved));
        log.info(
            "Tables: the changes of the joining tables are applied from {} (older events in their"
                + " topics are skipped: their copy reads the source later)",
            moved);
      }
    }
    return moved;
  }
}
