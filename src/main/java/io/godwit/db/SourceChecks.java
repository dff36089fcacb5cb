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
}
