package io.godwit.observe;

import java.util.List;
import java.util.Map;
import java.util.Set;
import org.apache.kafka.common.TopicPartition;

/** What {@link LagMonitor} reads of the applier. */
public interface AppliedTables {
  /** The partitions of every table, once the applier has started. */
  Map<String, List<TopicPartition>> partitions();

  /** Tables whose changes are being applied. */
  Set<String> streamingTables();

  /** Tables stopped by a poison event. */
  Set<String> stoppedTables();

  /** The next offset to apply of each partition, as committed on the target. */
  Map<TopicPartition, Long> appliedOffsets();
}
