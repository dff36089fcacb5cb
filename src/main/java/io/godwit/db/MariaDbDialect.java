package io.godwit.db;

import io.godwit.engine.Engine;
import java.util.Map;

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

  @Override
  public SourceObjects sourceObjects() {
    return new MySqlObjects(true);
  }

  /** MariaDB Connector/J streams whenever the fetch size is positive. */
  @Override
  protected int streamingFetchSize() {
    return 10_000;
  }

  /** MariaDB Connector/J sends batches with its bulk protocol by default. */
  @Override
  public Map<String, String> driverProperties() {
    return Map.of();
  }

  @Override
  public SourceFreeze sourceFreeze() {
    return new MariaDbSourceFreeze();
  }

  /** MariaDB keeps a unique key past InnoDB's limit as a hash. */
  @Override
  public boolean refusesLongUniqueKeys() {
    return false;
  }
}
