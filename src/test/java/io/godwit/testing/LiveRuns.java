package io.godwit.testing;

import io.godwit.LiveMigration;
import java.util.concurrent.CompletableFuture;

/** A live migration run in the background by a test. */
public final class LiveRuns {

  private LiveRuns() {}

  /** Runs {@code live} in the background; the future fails with whatever ended the run. */
  public static CompletableFuture<Void> start(LiveMigration live) {
    return CompletableFuture.runAsync(
        () -> {
          try {
            live.run();
          } catch (Exception e) {
            throw new IllegalStateException(e);
          }
        });
  }
}
