package io.godwit.db;

import java.sql.Connection;
import java.sql.SQLException;

/**
 * Everything that differs between engines, behind one small interface. The rest of Godwit speaks to
 * a dialect and its roles, never {@code if (postgres)}.
 */
public interface Dialect {

  Engine engine();

  /** Quotes an identifier, doubling embedded quote characters. */
  String quote(String identifier);

  default String qualify(String schema, String name) {
    return quote(schema) + "." + quote(name);
  }

  /** Reads tables, columns, keys, indexes and foreign keys. */
  Catalog catalog();

  /** Checks whether a server can be a change-capture source, and whether a user may. */
  SourceChecks sourceChecks();

  /** Writes the target's DDL: schema, tables, indexes, foreign keys. */
  DdlWriter ddl();

  /** The folder of the state store's versioned scripts for this engine's SQL. */
  String stateScripts();

  /**
   * Tries to take a session-level lock with the given name on the connection; returns false without
   * waiting when another session holds it.
   */
  boolean tryLock(Connection connection, String name) throws SQLException;

  /** Releases a lock taken by {@link #tryLock} on the same connection. */
  void unlock(Connection connection, String name) throws SQLException;

  static Dialect of(Engine engine) {
    return switch (engine) {
      case POSTGRESQL -> new PostgresDialect();
      case MYSQL -> new MySqlDialect();
      case MARIADB -> new MariaDbDialect();
    };
  }
}
