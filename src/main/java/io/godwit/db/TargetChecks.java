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
}
