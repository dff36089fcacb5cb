package io.godwit.db;

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
}
