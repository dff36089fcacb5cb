package io.godwit;

import io.godwit.apply.ApplyLoop;
import io.godwit.db.Dialect;
import io.godwit.error.ErrorCode;
import io.godwit.error.GodwitException;
import io.godwit.schema.TargetTable;
import io.godwit.snapshot.SnapshotResult;
import io.godwit.state.RunnerFencedException;
import io.godwit.state.StateStore;
import io.godwit.state.TableStates;
import java.sql.Connection;
import java.sql.SQLException;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.Semaphore;
import java.util.concurrent.TimeUnit;
import javax.sql.DataSource;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Copies again, one at a time, the tables an operator asked to re-copy ({@code godwit resnapshot},
 * {@code POST /api/tables/{t}/resnapshot}), while the other tables stream. The order is the
 * correctness argument of a re-copy (docs/architecture.md):
 *
 * <ol>
 *   <li>the applier holds the table: its partitions are paused between two batches, so its stored
 *       offsets stop at O, the last change applied to it; every change of the table at an offset up
 *       to O was committed on the source before the hold began;
 *   <li>the table is planned again from the migration file and the source catalog now;
 *   <li>its old target table is dropped and the new one created, and the table moves back to
 *       PENDING with its old chunk plan forgotten, its changed-mode validation baseline reset (the
 *       next validation compares it whole) and the request cleared: in one transaction where the
 *       target's DDL is transactional (PostgreSQL); elsewhere the request is cleared last, so a
 *       failure midway leaves it asked for and the next attempt begins again;
 *   <li>the chunked copy runs as the first one did, every chunk read after the hold began;
 *   <li>once copied, the applier replays the table's changes from O over the new copy, through the
 *       route of its new definition; its unique indexes are built once that replay passed the
 *       copy's end.
 * </ol>
 *
 * A re-copy whose new plan fails is withdrawn before anything changed: the table streams on from
 * its old copy and carries the reason as its error.
 */
final class RunResnapshots implements AutoCloseable {

  private static final Logger log = LoggerFactory.getLogger(RunResnapshots.class);
  private static final Duration HOLD = Duration.ofSeconds(60);
  private static final long CHECK_MS = 1000;

  /**
   * The tables as the migration file and the source catalog plan them now, the file read for the
   * re-copy of {@code recopied}.
   */
  @FunctionalInterface
  interface Replan {
    List<TargetTable> tables(String recopied) throws SQLException;
  }

  /** The chunked copy of one table, as the run's snapshot copies. */
  @FunctionalInterface
  interface Copy {
    SnapshotResult copy(TargetTable table) throws SQLException;
  }

  /** Starts building a copied table's unique indexes once the applier passed its copy's end. */
  @FunctionalInterface
  interface IndexBuilds {
    UniqueIndexes start(TargetTable table);
  }

  private final String migration;
  private final DataSource target;
  private final StateStore store;
  private final TableStates states;
  private final ApplyLoop apply;
  private final RunApply routes;
  private final Map<String, TargetTable> current;
  private final Replan replan;
  private final Copy copy;
  private final IndexBuilds indexBuilds;
  private final TargetTableReplacer replacer;
  private final List<UniqueIndexes> builds = new CopyOnWriteArrayList<>();
  private final List<UniqueIndexes> started = new CopyOnWriteArrayList<>();
  private final Set<String> failed = ConcurrentHashMap.newKeySet();
  private final Semaphore wake = new Semaphore(0);
  private final Thread thread;
  private volatile boolean closed;

  /**
   * @param states the runner's table states: every write proves the runner's epoch
   * @param current each table's definition now, by source name; a re-copied table's is replaced
   */
  RunResnapshots(
      String migration,
      DataSource target,
      Dialect targetDialect,
      StateStore store,
      TableStates states,
      ApplyLoop apply,
      RunApply routes,
      Map<String, TargetTable> current,
      Replan replan,
      Copy copy,
      IndexBuilds indexBuilds) {
    this.migration = migration;
    this.target = target;
    this.store = store;
    this.states = states;
    this.apply = apply;
    this.routes = routes;
    this.current = current;
    this.replan = replan;
    this.copy = copy;
    this.indexBuilds = indexBuilds;
    this.replacer = new TargetTableReplacer(migration, target, targetDialect, states);
    this.thread = new Thread(this::loop, "godwit-resnapshot-" + migration);
    thread.setDaemon(true);
  }

