package io.godwit.apply;

import io.godwit.state.AppliedOffsets.Partition;
import java.util.Map;

/**
 * What one applied batch did.
 *
 * @param events the changes received
 * @param upserts rows inserted or updated after coalescing
 * @param deletes rows deleted after coalescing
 * @param nextOffsets the offsets committed with the rows: per partition, the next one to consume
 */
public record BatchResult(int events, int upserts, int deletes, Map<Partition, Long> nextOffsets) {

  public BatchResult {
    nextOffsets = Map.copyOf(nextOffsets);
  }
}
