package io.godwit.state;

import static java.util.concurrent.TimeUnit.MILLISECONDS;

import io.godwit.db.TransientFailure;
import java.net.InetAddress;
import java.net.UnknownHostException;
import java.sql.Connection;
import java.sql.SQLException;
import java.time.Duration;
import java.util.Optional;
import java.util.OptionalLong;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The single-runner lock of a migration: a session lock held by one target connection until closed.
 * The session can die under it (a restarted target, a killed backend), which frees the lock for
 * anyone; {@link #keep} notices that and takes it again, or fails when another process took it
 * meanwhile, because two appliers on one migration could write an older change over a newer one.
 * Noticing takes up to a check's interval, so the lock is not the fence: every writing transaction
 * checks the lock's {@link #epoch} before it commits.
 */
public final class RunnerLock implements AutoCloseable {

  private static final Logger log = LoggerFactory.getLogger(RunnerLock.class);
  private static final int VALID_TIMEOUT_SECONDS = 5;

  private final String migration;
  private final String runner;
  private final StateStore store;
  private final RunnerEpoch epoch;
  private Connection connection;
  private ScheduledExecutorService watcher;
  private volatile StateStoreException lost;

  RunnerLock(StateStore.Held held, String migration, String runner, StateStore store) {
    this.connection = held.session();
    this.epoch = held.epoch();
    this.migration = migration;
    this.runner = runner;
    this.store = store;
  }

  /** Names this process as a runner, as the lock records it: host and process id. */
  public static String runnerName() {
    String host;
    try {
      host = InetAddress.getLocalHost().getHostName();
    } catch (UnknownHostException e) {
      host = "unknown-host";
    }
    return "godwit on %s (pid %d)".formatted(host, ProcessHandle.current().pid());
  }

  /**
   * The epoch this runner took with the lock; it stays the same when {@link #keep} takes it again.
   */
  public RunnerEpoch epoch() {
    return epoch;
  }

  /**
   * Checks the session holding the lock is alive, and takes the lock again on a new session when it
   * is not.
   *
   * @throws StateStoreException when another process holds the lock now, or took it meanwhile
   * @throws SQLException when the target cannot be reached; the caller tries again later
   */
  public synchronized void keep() throws SQLException {
    if (connection != null && connection.isValid(VALID_TIMEOUT_SECONDS)) {
      return;
    }
    closeQuietly();
    connection = store.lock(migration, runner, OptionalLong.of(epoch.epoch())).session();
    log.warn(
        "The target session holding the runner lock of {} was lost; took the lock again",
        migration);
  }

  /**
   * Keeps the lock from now on, checking every {@code every}; {@link #lost} then tells whether
   * another process took it.
   */
  public void watch(Duration every) {
    ScheduledExecutorService w =
        Executors.newSingleThreadScheduledExecutor(
            r -> {
              Thread t = new Thread(r, "godwit-runner-lock-" + migration);
              t.setDaemon(true);
              return t;
            });
    w.scheduleWithFixedDelay(this::keepQuietly, every.toMillis(), every.toMillis(), MILLISECONDS);
    watcher = w;
  }

  /** Set when the lock could not be kept because another process holds it now. */
  public Optional<StateStoreException> lost() {
    return Optional.ofNullable(lost);
  }

  private void keepQuietly() {
    try {
      keep();
    } catch (StateStoreException e) {
      lost = e;
      log.error("Lost the runner lock of {}: {}", migration, e.getMessage());
    } catch (SQLException | RuntimeException e) {
      log.warn("Cannot check the runner lock of {} now, trying again: {}", migration, e.toString());
    }
  }

  @Override
  public synchronized void close() throws SQLException {
    if (watcher != null) {
      watcher.shutdownNow();
    }
    if (connection == null) {
      return;
    }
    try {
      store.unlock(connection, migration);
    } catch (SQLException e) {
      if (!TransientFailure.is(e)) {
        throw e;
      }
      log.warn(
          "The runner lock of {} was lost with its session; the runner name stays until the next run",
          migration);
    } finally {
      closeQuietly();
    }
  }

  private void closeQuietly() {
    if (connection == null) {
      return;
    }
    try {
      connection.close();
    } catch (SQLException e) {
      log.debug("Closing the lost lock session failed", e);
    }
    connection = null;
  }
}
