package io.godwit.testing;

import io.godwit.engine.Engine;

/**
 * A throwaway database server of a test's own ({@link ScratchPostgres}, {@link ScratchMariaDb}),
 * which the test may restart: the shared test servers must never be.
 */
public interface ScratchServer extends AutoCloseable {

  Engine engine();

  /** The URL of a database on this server. */
  String url(String database);

  /** Shuts the server down cleanly and starts it again on the same data and port. */
  void restart() throws Exception;

  /**
   * Kills the server's processes with {@code SIGKILL} (no shutdown, nothing flushed by the server)
   * and starts it again on the same data and port, which recovers from its log as after a crash;
   * returns once it accepts connections.
   */
  void kill() throws Exception;
}
