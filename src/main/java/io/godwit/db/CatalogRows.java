package io.godwit.db;

import io.godwit.schema.Column;
import io.godwit.schema.ForeignKey;
import io.godwit.schema.Index;
import io.godwit.schema.Table;
import java.sql.Connection;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.UnaryOperator;

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

  /**
   * Adds the foreign keys {@code sql} lists for {@code schema} to their tables in {@code parts}.
   * The query returns one row per column of a key, in the key's order: table, constraint, column,
   * referenced schema, referenced table, referenced column, update rule, delete rule; rows of
   * tables not in {@code parts} are passed over.
   *
   * @param action a rule as the engine reports it, as SQL names it ({@code CASCADE}, ...)
   */
  static void readForeignKeys(
      Connection connection,
      String sql,
      String schema,
      Map<String, TableParts> parts,
      UnaryOperator<String> action)
      throws SQLException {
    Map<String, Map<String, ForeignKey>> byTable = new LinkedHashMap<>();
    Jdbc.forEachRow(
        connection,
        sql,
        rs -> {
          String name = rs.getString(2);
          Map<String, ForeignKey> fks =
              byTable.computeIfAbsent(rs.getString(1), t -> new LinkedHashMap<>());
          ForeignKey previous = fks.get(name);
          List<String> columns = new ArrayList<>(previous == null ? List.of() : previous.columns());
          List<String> refColumns =
              new ArrayList<>(previous == null ? List.of() : previous.referencedColumns());
          columns.add(rs.getString(3));
          refColumns.add(rs.getString(6));
          fks.put(
              name,
              new ForeignKey(
                  name,
                  columns,
                  rs.getString(4),
                  rs.getString(5),
                  refColumns,
                  action.apply(rs.getString(7)),
                  action.apply(rs.getString(8))));
        },
        schema);
    byTable.forEach(
        (table, fks) -> {
          TableParts p = parts.get(table);
          if (p != null) {
            p.foreignKeys.addAll(fks.values());
          }
        });
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
