package io.godwit.db;

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
}
