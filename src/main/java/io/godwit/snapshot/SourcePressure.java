package io.godwit.snapshot;

import io.godwit.db.Dialect;
import java.sql.Connection;
import java.sql.SQLException;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import javax.sql.DataSource;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Pauses the copy while a MySQL or MariaDB source is busy: once a second it reads {@code
 * Threads_running} through the source's {@link Dialect} and holds the {@link Throttle} while the
 * count is above the limit ({@code snapshot.max-threads-running}), so the migration yields to the
 * application.
 */
final class SourcePressure implements AutoCloseable {

  private static final Logger log = LoggerFactory.getLogger(SourcePressure.class);

  private final DataSource source;
  private final Dialect dialect;
  private final int limit;
  private final Throttle throttle;
  private final ScheduledExecutorService timer;

  private SourcePressure(DataSource source, Dialect dialect, int limit, Throttle throttle) {
    this.source = source;
    this.dialect = dialect;
    this.limit = limit;
    this.throttle = throttle;
    this.timer =
        Executors.newSingleThreadScheduledExecutor(DaemonThreads.named("godwit-source-pressure"));
  }

  /** Starts watching; a limit of 0 watches nothing. */
  static SourcePressure watch(DataSource source, Dialect dialect, int limit, Throttle throttle) {
    SourcePressure pressure = new SourcePressure(source, dialect, limit, throttle);
    if (limit > 0) {
      pressure.timer.scheduleWithFixedDelay(pressure::check, 0, 1, TimeUnit.SECONDS);
    }
    return pressure;
  }

  private void check() {
    try (Connection c = source.getConnection()) {
      long running = dialect.runningThreads(c).orElse(0);
      boolean busy = running > limit;
      if (busy != throttle.isPaused()) {
        log.info(
            busy
                ? "Source busy: Threads_running {} is above {}; copy paused"
                : "Source calm again: Threads_running {} is at most {}; copy resumed",
            running,
            limit);
      }
      throttle.setPaused(busy);
    } catch (SQLException e) {
      log.warn("Cannot read Threads_running from the source: {}; copy not paused", e.getMessage());
      throttle.setPaused(false);
    }
  }

  @Override
  public void close() {
    timer.shutdownNow();
    throttle.setPaused(false);
  }
}
