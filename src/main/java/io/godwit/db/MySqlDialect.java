package io.godwit.db;

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
}
