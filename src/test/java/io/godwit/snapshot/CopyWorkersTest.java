package io.godwit.snapshot;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.godwit.observe.SnapshotMeters;
import io.godwit.schema.ColumnRules;
import io.godwit.schema.RowFilter;
import io.godwit.schema.Table;
import io.godwit.schema.TargetTable;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import java.io.PrintWriter;
import java.sql.Connection;
import java.sql.SQLException;
import java.sql.SQLFeatureNotSupportedException;
import java.sql.SQLTransientConnectionException;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.logging.Logger;
import javax.sql.DataSource;
import org.junit.jupiter.api.Test;

class CopyWorkersTest {

  private static final TableCopy EVENTS =
      new TableCopy(
          new TargetTable(
              new Table(
                  "shop", "events", List.of(), null, List.of(), List.of(), 0, 0, null, List.of()),
              "public",
              "events",
              List.of(),
              List.of("id"),
              false,
              List.of(),
              List.of(),
              List.of(),
              List.of(),
              RowFilter.ALL,
              ColumnRules.NONE),
          List.of(),
          List.of(),
          List.of("id"));

  @Test
  void aConnectionThatStaysLostEndsTheCopyWithTheAttemptsAndTheFix() {
    FailingPool pool =
        new FailingPool(new SQLTransientConnectionException("connection refused", "08001"));
    CopyWorkers workers =
        new CopyWorkers(pool, pool, null, 1, Duration.ofSeconds(2), new Throttle(0));

    assertThatThrownBy(() -> run(workers))
        .isInstanceOf(ChunkFailedException.class)
        .hasMessageContaining("copying events into public.events failed in chunk 1")
        .hasMessageContaining("the connection failed on all 3 attempts within 2 s")
        .hasMessageContaining("connection refused [SQLState 08001]")
        .hasMessageContaining("Fix: make sure the source and the target accept connections")
        .hasMessageContaining("a resume copies only the chunks not done");
    assertThat(pool.calls.get()).isEqualTo(3);
  }

  @Test
  void aFailureThatNeedsAFixIsNotRetried() {
    FailingPool pool = new FailingPool(new SQLException("password authentication failed", "28P01"));
    CopyWorkers workers =
        new CopyWorkers(pool, pool, null, 1, Duration.ofSeconds(60), new Throttle(0));

    assertThatThrownBy(() -> run(workers)).hasMessage("password authentication failed");
    assertThat(pool.calls.get()).isEqualTo(1);
  }

  @Test
  void aStopEndsTheWaitToCopyALostChunkAgain() throws Exception {
    FailingPool pool =
        new FailingPool(new SQLTransientConnectionException("connection refused", "08001"));
    Throttle throttle = new Throttle(0);
    CopyWorkers workers = new CopyWorkers(pool, pool, null, 1, Duration.ofSeconds(60), throttle);
    Thread stopper =
        new Thread(
            () -> {
              while (pool.calls.get() == 0) {
                Thread.onSpinWait();
              }
              throttle.stop();
            });
    stopper.start();

    long started = System.nanoTime();
    assertThatThrownBy(() -> run(workers)).isInstanceOf(CopyStoppedException.class);
    stopper.join();
    assertThat(Duration.ofNanos(System.nanoTime() - started))
        .as("not the retry window")
        .isLessThan(Duration.ofSeconds(5));
    assertThat(pool.calls.get()).as("not copied again after the stop").isEqualTo(1);
  }

  @Test
  void noChunkStartsOnceTheCopyIsStopped() {
    FailingPool pool = new FailingPool(new SQLException("must not be asked", "XX000"));
    Throttle throttle = new Throttle(0);
    throttle.stop();
    CopyWorkers workers = new CopyWorkers(pool, pool, null, 2, Duration.ofSeconds(60), throttle);

    assertThatThrownBy(() -> run(workers)).isInstanceOf(CopyStoppedException.class);
    assertThat(pool.calls.get()).isZero();
  }

  private static void run(CopyWorkers workers) throws SQLException {
    workers.run(
        List.of(new CopyWorkers.Task(EVENTS, new Chunk("events", 1, List.of("0"), List.of("9")))),
        (task, copied) -> {},
        new SnapshotMeters(new SimpleMeterRegistry()));
  }

  /** A pool whose every connection attempt fails with the same error. */
  private static final class FailingPool implements DataSource {
    final AtomicInteger calls = new AtomicInteger();
    private final SQLException failure;

    FailingPool(SQLException failure) {
      this.failure = failure;
    }

    @Override
    public Connection getConnection() throws SQLException {
      calls.incrementAndGet();
      throw failure;
    }

    @Override
    public Connection getConnection(String user, String password) throws SQLException {
      return getConnection();
    }

    @Override
    public PrintWriter getLogWriter() {
      return null;
    }

    @Override
    public void setLogWriter(PrintWriter out) {}

    @Override
    public void setLoginTimeout(int seconds) {}

    @Override
    public int getLoginTimeout() {
      return 0;
    }

    @Override
    public Logger getParentLogger() throws SQLFeatureNotSupportedException {
      throw new SQLFeatureNotSupportedException();
    }

    @Override
    public <T> T unwrap(Class<T> type) throws SQLException {
      throw new SQLException("not a wrapper");
    }

    @Override
    public boolean isWrapperFor(Class<?> type) {
      return false;
    }
  }
}
