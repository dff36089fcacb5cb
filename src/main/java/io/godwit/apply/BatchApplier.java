package io.godwit.apply;

import io.godwit.db.ChangeWriter;
import io.godwit.db.Dialect;
import io.godwit.schema.TargetTable;
import io.godwit.schema.TargetTable.TargetColumn;
import io.godwit.snapshot.PausePoints;
import io.godwit.state.AppliedOffsets;
import io.godwit.state.AppliedOffsets.Partition;
import io.godwit.state.RunnerEpoch;
import io.godwit.state.RunnerFencedException;
import io.godwit.state.StateStoreException;
import java.sql.Connection;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.stream.Collectors;
import javax.sql.DataSource;

/**
 * Applies one poll's changes in one target transaction: coalesced per key, each table's deletes
 * then its upserts, and the next offset of every partition the poll touched. The rows and the
 * offsets commit together or not at all, which makes applying exactly-once in effect. Each batch
 * proves before it commits that its runner still holds the migration ({@link RunnerEpoch}), and
 * offsets only move forward, so a runner that was taken over cannot write an older change over a
 * newer one or move the offsets back.
 *
 * <p>It receives only changes of tables whose snapshot has finished; the consumer keeps the other
 * tables' partitions paused.
 */
public final class BatchApplier {

  private final DataSource target;
  private final ChangeWriter writer;
  private final AppliedOffsets offsets;
  private final Map<String, TargetTable> tables = new LinkedHashMap<>();
  private final RunnerEpoch epoch;
  private final PausePoints pausePoints;

  /**
   * @param tables the migrated tables, found by their source name
   * @param epoch the runner epoch every batch proves it still holds before it commits
   */
  public BatchApplier(
      DataSource target,
      Dialect dialect,
      List<TargetTable> tables,
      AppliedOffsets offsets,
      RunnerEpoch epoch) {
    this(target, dialect, tables, offsets, epoch, PausePoints.NONE);
  }

  /**
   * @param pausePoints told before each commit, for crash tests
   */
  public BatchApplier(
      DataSource target,
      Dialect dialect,
      List<TargetTable> tables,
      AppliedOffsets offsets,
      RunnerEpoch epoch,
      PausePoints pausePoints) {
    this.pausePoints = pausePoints;
    this.target = target;
    this.writer = dialect.changeWriter();
    this.offsets = offsets;
    this.epoch = epoch;
    tables.forEach(t -> this.tables.put(t.source().name(), t));
  }

  /**
   * @param events the poll's decoded changes, in the order polled
   * @throws ApplyException when the target rejects the batch; nothing of it is committed
   */
  public BatchResult apply(List<ChangeEvent> events) throws ApplyException {
    return apply(events, nextOffsets(events));
  }

  /**
   * @param events the decoded changes, in the order polled
   * @param next the offsets to commit with them: per partition, the next one to consume (records
   *     that carried no change, or went to the dead-letter topic, move it too)
   * @throws ApplyException when the target rejects the batch; nothing of it is committed
   * @throws RunnerFencedException when another runner took the migration over; nothing of the batch
   *     is committed, and this runner must stop
   * @throws StateStoreException when an offset would move back (another runner applied further);
   *     nothing of the batch is committed
   */
  public BatchResult apply(List<ChangeEvent> events, Map<Partition, Long> next)
      throws ApplyException {
    if (events.isEmpty() && next.isEmpty()) {
      return new BatchResult(0, 0, 0, Map.of());
    }
    List<TableChanges> changes = Coalescer.coalesce(events);
    for (TableChanges t : changes) {
      if (!tables.containsKey(t.table())) {
        throw new ApplyException(
            "changes of table %s arrived, which is not migrated (%s); fix: leave its topic out of the subscription"
                .formatted(t.table(), ranges(events)),
            null);
      }
    }
    int upserts = 0;
    int deletes = 0;
    String step = "connecting to the target";
    boolean connectionLost = false;
    try (Connection c = target.getConnection()) {
      boolean autoCommit = c.getAutoCommit();
      c.setAutoCommit(false);
      try {
        for (TableChanges t : changes) {
          TargetTable table = tables.get(t.table());
          if (t.truncate()) {
            step = "emptying %s for a TRUNCATE on the source".formatted(name(table));
            writer.deleteAll(c, table);
          }
          step = "deleting %d rows from %s".formatted(t.deletes().size(), name(table));
          writer.delete(c, table, t.deletes().stream().map(ChangeEvent::key).toList());
          deletes += t.deletes().size();
          step = "upserting %d rows into %s".formatted(t.upserts().size(), name(table));
          for (Map.Entry<Absent, List<List<Object>>> group :
              byAbsentColumns(table, t.upserts()).entrySet()) {
            writer.upsert(
                c, table, group.getValue(), group.getKey().kept(), group.getKey().defaulted());
          }
          upserts += t.upserts().size();
        }
        step = "checking that this runner still holds %s".formatted(epoch);
        epoch.check(c);
        step = "saving the applied offsets";
        offsets.save(c, next);
        pause();
        c.commit();
      } catch (SQLException | RuntimeException e) {
        rollback(c, e);
        connectionLost = isClosed(c);
        if (!connectionLost) {
          restore(c, autoCommit, e);
        }
        throw e;
      }
      c.setAutoCommit(autoCommit);
    } catch (RunnerFencedException | StateStoreException e) {
      throw e;
    } catch (SQLException | RuntimeException e) {
      throw new ApplyException(
          ("%s failed, so the batch (%d changes, %s) and its offsets were rolled back: %s%s;"
                  + " fix: correct what the target rejects (the error names the row where the"
                  + " target can), then restart: the batch is applied again from the stored"
                  + " offsets")
              .formatted(step, events.size(), ranges(events), sqlState(e), e.getMessage()),
          e,
          connectionLost);
    }
    return new BatchResult(events.size(), upserts, deletes, next);
  }

