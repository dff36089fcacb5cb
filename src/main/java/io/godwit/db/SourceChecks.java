package io.godwit.db;

import io.godwit.schema.Table;
import java.sql.Connection;
import java.sql.SQLException;
import java.util.List;

/** Pre-flight checks of a change-capture source: server settings, privileges, table keys. */
public interface SourceChecks {

  /**
   * Checks the server the connection is on, the connected user's privileges, and the tables to
   * migrate.
   *
   * @param migration the migration's name, which names its replication slot and publication
   */
  List<Finding> check(Connection connection, String migration, List<Table> tables)
      throws SQLException;

  /**
   * Checks only what capturing the server at all needs, tables aside: its change-log settings and
   * the connected user's replication rights. The reverse stream (rollback) captures a migration's
   * target, whose tables are the migration's own.
   *
   * @param slot the replication slot the capture would use (PostgreSQL: an existing slot of that
   *     name takes no free one); ignored by the binlog engines
   */
  List<Finding> captureServer(Connection connection, String slot) throws SQLException;
}
