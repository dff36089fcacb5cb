package io.godwit.snapshot;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.godwit.testing.Waits;
import java.time.Duration;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

class ThrottleTest {

  @Test
  void aStopEndsACopyHeldByTheOperatorAndABrakeAtOnce() throws Exception {
    Throttle throttle = new Throttle(0);
    throttle.setPaused(true);
    throttle.hold(Throttle.Hold.SOURCE_THREADS, true);
    CompletableFuture<Void> worker = acquiring(throttle, 256);
    assertThat(waitsHeld(worker)).as("held by both").isTrue();

    long stopping = System.nanoTime();
    throttle.stop();
    assertThatThrownBy(() -> worker.get(2, TimeUnit.SECONDS))
        .isInstanceOf(ExecutionException.class)
        .hasCauseInstanceOf(CopyStoppedException.class)
        .hasMessageContaining("resumes at the first chunk not copied");
    assertThat(Duration.ofNanos(System.nanoTime() - stopping)).isLessThan(Duration.ofSeconds(1));
    assertThat(throttle.holds())
        .as("the holds stay: the status still says who held the copy")
        .containsExactly(Throttle.Hold.OPERATOR, Throttle.Hold.SOURCE_THREADS);
  }

  @Test
  void aStopEndsAWaitForTheRowsPerSecondCeiling() throws Exception {
    Throttle throttle = new Throttle(1);
    throttle.acquire(1);
    CompletableFuture<Void> worker = acquiring(throttle, 3_600);
    assertThat(waitsHeld(worker)).as("paced for an hour").isTrue();

    throttle.stop();
    assertThatThrownBy(() -> worker.get(2, TimeUnit.SECONDS))
        .hasCauseInstanceOf(CopyStoppedException.class);
  }

  @Test
  void theCopyGoesOnOnlyOnceEveryHoldIsReleased() throws Exception {
    Throttle throttle = new Throttle(0);
    throttle.setPaused(true);
    throttle.hold(Throttle.Hold.REPLICA_LAG, true);
    CompletableFuture<Void> worker = acquiring(throttle, 256);

    throttle.hold(Throttle.Hold.REPLICA_LAG, false);
    assertThat(waitsHeld(worker)).as("the operator's pause still holds").isTrue();
    throttle.setPaused(false);
    worker.get(2, TimeUnit.SECONDS);
    assertThat(throttle.stopped()).isFalse();
  }

  @Test
  void aStoppedCopyCannotAcquireAgain() {
    Throttle throttle = new Throttle(0);
    throttle.stop();
    assertThatThrownBy(() -> throttle.acquire(1)).isInstanceOf(CopyStoppedException.class);
    assertThat(throttle.stopped()).isTrue();
  }

  /** A worker thread acquiring {@code rows}; the future ends with it. */
  private static CompletableFuture<Void> acquiring(Throttle throttle, int rows) {
    CompletableFuture<Void> done = new CompletableFuture<>();
    Thread worker =
        new Thread(
            () -> {
              try {
                throttle.acquire(rows);
                done.complete(null);
              } catch (Throwable e) {
                done.completeExceptionally(e);
              }
            },
            "throttle-test-worker");
    worker.setDaemon(true);
    worker.start();
    WORKERS.put(done, worker);
    return done;
  }

  private static final Map<CompletableFuture<Void>, Thread> WORKERS = new ConcurrentHashMap<>();

  /** Whether {@code worker} is parked waiting in {@link Throttle#acquire}, not done. */
  private static boolean waitsHeld(CompletableFuture<Void> worker) throws Exception {
    Thread thread = WORKERS.get(worker);
    return Waits.within(
            2_000,
            () ->
                thread.getState() == Thread.State.WAITING
                    || thread.getState() == Thread.State.TIMED_WAITING)
        && !worker.isDone();
  }
}
