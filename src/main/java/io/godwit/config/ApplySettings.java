package io.godwit.config;

import java.time.Duration;
import java.util.Objects;

/**
 * How captured changes are written to the target.
 *
 * @param batchSize changes per transaction at most
 * @param maxBatchWait how long a partly filled batch waits before it is written
 * @param deadLetter whether a change the target rejects goes to a dead-letter topic instead of
 *     stopping the migration
 */
public record ApplySettings(int batchSize, Duration maxBatchWait, boolean deadLetter) {

  public ApplySettings {
    Objects.requireNonNull(maxBatchWait, "maxBatchWait");
  }
}
