package io.godwit.db;

import io.godwit.db.CatalogRows.TableParts;
import io.godwit.schema.Column;
import io.godwit.schema.ColumnType;
import io.godwit.schema.Index;
import io.godwit.schema.Table;
import java.sql.Connection;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Reads PostgreSQL's {@code pg_catalog}: base and partitioned tables, not partitions. A partitioned
 * table's row and size estimates are those of its leaf partitions together.
 */
class PostgresCatalog implements Catalog {

  private static final String TABLES =
      """
      SELECT c.relname,
             CASE WHEN c.relkind = 'p'
                  THEN (SELECT COALESCE(sum(GREATEST(p.reltuples, 0)), 0)
                          FROM pg_partition_tree(c.oid) t JOIN pg_class p ON p.oid = t.relid
                         WHERE t.isleaf)
                  ELSE GREATEST(c.reltuples, 0) END::bigint,
             CASE WHEN c.relkind = 'p'
                  THEN (SELECT COALESCE(sum(pg_relation_size(t.relid)), 0)
                          FROM pg_partition_tree(c.oid) t WHERE t.isleaf)
                  ELSE pg_relation_size(c.oid) END::bigint,
             c.relreplident
        FROM pg_class c JOIN pg_namespace n ON n.oid = c.relnamespace
       WHERE n.nspname = ? AND c.relkind IN ('r', 'p') AND NOT c.relispartition
       ORDER BY c.relname""";

  /**
   * The sequence feeding a single-column integer primary key through a {@code nextval} default when
   * no other column's default uses it: the form older dumps and hand-written schemas use instead of
   * {@code serial}. Such a key is migrated as an auto-increment key like a serial one. Needs the
   * aliases of {@link #COLUMNS}.
   */
  static final String KEY_SEQUENCE =
      """
      SELECT s.oid::regclass::text
        FROM pg_depend dep
        JOIN pg_class s ON s.oid = dep.refobjid AND s.relkind = 'S'
       WHERE dep.classid = 'pg_attrdef'::regclass AND dep.objid = d.oid
         AND dep.refclassid = 'pg_class'::regclass
         AND pg_get_expr(d.adbin, d.adrelid) = format('nextval(%L::regclass)', s.oid::regclass)
         AND t.typname IN ('int2', 'int4', 'int8')
         AND EXISTS (SELECT 1 FROM pg_index pk WHERE pk.indrelid = c.oid AND pk.indisprimary
                        AND pk.indnatts = 1 AND pk.indkey[0] = a.attnum)
         AND (SELECT count(*) FROM pg_depend other
               WHERE other.refobjid = s.oid AND other.classid = 'pg_attrdef'::regclass) = 1""";

  /** Domains are read as their base type; arrays as their element type with dimensions. */
  private static final String COLUMNS =
      """
      SELECT c.relname, a.attname, a.attnum, format_type(a.atttypid, a.atttypmod),
             et.typname, et.oid, CASE WHEN t.typcategory = 'A' THEN GREATEST(a.attndims, 1)
                                      ELSE 0 END,
             CASE WHEN t.typtype = 'd' THEN t.typtypmod ELSE a.atttypmod END,
             NOT a.attnotnull, pg_get_expr(d.adbin, d.adrelid), a.attidentity, a.attgenerated,
             COALESCE(pg_get_serial_sequence(format('%I.%I', n.nspname, c.relname), a.attname),
                      ("""
          + KEY_SEQUENCE
          + """
                         )),
                CASE WHEN a.attcollation <> t.typcollation THEN co.collname END
           FROM pg_attribute a
           JOIN pg_class c ON c.oid = a.attrelid
           JOIN pg_namespace n ON n.oid = c.relnamespace
           JOIN pg_type t ON t.oid = a.atttypid
           JOIN pg_type et ON et.oid = CASE WHEN t.typcategory = 'A' THEN t.typelem
                                            WHEN t.typtype = 'd' THEN t.typbasetype
                                            ELSE t.oid END
           LEFT JOIN pg_attrdef d ON d.adrelid = a.attrelid AND d.adnum = a.attnum
           LEFT JOIN pg_collation co ON co.oid = a.attcollation
          WHERE n.nspname = ? AND c.relkind IN ('r', 'p') AND NOT c.relispartition
            AND a.attnum > 0 AND NOT a.attisdropped
          ORDER BY c.relname, a.attnum""";