  private void pause() {
    try {
      pausePoints.beforeApplyCommit();
    } catch (Exception e) {
      throw new IllegalStateException("stopped at the pause point before an apply commit", e);
    }
  }

  /** Per partition, one past the last offset in the batch. */
  static Map<Partition, Long> nextOffsets(List<ChangeEvent> events) {
    Map<Partition, Long> next = new LinkedHashMap<>();
    for (ChangeEvent e : events) {
      next.merge(new Partition(e.topic(), e.partition()), e.offset() + 1, Math::max);
    }
    return next;
  }

  /** The columns an upsert row carries no value for: kept as stored, or set to their default. */
  private record Absent(Set<String> kept, Set<String> defaulted) {}

  /** Upsert rows grouped by the columns whose values the source did not send. */
  private static Map<Absent, List<List<Object>>> byAbsentColumns(
      TargetTable table, List<ChangeEvent> upserts) {
    List<TargetColumn> columns = table.columns();
    Map<Absent, List<List<Object>>> groups = new LinkedHashMap<>();
    for (ChangeEvent e : upserts) {
      Set<String> kept = new LinkedHashSet<>();
      Set<String> defaulted = new LinkedHashSet<>();
      for (int i = 0; i < columns.size(); i++) {
        Object value = e.after().get(i);
        if (value == ChangeEvent.UNAVAILABLE) {
          kept.add(columns.get(i).name());
        } else if (value == ChangeEvent.DEFAULT) {
          defaulted.add(columns.get(i).name());
        }
      }
      groups.computeIfAbsent(new Absent(kept, defaulted), k -> new ArrayList<>()).add(e.after());
    }
    return groups;
  }

  /**
   * Applies changes of {@code table} with its new definition from now on (a column was added to it
   * during the migration).
   */
  public void replace(TargetTable table) {
    tables.put(table.source().name(), table);
  }

  private static String ranges(List<ChangeEvent> events) {
    Map<String, long[]> byPartition = new TreeMap<>();
    for (ChangeEvent e : events) {
      long[] range =
          byPartition.computeIfAbsent(
              e.topic() + "-" + e.partition(), p -> new long[] {e.offset(), e.offset()});
      range[0] = Math.min(range[0], e.offset());
      range[1] = Math.max(range[1], e.offset());
    }
    return byPartition.entrySet().stream()
        .map(r -> r.getKey() + " offsets " + r.getValue()[0] + ".." + r.getValue()[1])
        .collect(Collectors.joining(", "));
  }

  private static String name(TargetTable table) {
    return table.schema() + "." + table.name();
  }

  private static String sqlState(Exception e) {
    return e instanceof SQLException s && s.getSQLState() != null
        ? "SQLState " + s.getSQLState() + ": "
        : "";
  }

  private static boolean isClosed(Connection c) {
    try {
      return c.isClosed();
    } catch (SQLException e) {
      return true;
    }
  }

  private static void restore(Connection c, boolean autoCommit, Exception failure) {
    try {
      c.setAutoCommit(autoCommit);
    } catch (SQLException e) {
      failure.addSuppressed(e);
    }
  }

  private static void rollback(Connection c, Exception failure) {
    try {
      c.rollback();
    } catch (SQLException e) {
      failure.addSuppressed(e);
    }
  }
}
