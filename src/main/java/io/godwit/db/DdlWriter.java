package io.godwit.db;

import io.godwit.schema.TargetTable;
import java.util.List;

/**
 * Target DDL for translated tables. Tables are created with their primary key; secondary indexes
 * and foreign keys come after the bulk copy.
 */
public interface DdlWriter {

  /** Creates the target schema (PostgreSQL) or database (MySQL) if it does not exist. */
  String createSchema(String schema);

  /**
   * Statements that create the table with its columns, primary key and CHECK constraints, preceded
   * by any types it needs (PostgreSQL enum types).
   */
  List<String> createTable(TargetTable table);

  /**
   * Statements that add {@code columns} to the existing {@code table} (preceded by any types they
   * need), for columns added to the source table during a migration.
   */
  List<String> addColumns(TargetTable table, List<TargetTable.TargetColumn> columns);

  /** Statements that create the secondary indexes. */
  List<String> createIndexes(TargetTable table);

  /**
   * Statements that set the table's comments of the source, which {@link #createTable} includes.
   * Empty on MySQL, whose CREATE TABLE has them as table and column options.
   */
  List<String> comments(TargetTable table);

  /**
   * Statements that add the table's CHECK constraints of the source after the copy, idempotent when
   * "already exists" counts as done. PostgreSQL: each {@code NOT VALID} (a short lock), then
   * validated (no write lock). Empty on MySQL, where {@link #createTable} has them: each copied row
   * is checked as it is inserted, and no ALTER rebuilds the table after the copy.
   */
  List<String> addChecks(TargetTable table);

  /**
   * Statements that keep the source's {@code ON UPDATE CURRENT_TIMESTAMP} columns where the table
   * itself cannot (PostgreSQL: a trigger), idempotent. Run at cutover and never while the applier
   * streams: they would overwrite the values it replicates. Empty when the table has none or keeps
   * them in its definition (MySQL).
   */
  List<String> createOnUpdateTriggers(TargetTable table);

  /**
   * Statements that add the foreign keys. On PostgreSQL each is added {@code NOT VALID} and then
   * validated, so the add does not hold a long lock.
   */
  List<String> addForeignKeys(TargetTable table);
}
