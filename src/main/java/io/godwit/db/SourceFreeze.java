package io.godwit.db;

import java.sql.Connection;
import java.sql.SQLException;
import java.time.Duration;
import java.util.List;

/**
 * Stops and resumes the application's writes on a source for cutover (the {@code read-only} freeze
 * mode), and reads the source's position, recorded at cutover for a rollback.
 */
public interface SourceFreeze {

  /**
   * Makes the source refuse new writes, then waits up to {@code wait} for write transactions
   * already open to end; sessions of {@code appRoles} still writing after that are ended.
   *
   * @return what was done, in plain words, for the cutover log
   */
  String freeze(Connection connection, List<String> appRoles, Duration wait) throws SQLException;

  /**
   * Lets writes resume; safe to call when the source is not frozen. Where sessions opened during
   * the freeze stay read-only (PostgreSQL), those of {@code appRoles} are ended so their pools
   * reconnect writable: every such session was opened during the freeze, the freeze having ended
   * the others.
   */
  String unfreeze(Connection connection, List<String> appRoles) throws SQLException;

  /** The source's current log position: binlog file and position (and GTID set), or WAL LSN. */
  String position(Connection connection) throws SQLException;

  /** The wait between two looks at the source's open write transactions. */
  static void pause() throws SQLException {
    try {
      Thread.sleep(200);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new SQLException("interrupted while waiting for open write transactions", e);
    }
  }
}
