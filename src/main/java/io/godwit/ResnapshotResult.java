package io.godwit;

import java.util.Set;

/**
 * What {@code godwit resnapshot} did.
 *
 * @param throughRun true when a running {@code godwit run} took the request through its control
 *     API; false when it was stored for the next run
 * @param requested every table whose re-copy is asked for and not yet begun, afterwards
 */
public record ResnapshotResult(boolean throughRun, Set<String> requested) {

  public ResnapshotResult {
    requested = Set.copyOf(requested);
  }
}
