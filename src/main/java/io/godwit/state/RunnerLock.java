package io.godwit.state;

import io.godwit.db.Dialect;
import io.godwit.db.Jdbc;
import java.sql.Connection;
import java.sql.SQLException;

/** The single-runner lock of a migration, held by one target session until closed. */
public final class RunnerLock implements AutoCloseable {

  private final Connection connection;
  private final String lockName;
  private final String migration;
  private final Dialect dialect;

  RunnerLock(Connection connection, String lockName, String migration, Dialect dialect) {
    this.connection = connection;
    this.lockName = lockName;
    this.migration = migration;
    this.dialect = dialect;
  }

  @Override
  public void close() throws SQLException {
    try {
      Jdbc.update(
          connection,
          "UPDATE _godwit.migration SET runner = NULL, runner_since = NULL WHERE name = ?",
          migration);
      dialect.unlock(connection, lockName);
    } finally {
      connection.close();
    }
  }
}
