package io.godwit;

import io.godwit.apply.ApplyLoop;
import io.godwit.capture.Capture;
import io.godwit.schema.TargetTable;
import io.godwit.snapshot.AfterCopy;
import io.godwit.state.RunnerEpoch;
import io.godwit.state.StateStore;
import io.godwit.state.TableStates;
import io.godwit.transport.Watermark;
import java.sql.Connection;
import java.sql.SQLException;
import java.time.Duration;
import java.util.List;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutionException;
import javax.sql.DataSource;
import org.apache.kafka.common.TopicPartition;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A live migration's unique indexes, built once the applier has replayed each table's changes past
 * the end of its copy. A copy holds rows read at different moments, and replaying the changes
 * before its end passes through states the source never had together (a value that moved from one
 * row to another is on both for a while); a unique index built earlier would refuse them. After the
 * copy's end the target follows the source's own order, so the index sees what the source saw.
 *
 * <p>The copy's end is proven as the drain proves it: a mark placed on the source after the copy
 * finished, the capture's watermark for it, and the applier's committed offsets reaching that
 * watermark on the table's partitions. A build the target still refuses is tried again after a new
 * mark, then recorded as the table's error; the cutover builds every index again before the foreign
 * keys, and stops there if the target still holds duplicates.
 */
final class UniqueIndexes implements AutoCloseable {

  private static final Logger log = LoggerFactory.getLogger(UniqueIndexes.class);
  private static final int ATTEMPTS = 3;
  private static final Duration CHECK = Duration.ofSeconds(1);

  private final String migration;
  private final DataSource source;
  private final DataSource target;
  private final Capture capture;
  private final ApplyLoop apply;
  private final AfterCopy after;
  private final StateStore store;
  private final TableStates states;
  private final Thread thread;

  /** Tables being copied again: their builds here are for the old copy, and are dropped. */
  private final Set<String> recopied = ConcurrentHashMap.newKeySet();

  /**
   * The builds of the unique indexes of {@code tables}, whose copy has finished; {@link #start}
   * starts them.
   *
   * @param epoch the runner epoch a table's error record proves it still holds
   */
  UniqueIndexes(
      String migration,
      DataSource source,
      DataSource target,
      Capture capture,
      ApplyLoop apply,
      AfterCopy after,
      StateStore store,
      RunnerEpoch epoch,
      List<TargetTable> tables) {
    this.migration = migration;
    this.source = source;
    this.target = target;
    this.capture = capture;
    this.apply = apply;
    this.after = after;
    this.store = store;
    this.states = new TableStates(migration, epoch);
    List<TargetTable> withUnique =
        tables.stream().filter(t -> !AfterCopy.Indexes.UNIQUE.of(t).isEmpty()).toList();
    this.thread = new Thread(() -> buildAll(withUnique), "godwit-unique-indexes-" + migration);
    thread.setDaemon(true);
  }

  /** Starts building the unique indexes; returns this. */
  UniqueIndexes start() {
    thread.start();
    return this;
  }

  private void buildAll(List<TargetTable> tables) {
    try {
      for (TargetTable table : tables) {
        build(table);
      }
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
  }

  private void build(TargetTable table) throws InterruptedException {
    String name = table.source().name();
    for (int attempt = 1; attempt <= ATTEMPTS; attempt++) {
      try {
        if (!caughtUp(name)) {
          log.warn("{} stopped before its unique indexes were built; cutover builds them", name);
          return;
        }
        String done;
        synchronized (recopied) {
          if (recopied.contains(name)) {
            log.info("{} is copied again: its unique indexes wait for its new copy", name);
            return;
          }
          done = after.indexes(List.of(table), AfterCopy.Indexes.UNIQUE);
        }
        log.info("{}: unique indexes built once the applier passed the copy's end: {}", name, done);
        store.log(migration, "indexes", name + ": unique indexes " + done);
        return;
      } catch (SQLException | RuntimeException e) {
        if (attempt == ATTEMPTS) {
          fail(name, e);
        } else {
          log.warn("{}: building its unique indexes failed, trying again: {}", name, e.toString());
        }
      }
    }
  }

  /**
   * Waits until the applier's committed offsets reach a mark placed on the source now, on the
   * table's partitions.
   *
   * @return false when the table stopped first
   */
  private boolean caughtUp(String table) throws SQLException, InterruptedException {
    Watermark mark;
    try {
      mark = capture.progress().mark(source).get();
    } catch (ExecutionException e) {
      throw new IllegalStateException("the capture did not pass a mark", e.getCause());
    }
    List<TopicPartition> partitions;
    while ((partitions = apply.partitions().get(table)) == null) {
      Thread.sleep(CHECK.toMillis());
    }
    Watermark onTable = mark.on(partitions::contains);
    while (!apply.progress().await(onTable, CHECK)) {
      if (apply.stoppedTables().contains(table) || recopied.contains(table)) {
        return false;
      }
    }
    return true;
  }

  /**
   * Drops the build of {@code table}, which is about to be copied again: on return no build of it
   * runs here, nor will (its new copy's indexes are built by an instance started after it).
   */
  void recopying(String table) {
    synchronized (recopied) {
      recopied.add(table);
    }
  }

  private void fail(String table, Exception e) {
    String reason =
        ("the unique indexes of %s could not be built after the applier passed the copy's end: %s;"
                + " the table's changes still apply, and the cutover tries again and stops while"
                + " the target holds duplicates; fix: compare the table with `godwit validate`")
            .formatted(table, e.getMessage());
    log.error(reason);
    try (Connection c = target.getConnection()) {
      states.fail(c, table, reason);
    } catch (SQLException | RuntimeException recording) {
      log.warn("Could not record the error of {}: {}", table, recording.toString());
    }
  }

  @Override
  public void close() throws InterruptedException {
    thread.interrupt();
    thread.join(10_000);
  }
}