  private static final String ENUM_LABELS =
      """
      SELECT e.enumtypid, e.enumlabel FROM pg_enum e ORDER BY e.enumtypid, e.enumsortorder""";

  private static final String INDEXES =
      """
      SELECT t.relname, i.relname, ix.indisunique, ix.indisprimary, k.attnum,
             pg_get_indexdef(ix.indexrelid, k.ord::int, true), a.attname,
             (ix.indoption[k.ord - 1] & 1) = 1, ix.indpred IS NOT NULL, am.amname
        FROM pg_index ix
        JOIN pg_class t ON t.oid = ix.indrelid
        JOIN pg_namespace n ON n.oid = t.relnamespace
        JOIN pg_class i ON i.oid = ix.indexrelid
        JOIN pg_am am ON am.oid = i.relam
        CROSS JOIN LATERAL unnest(ix.indkey) WITH ORDINALITY AS k(attnum, ord)
        LEFT JOIN pg_attribute a ON a.attrelid = t.oid AND a.attnum = k.attnum
       WHERE n.nspname = ? AND t.relkind IN ('r', 'p') AND k.ord <= ix.indnkeyatts
       ORDER BY t.relname, ix.indisprimary DESC, i.relname, k.ord""";

  private static final String FOREIGN_KEYS =
      """
      SELECT c.relname, con.conname, a.attname, rn.nspname, rc.relname, ra.attname,
             con.confupdtype, con.confdeltype
        FROM pg_constraint con
        JOIN pg_class c ON c.oid = con.conrelid
        JOIN pg_namespace n ON n.oid = c.relnamespace
        JOIN pg_class rc ON rc.oid = con.confrelid
        JOIN pg_namespace rn ON rn.oid = rc.relnamespace
        CROSS JOIN LATERAL unnest(con.conkey, con.confkey) WITH ORDINALITY AS k(col, refcol, ord)
        JOIN pg_attribute a ON a.attrelid = con.conrelid AND a.attnum = k.col
        JOIN pg_attribute ra ON ra.attrelid = con.confrelid AND ra.attnum = k.refcol
       WHERE con.contype = 'f' AND n.nspname = ?
       ORDER BY c.relname, con.conname, k.ord""";

  @Override
  public String currentSchema(Connection connection) throws SQLException {
    return Jdbc.queryString(connection, "SELECT current_schema()");
  }

  @Override
  public List<Table> tables(Connection connection, String schema) throws SQLException {
    Map<String, TableParts> parts = new LinkedHashMap<>();
    Jdbc.forEachRow(
        connection,
        TABLES,
        rs ->
            parts.put(
                rs.getString(1), new TableParts(rs.getLong(2), rs.getLong(3), rs.getString(4))),
        schema);
    Map<Long, List<String>> labels = enumLabels(connection);
    CatalogRows.readColumns(connection, COLUMNS, schema, parts, rs -> column(rs, labels));
    readIndexes(connection, schema, parts);
    CatalogRows.readForeignKeys(connection, FOREIGN_KEYS, schema, parts, PostgresCatalog::action);
    return CatalogRows.tables(schema, parts);
  }

  private static Map<Long, List<String>> enumLabels(Connection connection) throws SQLException {
    Map<Long, List<String>> labels = new HashMap<>();
    try (var st = connection.createStatement();
        var rs = st.executeQuery(ENUM_LABELS)) {
      while (rs.next()) {
        labels.computeIfAbsent(rs.getLong(1), k -> new ArrayList<>()).add(rs.getString(2));
      }
    }
    return labels;
  }

