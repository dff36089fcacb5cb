package io.godwit.db;

import io.godwit.schema.Table;
import java.sql.Connection;
import java.sql.SQLException;
import java.util.List;

/** Reads table definitions from an engine's catalog. */
public interface Catalog {

  /** The schema (PostgreSQL) or database (MySQL) that unqualified names resolve to. */
  String currentSchema(Connection connection) throws SQLException;

  /** Every base table of the schema with columns, keys, indexes and foreign keys, by name. */
  List<Table> tables(Connection connection, String schema) throws SQLException;
}
