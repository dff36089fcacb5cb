package io.godwit.cutover;

import java.time.Duration;
import java.util.List;

/** What the cutover needs from the running migration. */
public interface RunningMigration {

  /** Tables not yet streaming or stopped by an error, each with why; empty when all stream. */
  List<String> notStreaming() throws Exception;

  /** Tables whose applier an operator paused ({@code POST /api/apply/pause}); empty when none. */
  List<String> applyPaused() throws Exception;

  /** Proven end-to-end lag in seconds; NaN when unknown. */
  double lagSeconds();

  /** Changes in Kafka not yet applied, all tables. */
  long recordsBehind();

  /** Changes applied per second lately, all tables. */
  double applyRate();

  /** Changes applied since the run started: unchanged across two drains proves no writes. */
  long eventsApplied();

  /** Proves zero lag for everything the source committed before the call. */
  void drain(Duration timeout) throws Exception;

  /** Stops capture and apply once the target has taken over. */
  void finish();
}
