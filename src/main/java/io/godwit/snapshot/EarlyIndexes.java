package io.godwit.snapshot;

import io.godwit.schema.TargetTable;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;

/**
 * Builds a table's secondary indexes (those {@code which} chooses) as soon as its last chunk is
 * copied, while other tables are still copying, one table at a time. The indexes step then waits
 * for these and creates whatever is left (an index that exists already counts as done).
 */
final class EarlyIndexes {

  private final AfterCopy after;
  private final AfterCopy.Indexes which;
  private final ExecutorService executor =
      Executors.newSingleThreadExecutor(DaemonThreads.named("godwit-early-indexes"));
  private final List<Future<String>> started = new ArrayList<>();

  EarlyIndexes(AfterCopy after, AfterCopy.Indexes which) {
    this.after = after;
    this.which = which;
  }

  synchronized void start(TargetTable table) {
    if (!which.of(table).isEmpty()) {
      started.add(executor.submit(() -> table.name() + " " + after.indexes(List.of(table), which)));
    }
  }

  /** Waits for the indexes started early; says what they did. */
  String finish() throws SQLException {
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
    return done.isEmpty()
        ? "none built while other tables copied"
        : "built while other tables copied: " + String.join("; ", done);
  }
}
