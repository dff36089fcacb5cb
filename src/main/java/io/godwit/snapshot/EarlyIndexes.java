package io.godwit.snapshot;

import io.godwit.schema.TargetTable;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;

/**
 * Builds a table's secondary indexes (those {@code which} chooses) as soon as its last chunk is
 * copied, while other tables are still copying, one table at a time. The indexes step then waits
 * for these and creates whatever is left (an index that exists already counts as done). It notes
 * how long each table's build took and how long the indexes step waited for them.
 */
final class EarlyIndexes {

  private final AfterCopy after;
  private final AfterCopy.Indexes which;
  private final ExecutorService executor =
      Executors.newSingleThreadExecutor(DaemonThreads.named("godwit-early-indexes"));
  private final List<Future<String>> started = new ArrayList<>();
  private final Map<String, Double> seconds = new ConcurrentHashMap<>();
  private volatile double waitedSeconds;

  EarlyIndexes(AfterCopy after, AfterCopy.Indexes which) {
    this.after = after;
    this.which = which;
  }

  synchronized void start(TargetTable table) {
    if (!which.of(table).isEmpty()) {
      started.add(executor.submit(() -> build(table)));
    }
  }

  private String build(TargetTable table) throws SQLException {
    long began = System.nanoTime();
    String done = after.indexes(List.of(table), which);
    seconds.put(table.source().name(), (System.nanoTime() - began) / 1e9);
    return table.name() + " " + done;
  }

  /** Waits for the indexes started early; says what they did. */
  String finish() throws SQLException {
    long began = System.nanoTime();
    executor.shutdown();
    List<String> done = new ArrayList<>();
    synchronized (this) {
      for (Future<String> f : started) {
        try {
          done.add(f.get());
        } catch (InterruptedException e) {
          Thread.currentThread().interrupt();
          throw new SQLException("interrupted while indexes were built", "57014", e);
        } catch (ExecutionException e) {
          if (e.getCause() instanceof SQLException se) {
            throw se;
          }
          throw new IllegalStateException(e.getCause());
        }
      }
    }
    waitedSeconds = (System.nanoTime() - began) / 1e9;
    return done.isEmpty()
        ? "none built while other tables copied"
        : "built while other tables copied: " + String.join("; ", done);
  }

  /**
   * How long the build of {@code sourceTable}'s indexes took on this thread; 0 when none was built
   * here (a table without such indexes, or one whose last chunk was not copied in this run).
   */
  double seconds(String sourceTable) {
    return seconds.getOrDefault(sourceTable, 0.0);
  }

  /** How long {@link #finish} waited for the builds still running when the copy ended. */
  double waitedSeconds() {
    return waitedSeconds;
  }
}
