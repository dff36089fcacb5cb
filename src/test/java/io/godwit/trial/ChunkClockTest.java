package io.godwit.trial;

import static org.assertj.core.api.Assertions.assertThat;

import io.godwit.snapshot.PausePoints;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

class ChunkClockTest {

  /**
   * Failed before the copy step had its own point: a worker's first chunk was timed from the
   * snapshot's start, so it carried the tables' creation and the chunk planning, which a trial then
   * scaled by the plan's rows over the sample's as if they were copy time.
   */
  @Test
  void aWorkersFirstChunkIsTimedFromTheCopyStepNotFromTheSnapshotsStart() throws Exception {
    List<String> passedOn = new ArrayList<>();
    ChunkClock clock =
        new ChunkClock(
            new PausePoints() {
              @Override
              public void afterChunk(String table, int chunk) {
                passedOn.add(table + " " + chunk);
              }

              @Override
              public void beforeCopy() {
                passedOn.add("copy");
              }
            });
    clock.beforeSnapshot();
    Thread.sleep(1_000); // preparing the tables and planning the chunks
    clock.beforeCopy();
    Thread.sleep(50);
    clock.afterChunk("orders", 0);
    Thread.sleep(50);
    clock.afterChunk("orders", 1);

    List<ChunkClock.Done> done = clock.chunks("orders");
    assertThat(done).extracting(ChunkClock.Done::chunk).containsExactly(0, 1);
    assertThat(done.get(0).seconds()).isBetween(0.05, 0.9);
    assertThat(done.get(0).first()).isTrue();
    assertThat(done.get(1).seconds()).isBetween(0.05, 0.9);
    assertThat(done.get(1).first()).isFalse();
    assertThat(passedOn).containsExactly("copy", "orders 0", "orders 1");
  }

  @Test
  void eachWorkerTimesItsChunksFromItsOwnPreviousCommit() throws Exception {
    ChunkClock clock = new ChunkClock(PausePoints.NONE);
    clock.beforeSnapshot();
    clock.beforeCopy();
    Thread.sleep(300);
    clock.afterChunk("customers", 0);
    Thread other =
        new Thread(
            () -> {
              try {
                clock.afterChunk("customers", 1);
              } catch (Exception e) {
                throw new IllegalStateException(e);
              }
            });
    other.start();
    other.join();

    List<ChunkClock.Done> done = clock.chunks("customers");
    assertThat(done).extracting(ChunkClock.Done::first).containsExactly(true, true);
    assertThat(done.get(1).seconds())
        .as("the other worker's first chunk counts from the copy step's start too")
        .isGreaterThanOrEqualTo(done.get(0).seconds());
  }
}
