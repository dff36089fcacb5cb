package io.godwit.snapshot;

import io.godwit.Godwit;
import io.godwit.config.ConfigLoader;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import java.nio.file.Path;

/**
 * Runs {@code godwit snapshot} in a child process and halts that process, as {@code kill -9} would,
 * right after chunk {@code k} of a table committed: no shutdown hooks, no clean close.
 */
public final class HaltAfterChunk {

  private HaltAfterChunk() {}

  /** Arguments: migration file, table, chunk number. */
  public static void main(String[] args) throws Exception {
    String table = args[1];
    int chunk = Integer.parseInt(args[2]);
    new Godwit(
            new ConfigLoader().load(Path.of(args[0])),
            new SimpleMeterRegistry(),
            (t, c) -> {
              if (t.equals(table) && c == chunk) {
                Runtime.getRuntime().halt(137);
              }
            })
        .snapshot();
    System.exit(0);
  }
}