  /**
   * Starts re-copying, once the run's own snapshot finished.
   *
   * @param runBuilds the unique index builds of the run's snapshot: a table re-copied before its
   *     build ran is left out of them
   */
  void start(UniqueIndexes runBuilds) {
    builds.add(runBuilds);
    thread.start();
  }

  /** A re-copy was asked for: look now rather than at the next check. */
  void wake() {
    wake.release();
  }

  private void loop() {
    while (!closed) {
      try {
        Set<String> asked;
        try (Connection c = target.getConnection()) {
          asked = states.resnapshotRequested(c);
        }
        for (String table : asked) {
          if (closed) {
            return;
          }
          if (!failed.contains(table)) {
            recopy(table);
          }
        }
        wake.tryAcquire(CHECK_MS, TimeUnit.MILLISECONDS);
        wake.drainPermits();
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        return;
      } catch (RunnerFencedException e) {
        log.error("Re-copies stop: {}", e.getMessage());
        return;
      } catch (SQLException | RuntimeException e) {
        log.warn("Reading or beginning the asked re-copies failed, trying again: {}", e.toString());
        sleep();
      }
    }
  }

  private void recopy(String table) throws SQLException, InterruptedException {
    if (!apply.awaitHeld(table, HOLD)) {
      log.warn(
          "The applier has not held {} for its re-copy within {} s; trying again",
          table,
          HOLD.toSeconds());
      return;
    }
    log.info("Re-copy of {}: held by the applier at its last applied offsets", table);
    TargetTable before = current.get(table);
    TargetTable fresh;
    try {
      fresh =
          replan.tables(table).stream()
              .filter(t -> t.source().name().equals(table))
              .findFirst()
              .orElseThrow(
                  () ->
                      new GodwitException(
                          ErrorCode.MIGRATION_STATE,
                          "the migration file no longer selects " + table + " (tables.include)"));
    } catch (SQLException | RuntimeException e) {
      replacer.withdraw(table, "planning it again failed: " + e.getMessage());
      return;
    }
    builds.forEach(b -> b.recopying(table));
    TargetTableReplacer.Outcome replaced = replacer.replace(table, before, fresh);
    if (replaced == TargetTableReplacer.Outcome.FAILED) {
      failed.add(table);
    }
    if (replaced != TargetTableReplacer.Outcome.REPLACED) {
      return;
    }
    apply.recopied(routes.recopied(apply.route(table).orElseThrow(), before, fresh), fresh);
    current.put(table, fresh);
    store.log(migration, "resnapshot", table + ": old copy dropped, copying it afresh");
    SnapshotResult copied;
    try {
      copied = copy.copy(fresh);
    } catch (SQLException | RuntimeException e) {
      failed.add(table);
      log.error(
          "Re-copy of {} stopped: {}; the next `godwit run` resumes its copy", table, e.toString());
      return;
    }
    long rows = copied.tables().stream().mapToLong(SnapshotResult.TableResult::rows).sum();
    store.log(
        migration,
        "resnapshot",
        "%s: copied again (%,d rows); its changes are replayed from its stored offsets"
            .formatted(table, rows));
    log.info("Re-copy of {} done: {} rows; replaying its changes over the new copy", table, rows);
    UniqueIndexes indexes = indexBuilds.start(fresh);
    started.add(indexes);
    builds.add(indexes);
  }

  private void sleep() {
    try {
      Thread.sleep(CHECK_MS);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      closed = true;
    }
  }

  @Override
  public void close() throws InterruptedException {
    closed = true;
    thread.interrupt();
    thread.join(30_000);
    for (UniqueIndexes indexes : started) {
      indexes.close();
    }
  }
}
