package io.godwit.state;

import io.godwit.db.TransientFailure;
import java.sql.Connection;
import java.sql.SQLException;
import java.time.Duration;
import javax.sql.DataSource;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A state-store write that stands alone (not inside a chunk's or a batch's transaction), written
 * again on a new connection while it fails transiently (a lost connection, a database restarting, a
 * deadlock) for up to a window: after 0.5 s, doubling to 8 s, as a chunk is copied again. An
 * attempt may have committed before its connection was lost, so each write is told whether it runs
 * again and must then check what the lost attempt left.
 */
public final class StateWrites {

  /** The snapshot's chunk retry window. */
  public static final Duration WINDOW = Duration.ofSeconds(60);

  private static final Logger log = LoggerFactory.getLogger(StateWrites.class);
  private static final long FIRST_BACKOFF_MS = 500;
  private static final long MAX_BACKOFF_MS = 8_000;

  /** One write on a connection in auto-commit mode. */
  @FunctionalInterface
  public interface Write {
    /**
     * @param again true when an earlier attempt lost its connection, perhaps after it committed
     */
    void run(Connection target, boolean again) throws SQLException;
  }

  private final DataSource target;
  private final Duration window;

  public StateWrites(DataSource target, Duration window) {
    this.target = target;
    this.window = window;
  }

  /**
   * Runs {@code write}, again while it fails transiently and the window has not passed.
   *
   * @param what names the write for the log and the error, e.g. "moving orders to COPIED"
   * @throws StateStoreException when every attempt within the window failed transiently
   * @throws SQLException the first failure that is not transient
   */
  public void run(String what, Write write) throws SQLException, InterruptedException {
    long deadline = System.nanoTime() + window.toNanos();
    long backoff = FIRST_BACKOFF_MS;
    for (int attempt = 1; ; attempt++) {
      try (Connection c = target.getConnection()) {
        write.run(c, attempt > 1);
        return;
      } catch (SQLException e) {
        if (!TransientFailure.is(e)) {
          throw e;
        }
        if (System.nanoTime() + backoff * 1_000_000 > deadline) {
          throw new StateStoreException(
              ("%s in the state store failed on all %d attempts within %d s, last: %s (SQLState %s);"
                      + " fix: make sure the target accepts connections, then run again: the"
                      + " migration resumes from its state store")
                  .formatted(what, attempt, window.toSeconds(), e.getMessage(), e.getSQLState()),
              e);
        }
        log.warn(
            "{} in the state store failed (attempt {}), writing it again on a new connection in {}"
                + " ms: {}",
            what,
            attempt,
            backoff,
            e.getMessage());
        Thread.sleep(backoff);
        backoff = Math.min(backoff * 2, MAX_BACKOFF_MS);
      }
    }
  }
}
