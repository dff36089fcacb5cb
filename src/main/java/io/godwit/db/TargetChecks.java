package io.godwit.db;

import java.sql.Connection;
import java.sql.SQLException;
import java.util.List;

/**
 * Pre-flight checks of a target: may the connected user create the migrated tables and Godwit's
 * state store, and write rows into them. A run that lacks a privilege would otherwise fail at its
 * first DDL statement, after the plan said ready.
 */
public interface TargetChecks {

  /**
   * Checks the connected user's privileges on the target.
   *
   * @param schema the schema (PostgreSQL) or database (MySQL/MariaDB) the tables go into
   * @param stateSchema the schema or database that holds Godwit's state store
   */
  List<Finding> check(Connection connection, String schema, String stateSchema) throws SQLException;

  /**
   * Checks that the connected user of the old source can take the reverse stream's writes after a
   * cutover ({@code rollback.reverse}): read and write the migrated tables, keep the reverse
   * stream's state store, and open the sessions that write past the freeze ({@link
   * OldSource#pastTheFreeze}). A user that lacks one of these would stop the reverse stream at its
   * first write, after the cutover, when the way back is needed.
   *
   * @param schema the schema (PostgreSQL) or database (MySQL/MariaDB) of the migrated tables
   * @param tables the migrated tables, by their names on the old source
   * @param stateSchema the schema or database that holds the reverse stream's state store
   * @param readOnlyFreeze whether the cutover freezes the old source with {@code read-only}, which
   *     the reverse applier's sessions must write past
   */
  List<Finding> checkOldSource(
      Connection connection,
      String schema,
      List<String> tables,
      String stateSchema,
      boolean readOnlyFreeze)
      throws SQLException;
}
