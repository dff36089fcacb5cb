package io.godwit.snapshot;

import io.godwit.db.TransientFailure;
import io.godwit.observe.SnapshotMeters;
import java.sql.Connection;
import java.sql.SQLException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.Queue;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.atomic.AtomicReference;
import javax.sql.DataSource;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Runs chunk copies on N workers that take chunks across all tables from one queue. Each worker
 * holds one source and one target connection. A chunk lost to a transient failure is copied again
 * on new connections for up to the retry window. After the first failure that stays, no new chunk
 * starts; chunks already running finish (each commits or rolls back whole) and the failure is
 * thrown. Once the {@link Throttle} is stopped, no new chunk starts either, the chunks being read
 * roll back, and {@link CopyStoppedException} is thrown.
 */
final class CopyWorkers {

  private static final Logger log = LoggerFactory.getLogger(CopyWorkers.class);
  private static final long FIRST_BACKOFF_MS = 500;
  private static final long MAX_BACKOFF_MS = 8_000;

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
  private final Duration retryWindow;
  private final Throttle throttle;

  CopyWorkers(
      DataSource source,
      DataSource target,
      ChunkCopier copier,
      int workers,
      Duration retryWindow,
      Throttle throttle) {
    this.source = source;
    this.target = target;
    this.copier = copier;
    this.workers = workers;
    this.retryWindow = retryWindow;
    this.throttle = throttle;
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
    if (throttle.stopped() && !queue.isEmpty()) {
      throw new CopyStoppedException();
    }
  }

  private void work(
      Queue<Task> queue,
      AtomicReference<Exception> failure,
      Listener listener,
      SnapshotMeters meters) {
    Connections connections = new Connections();
    try {
      Task task;
      while (failure.get() == null && !throttle.stopped() && (task = queue.poll()) != null) {
        try {
          ChunkCopier.Copied copied = copyRetrying(connections, task);
          meters.table(task.table().sourceName()).copied(copied.rows(), copied.bytes());
          listener.copied(task, copied);
        } catch (Exception e) {
          failure.compareAndSet(null, e);
        }
      }
    } finally {
      connections.close();
    }
  }

  /**
   * Copies a chunk, again on fresh connections while its failure is transient (a lost connection, a
   * database restarting, a deadlock) and the retry window has not passed. Retrying is safe: a
   * failed chunk kept nothing, its rows and its checkpoint were rolled back together.
   */
  private ChunkCopier.Copied copyRetrying(Connections connections, Task task) throws Exception {
    long deadline = System.nanoTime() + retryWindow.toNanos();
    long backoff = FIRST_BACKOFF_MS;
    int attempt = 1;
    while (true) {
      try {
        if (attempt > 1) {
          Optional<ChunkCopier.Copied> committed =
              copier.alreadyCopied(connections.target(), task.table(), task.chunk());
          if (committed.isPresent()) {
            log.info(
                "Chunk {} of {} was committed before its connection was lost; not copying it again",
                task.chunk().number(),
                task.table().sourceName());
            return committed.get();
          }
        }
        return copier.copy(connections.source(), connections.target(), task.table(), task.chunk());
      } catch (ChunkFailedException | SQLException e) {
        connections.close();
        if (!TransientFailure.is(e)) {
          throw e;
        }
        if (System.nanoTime() + backoff * 1_000_000 > deadline) {
          throw new ChunkFailedException(task.table(), task.chunk(), attempt, retryWindow, e);
        }
        log.warn(
            "Copying chunk {} of {} failed (attempt {}), copying it again on new connections in {} ms: {}",
            task.chunk().number(),
            task.table().sourceName(),
            attempt,
            backoff,
            e.getMessage());
        if (throttle.awaitStop(backoff * 1_000_000)) {
          throw new CopyStoppedException();
        }
        backoff = Math.min(backoff * 2, MAX_BACKOFF_MS);
        attempt++;
      }
    }
  }

  /**
   * A worker's source and target connection, opened when first needed, dropped after a failure and
   * replaced when the pool closed one it found broken (after a chunk that was already committed).
   */
  private final class Connections {
    private Connection source;
    private Connection target;

    Connection source() throws SQLException {
      source = open(source, CopyWorkers.this.source);
      return source;
    }

    Connection target() throws SQLException {
      target = open(target, CopyWorkers.this.target);
      return target;
    }

    private static Connection open(Connection held, DataSource pool) throws SQLException {
      return held == null || held.isClosed() ? pool.getConnection() : held;
    }

    void close() {
      source = closeQuietly(source);
      target = closeQuietly(target);
    }

    private static Connection closeQuietly(Connection c) {
      if (c != null) {
        try {
          c.close();
        } catch (SQLException e) {
          log.debug("Closing a copy worker's connection failed: {}", e.toString());
        }
      }
      return null;
    }
  }
}
