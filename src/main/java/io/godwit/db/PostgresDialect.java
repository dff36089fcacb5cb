package io.godwit.db;

import java.sql.Connection;
import java.sql.SQLException;

/** PostgreSQL 12 and later. */
public class PostgresDialect implements Dialect {

  private final Catalog catalog = new PostgresCatalog();

  @Override
  public Engine engine() {
    return Engine.POSTGRESQL;
  }

  @Override
  public String quote(String identifier) {
    return '"' + identifier.replace("\"", "\"\"") + '"';
  }

  @Override
  public Catalog catalog() {
    return catalog;
  }

  @Override
  public SourceChecks sourceChecks() {
    return new PostgresSourceChecks(this);
  }

  @Override
  public String stateScripts() {
    return "postgresql";
  }

  /** Advisory locks take a 64-bit key: the first 64 bits of the name's MD5. */
  private static final String LOCK_KEY = "('x' || substr(md5(?), 1, 16))::bit(64)::bigint";

  @Override
  public boolean tryLock(Connection connection, String name) throws SQLException {
    return Jdbc.queryBoolean(connection, "SELECT pg_try_advisory_lock(" + LOCK_KEY + ")", name);
  }

  @Override
  public void unlock(Connection connection, String name) throws SQLException {
    Jdbc.queryBoolean(connection, "SELECT pg_advisory_unlock(" + LOCK_KEY + ")", name);
  }
}
