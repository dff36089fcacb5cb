package io.godwit.db;

/** MariaDB 10.5 and later: MySQL's syntax with its own JSON, defaults and binlog privileges. */
public class MariaDbDialect extends MySqlDialect {

  @Override
  public Engine engine() {
    return Engine.MARIADB;
  }

  @Override
  protected Catalog newCatalog() {
    return new MariaDbCatalog();
  }
}
