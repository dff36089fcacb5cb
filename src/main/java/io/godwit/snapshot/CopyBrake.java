package io.godwit.snapshot;

import com.zaxxer.hikari.HikariDataSource;
import io.godwit.config.Endpoint;
import io.godwit.db.Dialect;
import io.godwit.db.Pools;
import io.godwit.db.ReplicaStatus;
import io.godwit.error.ErrorCode;
import io.godwit.error.GodwitException;
import java.sql.Connection;
import java.sql.SQLException;
import java.time.Duration;
import java.util.Optional;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.function.DoubleSupplier;
import javax.sql.DataSource;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Holds the copy while a load it must yield to is above its limit. Once a second a brake takes one
 * reading and holds the {@link Throttle} (its own {@link Throttle.Hold}, never the operator's)
 * while the reading is above the limit:
 *
 * <ul>
 *   <li>{@link #threadsRunning}: a MySQL or MariaDB source's {@code Threads_running} ({@code
 *       snapshot.max-threads-running});
 *   <li>{@link #replicaLag}: how far a replica of the source is behind ({@code
 *       snapshot.max-replica-lag}), as gh-ost throttles on its control replicas. A replica that is
 *       not replicating, or cannot be read, also holds the copy: its lag is unknown;
 *   <li>{@link #applyLag}: in a live run, the proven lag of the tables already streaming ({@code
 *       snapshot.max-apply-lag}), so that the copy leaves the target room to apply their changes.
 * </ul>
 */
public final class CopyBrake implements AutoCloseable {

  private static final Logger log = LoggerFactory.getLogger(CopyBrake.class);

  /** One reading: whether it is above the limit, and a line that says what was read. */
  record Reading(boolean busy, String says) {}

  /** Takes one reading. */
  @FunctionalInterface
  interface Gauge {
    Reading read() throws SQLException;
  }

  /** Takes one reading on a connection. */
  @FunctionalInterface
  interface SqlGauge {
    Reading read(Connection connection) throws SQLException;
  }

  private final Gauge gauge;
  private final Throttle.Hold hold;
  private final boolean holdWhenUnread;
  private final Throttle throttle;
  private final ScheduledExecutorService timer;
  private final HikariDataSource ownPool;

  private CopyBrake(
      Gauge gauge,
      Throttle.Hold hold,
      boolean holdWhenUnread,
      Throttle throttle,
      HikariDataSource ownPool) {
    this.ownPool = ownPool;
    this.gauge = gauge;
    this.hold = hold;
    this.holdWhenUnread = holdWhenUnread;
    this.throttle = throttle;
    this.timer =
        Executors.newSingleThreadScheduledExecutor(DaemonThreads.named("godwit-" + hold.label()));
  }

  /** Watches the source's {@code Threads_running}; a limit of 0 watches nothing. */
  static CopyBrake threadsRunning(
      DataSource source, Dialect dialect, int limit, Throttle throttle) {
    CopyBrake pressure =
        new CopyBrake(
            on(
                source,
                c -> {
                  long running = dialect.runningThreads(c).orElse(0);
                  return new Reading(
                      running > limit,
                      "Threads_running on the source is %d (limit %d)".formatted(running, limit));
                }),
            Throttle.Hold.SOURCE_THREADS,
            false,
            throttle,
            null);
    return limit > 0 ? pressure.start() : pressure;
  }

  /**
   * Watches the lag of {@code replica}, a replica of the source, on a connection of its own; no
   * replica or a zero limit watches nothing.
   *
   * @throws GodwitException when the replica's status cannot be read at the start, naming the fix
   */
  static CopyBrake replicaLag(Optional<Endpoint> replica, Duration limit, Throttle throttle) {
    SqlGauge lag =
        c -> {
          ReplicaStatus status = ReplicaStatus.read(c);
          if (!status.replicating()) {
            return new Reading(true, "The replica is not replicating (" + status.why() + ")");
          }
          return new Reading(
              status.secondsBehind() > limit.toSeconds(),
              "The replica is %d s behind the source (limit %d s)"
                  .formatted(status.secondsBehind(), limit.toSeconds()));
        };
    if (replica.isEmpty() || limit.isZero()) {
      return new CopyBrake(() -> null, Throttle.Hold.REPLICA_LAG, true, throttle, null);
    }
    HikariDataSource pool = Pools.open(replica.get(), "replica", 0);
    CopyBrake pressure =
        new CopyBrake(on(pool, lag), Throttle.Hold.REPLICA_LAG, true, throttle, pool);
    Reading first;
    try (Connection c = pool.getConnection()) {
      first = lag.read(c);
    } catch (SQLException e) {
      pool.close();
      throw new GodwitException(
          ErrorCode.CONFIG,
          ("cannot read the replica's status at snapshot.replica-url %s: %s; fix: point"
                  + " snapshot.replica-url at a replica of the source and grant %s REPLICATION"
                  + " CLIENT (MySQL) or REPLICA MONITOR (MariaDB), or set"
                  + " snapshot.max-replica-lag to 0")
              .formatted(
                  replica.get().shownUrl(),
                  replica.get().redaction().apply(e.getMessage()),
                  replica.get().shownUser()),
          e);
    }
    pressure.record(first);
    return pressure.everySecond();
  }

  /**
   * Watches the proven lag of the tables a live run already streams ({@code lagSeconds}: NaN while
   * none does); a zero limit watches nothing. The tables still being copied are not counted: their
   * changes wait in Kafka on purpose.
   */
  public static CopyBrake applyLag(DoubleSupplier lagSeconds, Duration limit, Throttle throttle) {
    double most = limit.toMillis() / 1000.0;
    CopyBrake brake =
        new CopyBrake(
            () -> {
              double lag = lagSeconds.getAsDouble();
              return new Reading(
                  lag > most,
                  "The tables already streaming are %.1f s behind the source (limit %.1f s)"
                      .formatted(Double.isNaN(lag) ? 0 : lag, most));
            },
            Throttle.Hold.APPLY_LAG,
            false,
            throttle,
            null);
    return limit.isZero() ? brake : brake.start();
  }

  /** A gauge that takes its reading on a connection of {@code database}'s. */
  private static Gauge on(DataSource database, SqlGauge gauge) {
    return () -> {
      try (Connection c = database.getConnection()) {
        return gauge.read(c);
      }
    };
  }

  /** Takes the first reading before the copy starts, then one a second. */
  private CopyBrake start() {
    check();
    return everySecond();
  }

  private CopyBrake everySecond() {
    timer.scheduleWithFixedDelay(this::check, 1, 1, TimeUnit.SECONDS);
    return this;
  }

  private void check() {
    try {
      record(gauge.read());
    } catch (SQLException e) {
      if (!holdWhenUnread || !throttle.holds().contains(hold)) {
        log.warn(
            "Cannot read {}: {}; copy {}",
            hold.label(),
            e.getMessage(),
            holdWhenUnread ? "paused until it can" : "not paused");
      }
      throttle.hold(hold, holdWhenUnread);
    }
  }

  /** Holds or releases the copy as {@code reading} says, logging a change. */
  private void record(Reading reading) {
    if (reading.busy() != throttle.holds().contains(hold)) {
      log.info(reading.busy() ? "{}: copy paused" : "{}: copy resumed", reading.says());
    }
    throttle.hold(hold, reading.busy());
  }

  @Override
  public void close() {
    timer.shutdownNow();
    throttle.hold(hold, false);
    if (ownPool != null) {
      ownPool.close();
    }
  }
}
