package io.godwit.db;

import io.godwit.schema.Column;
import io.godwit.schema.ForeignKey;
import io.godwit.schema.Index;
import io.godwit.schema.Table;
import java.sql.Connection;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/** What the catalogs share: a table whose parts are being read, and the reading of its columns. */
final class CatalogRows {

  private CatalogRows() {}

  /**
   * Adds the columns {@code sql} lists for {@code schema} to their tables in {@code parts}; the
   * query's first column names the table, and rows of tables not in {@code parts} are passed over.
   */
  static void readColumns(
      Connection connection,
      String sql,
      String schema,
      Map<String, TableParts> parts,
      Jdbc.RowReader<Column> column)
      throws SQLException {
    Jdbc.forEachRow(
        connection,
        sql,
        rs -> {
          TableParts table = parts.get(rs.getString(1));
          if (table != null) {
            table.columns.add(column.read(rs));
          }
        },
        schema);
  }

  /** The tables of {@code schema} made of their parts, in the order read. */
  static List<Table> tables(String schema, Map<String, TableParts> parts) {
    List<Table> tables = new ArrayList<>();
    parts.forEach((name, p) -> tables.add(p.toTable(schema, name)));
    return tables;
  }

  /** A table while its parts are read. */
  static final class TableParts {
    final long rows;
    final long bytes;
    final List<Column> columns = new ArrayList<>();
    final List<Index> indexes = new ArrayList<>();
    final List<ForeignKey> foreignKeys = new ArrayList<>();
    final List<String> skippedIndexes = new ArrayList<>();
    final String replicaIdentity;
    Index primaryKey;

    /**
     * @param replicaIdentity PostgreSQL's {@code relreplident} of the table, or null
     */
    TableParts(long rows, long bytes, String replicaIdentity) {
      this.rows = rows;
      this.bytes = bytes;
      this.replicaIdentity = replicaIdentity;
    }

    Table toTable(String schema, String name) {
      return new Table(
          schema,
          name,
          columns,
          primaryKey,
          indexes,
          foreignKeys,
          rows,
          bytes,
          replicaIdentity,
          skippedIndexes);
    }
  }
}
