package io.godwit.db;

import java.sql.Connection;
import java.sql.SQLException;

/** MySQL 8. MariaDB extends it where the two differ. */
public class MySqlDialect implements Dialect {

  private final Catalog catalog = newCatalog();

  @Override
  public Engine engine() {
    return Engine.MYSQL;
  }

  @Override
  public String quote(String identifier) {
    return '`' + identifier.replace("`", "``") + '`';
  }

  @Override
  public Catalog catalog() {
    return catalog;
  }

  protected Catalog newCatalog() {
    return new MySqlCatalog();
  }

  @Override
  public SourceChecks sourceChecks() {
    return new MySqlSourceChecks(engine());
  }

  @Override
  public String stateScripts() {
    return "mysql";
  }

  @Override
  public boolean tryLock(Connection connection, String name) throws SQLException {
    return Jdbc.queryBoolean(connection, "SELECT GET_LOCK(?, 0) = 1", lockName(name));
  }

  @Override
  public void unlock(Connection connection, String name) throws SQLException {
    Jdbc.queryBoolean(connection, "SELECT RELEASE_LOCK(?) = 1", lockName(name));
  }

  /** MySQL lock names are at most 64 characters. */
  private static String lockName(String name) {
    return name.length() <= 64 ? name : name.substring(0, 64);
  }
}
