package io.godwit.snapshot;

import io.godwit.observe.SnapshotMeters;
import java.sql.Connection;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.List;
import java.util.Queue;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.atomic.AtomicReference;
import javax.sql.DataSource;

/**
 * Runs chunk copies on N workers that take chunks across all tables from one queue. Each worker
 * holds one source and one target connection. After the first failure no new chunk starts; chunks
 * already running finish (each commits or rolls back whole) and the failure is thrown.
 */
final class CopyWorkers {

  /** A chunk to copy. */
  record Task(TableCopy table, Chunk chunk) {}

  /** Told when a chunk is copied, from the worker's thread. */
  interface Listener {
    void copied(Task task, ChunkCopier.Copied copied) throws Exception;
  }

  private final DataSource source;
  private final DataSource target;
  private final ChunkCopier copier;
  private final int workers;

  CopyWorkers(DataSource source, DataSource target, ChunkCopier copier, int workers) {
    this.source = source;
    this.target = target;
    this.copier = copier;
    this.workers = workers;
  }

  void run(List<Task> tasks, Listener listener, SnapshotMeters meters) throws SQLException {
    if (tasks.isEmpty()) {
      return;
    }
    Queue<Task> queue = new ConcurrentLinkedQueue<>(tasks);
    AtomicReference<Exception> failure = new AtomicReference<>();
    int threads = Math.min(workers, tasks.size());
    ExecutorService pool =
        Executors.newFixedThreadPool(threads, DaemonThreads.named("godwit-copy"));
    try {
      List<Future<?>> futures = new ArrayList<>();
      for (int i = 0; i < threads; i++) {
        futures.add(
            pool.submit(
                () -> {
                  work(queue, failure, listener, meters);
                  return null;
                }));
      }
      for (Future<?> f : futures) {
        f.get();
      }
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      pool.shutdownNow();
      throw new SQLException("snapshot interrupted", "57014", e);
    } catch (ExecutionException e) {
      failure.compareAndSet(null, (Exception) e.getCause());
    } finally {
      pool.shutdown();
    }
    Exception first = failure.get();
    if (first instanceof RuntimeException re) {
      throw re;
    }
    if (first instanceof SQLException se) {
      throw se;
    }
    if (first != null) {
      throw new IllegalStateException(first);
    }
  }

  private void work(
      Queue<Task> queue,
      AtomicReference<Exception> failure,
      Listener listener,
      SnapshotMeters meters)
      throws SQLException {
    try (Connection src = source.getConnection();
        Connection tgt = target.getConnection()) {
      Task task;
      while (failure.get() == null && (task = queue.poll()) != null) {
        try {
          ChunkCopier.Copied copied = copier.copy(src, tgt, task.table(), task.chunk());
          meters.table(task.table().sourceName()).copied(copied.rows(), copied.bytes());
          listener.copied(task, copied);
        } catch (Exception e) {
          failure.compareAndSet(null, e);
        }
      }
    }
  }
}
