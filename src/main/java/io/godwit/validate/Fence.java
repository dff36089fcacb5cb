package io.godwit.validate;

import java.time.Duration;

/**
 * Returns once every change the source committed before the call is applied on the target: what
 * lets validation tell a row still in flight from a real difference while the migration streams.
 */
@FunctionalInterface
public interface Fence {

  /** Nothing streams: what differs now differs for good. */
  Fence NONE = timeout -> {};

  void settle(Duration timeout) throws Exception;
}
