package io.godwit.live;

import io.godwit.LiveMigration;
import io.godwit.config.ConfigLoader;
import io.godwit.snapshot.PausePoints;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import java.nio.file.Path;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * Runs {@code godwit run} in a child process and halts it, as {@code kill -9} would, at a named
 * point: no shutdown hooks, no clean close of the capture, the applier or the broker.
 */
public final class HaltDuringRun {

  /** Where the process dies. */
  enum Point {
    /** P0 is proven and recorded; no chunk was read. */
    BEFORE_SNAPSHOT,
    /** Right after the second chunk of a table committed. */
    MID_SNAPSHOT,
    /** In the applier's third batch, after its rows and offsets were written, before the commit. */
    MID_APPLY
  }

  private HaltDuringRun() {}

  /** Arguments: migration file, point. */
  public static void main(String[] args) throws Exception {
    Point point = Point.valueOf(args[1]);
    AtomicInteger batches = new AtomicInteger();
    PausePoints halt =
        new PausePoints() {
          @Override
          public void afterChunk(String table, int chunk) {
            if (point == Point.MID_SNAPSHOT && chunk == 2) {
              Runtime.getRuntime().halt(137);
            }
          }

          @Override
          public void beforeSnapshot() {
            if (point == Point.BEFORE_SNAPSHOT) {
              Runtime.getRuntime().halt(137);
            }
          }

          @Override
          public void beforeApplyCommit() {
            if (point == Point.MID_APPLY && batches.incrementAndGet() == 3) {
              Runtime.getRuntime().halt(137);
            }
          }
        };
    new LiveMigration(new ConfigLoader().load(Path.of(args[0])), new SimpleMeterRegistry(), halt)
        .run();
    System.exit(0);
  }
}