  private static Column column(java.sql.ResultSet rs, Map<Long, List<String>> labels)
      throws SQLException {
    String name = rs.getString(5);
    int typmod = rs.getInt(8);
    Integer length = null;
    Integer precision = null;
    Integer scale = null;
    Integer fractional = null;
    switch (name) {
      case "varchar", "bpchar" -> length = typmod >= 4 ? typmod - 4 : null;
      case "bit", "varbit" -> length = typmod >= 0 ? typmod : null;
      case "numeric" -> {
        if (typmod >= 4) {
          precision = ((typmod - 4) >> 16) & 0xFFFF;
          // an 11-bit signed field: negative (rounded to tens, hundreds) since PostgreSQL 15
          scale = (((typmod - 4) & 0x7FF) ^ 1024) - 1024;
        }
      }
      case "time", "timetz", "timestamp", "timestamptz" -> fractional = typmod >= 0 ? typmod : null;
      case "interval" -> fractional = typmod >= 0 ? (typmod & 0xFFFF) : null;
      default -> {}
    }
    ColumnType type =
        new ColumnType(
            name,
            rs.getString(4),
            length,
            precision,
            scale,
            fractional,
            false,
            labels.getOrDefault(rs.getLong(6), List.of()),
            rs.getInt(7));
    String identity = rs.getString(11);
    boolean generated = "s".equals(rs.getString(12));
    String defaultExpression = rs.getString(10);
    String sequence = rs.getString(13);
    return new Column(
        rs.getString(2),
        rs.getInt(3),
        type,
        rs.getBoolean(9),
        generated || sequence != null ? null : defaultExpression,
        (identity != null && !identity.isEmpty()) || sequence != null,
        sequence,
        generated ? defaultExpression : null,
        null,
        rs.getString(14),
        null);
  }

  private static void readIndexes(
      Connection connection, String schema, Map<String, TableParts> parts) throws SQLException {
    Map<String, Map<String, List<Index.Part>>> partsByIndex = new LinkedHashMap<>();
    Map<String, boolean[]> flags = new HashMap<>();
    Jdbc.forEachRow(
        connection,
        INDEXES,
        rs -> {
          String table = rs.getString(1);
          String index = rs.getString(2);
          String method = rs.getString(10);
          boolean partial = rs.getBoolean(9);
          TableParts p = parts.get(table);
          if (p == null) {
            return;
          }
          if (!method.equals("btree") || partial) {
            String label = index + " (" + kind(method, partial) + ")";
            if (!p.skippedIndexes.contains(label)) {
              p.skippedIndexes.add(label);
            }
            return;
          }
          boolean expression = rs.getInt(5) == 0;
          Index.Part part =
              new Index.Part(
                  expression ? rs.getString(6) : rs.getString(7),
                  rs.getBoolean(8),
                  null,
                  expression);
          partsByIndex
              .computeIfAbsent(table, t -> new LinkedHashMap<>())
              .computeIfAbsent(index, i -> new ArrayList<>())
              .add(part);
          flags.put(table + "." + index, new boolean[] {rs.getBoolean(3), rs.getBoolean(4)});
        },
        schema);
    partsByIndex.forEach(
        (table, indexes) ->
            indexes.forEach(
                (name, columns) -> {
                  boolean[] f = flags.get(table + "." + name);
                  Index index = new Index(name, columns, f[0], f[1]);
                  TableParts p = parts.get(table);
                  if (f[1]) {
                    p.primaryKey = index;
                  } else {
                    p.indexes.add(index);
                  }
                }));
  }

  private static String kind(String method, boolean partial) {
    return partial ? "partial " + method : method;
  }

  private static String action(String code) {
    return switch (code) {
      case "r" -> "RESTRICT";
      case "c" -> "CASCADE";
      case "n" -> "SET NULL";
      case "d" -> "SET DEFAULT";
      default -> "NO ACTION";
    };
  }
}
