package io.godwit.snapshot;

import io.godwit.db.Dialect;
import io.godwit.schema.Column;
import io.godwit.schema.Table;
import java.math.BigInteger;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;

/**
 * Splits a table into key ranges of about {@code chunkRows} rows (fewer when rows are wide, so a
 * chunk stays near {@code chunkBytes}). A single integer key is split arithmetically between its
 * minimum and maximum; any other key (composite, string, UUID, binary) by one ordered scan of the
 * key that keeps every n-th key as a boundary. A table without a key is one chunk.
 */
public final class ChunkSplitter {

  private static final Set<String> INTEGER_TYPES =
      Set.of(
          "tinyint", "smallint", "mediumint", "int", "integer", "bigint", "int2", "int4", "int8");
  private static final Set<String> BINARY_TYPES =
      Set.of("binary", "varbinary", "tinyblob", "blob", "mediumblob", "longblob", "bytea", "bit");
  private static final int MIN_CHUNK_ROWS = 1000;

  private final Dialect dialect;
  private final int chunkRows;
  private final long chunkBytes;

  public ChunkSplitter(Dialect dialect, int chunkRows, long chunkBytes) {
    this.dialect = dialect;
    this.chunkRows = chunkRows;
    this.chunkBytes = chunkBytes;
  }

  /** Rows per chunk for this table: the row setting, lowered for wide rows. */
  int rowsPerChunk(Table table) {
    if (table.estimatedRows() <= 0 || table.estimatedBytes() <= 0) {
      return chunkRows;
    }
    long rowBytes = Math.max(1, table.estimatedBytes() / table.estimatedRows());
    long byBytes = Math.max(MIN_CHUNK_ROWS, chunkBytes / rowBytes);
    return (int) Math.min(chunkRows, byBytes);
  }

  public List<Chunk> plan(Connection source, Table table, List<String> keyColumns)
      throws SQLException {
    if (keyColumns.isEmpty()) {
      return List.of(new Chunk(table.name(), 0, null, null));
    }
    int rows = rowsPerChunk(table);
    if (keyColumns.size() == 1 && isInteger(table, keyColumns.get(0))) {
      return integerRanges(source, table, keyColumns.get(0), rows);
    }
    return keysetRanges(source, table, keyColumns, rows);
  }

  static boolean isBinary(Table table, String column) {
    return table.column(column).map(c -> BINARY_TYPES.contains(c.type().name())).orElse(false);
  }

  private static boolean isInteger(Table table, String column) {
    return table
        .column(column)
        .map(Column::type)
        .map(
            t ->
                INTEGER_TYPES.contains(t.name())
                    || (t.name().matches("decimal|numeric") && t.scale() != null && t.scale() == 0))
        .orElse(false);
  }

  private List<Chunk> integerRanges(Connection source, Table table, String key, int rows)
      throws SQLException {
    String sql =
        "SELECT MIN(%1$s), MAX(%1$s) FROM %2$s"
            .formatted(dialect.quote(key), dialect.qualify(table.schema(), table.name()));
    BigInteger min;
    BigInteger max;
    try (PreparedStatement ps = source.prepareStatement(sql);
        ResultSet rs = ps.executeQuery()) {
      rs.next();
      String low = rs.getString(1);
      if (low == null) {
        return List.of(new Chunk(table.name(), 0, null, null));
      }
      min = new BigInteger(low);
      max = new BigInteger(rs.getString(2));
    }
    BigInteger span = max.subtract(min).add(BigInteger.ONE);
    long estimate = table.estimatedRows() > 0 ? table.estimatedRows() : count(source, table);
    long count =
        Math.max(
            1,
            Math.min(
                (estimate + rows - 1) / rows,
                span.min(BigInteger.valueOf(Long.MAX_VALUE)).longValue()));
    BigInteger step = span.add(BigInteger.valueOf(count - 1)).divide(BigInteger.valueOf(count));
    List<Chunk> chunks = new ArrayList<>();
    List<Object> lower = null;
    for (int i = 0; i < count; i++) {
      BigInteger bound = min.add(step.multiply(BigInteger.valueOf(i + 1))).subtract(BigInteger.ONE);
      List<Object> upper =
          i == count - 1 || bound.compareTo(max) >= 0 ? null : List.of(bound.toString());
      chunks.add(new Chunk(table.name(), i, lower, upper));
      if (upper == null) {
        break;
      }
      lower = upper;
    }
    return chunks;
  }

  /**
   * The table's rows, counted: its statistics have no estimate (a PostgreSQL table never analyzed).
   * Guessing one row per key value would split 16 rows keyed from -2^31 to 2^31 into hundreds of
   * thousands of empty chunks.
   */
  private long count(Connection source, Table table) throws SQLException {
    try (PreparedStatement ps =
            source.prepareStatement(
                "SELECT COUNT(*) FROM " + dialect.qualify(table.schema(), table.name()));
        ResultSet rs = ps.executeQuery()) {
      rs.next();
      return rs.getLong(1);
    }
  }

  private List<Chunk> keysetRanges(
      Connection source, Table table, List<String> keyColumns, int rows) throws SQLException {
    String columns = dialect.quoteAll(keyColumns);
    String sql =
        "SELECT %s FROM %s ORDER BY %s"
            .formatted(columns, dialect.qualify(table.schema(), table.name()), columns);
    boolean[] binary = new boolean[keyColumns.size()];
    for (int i = 0; i < binary.length; i++) {
      binary[i] = isBinary(table, keyColumns.get(i));
    }
    List<Chunk> chunks = new ArrayList<>();
    List<Object> lower = null;
    try (PreparedStatement ps = dialect.streamingQuery(source, sql);
        ResultSet rs = ps.executeQuery()) {
      long seen = 0;
      while (rs.next()) {
        if (++seen % rows == 0) {
          List<Object> upper = new ArrayList<>(binary.length);
          for (int i = 0; i < binary.length; i++) {
            upper.add(binary[i] ? rs.getBytes(i + 1) : rs.getString(i + 1));
          }
          chunks.add(new Chunk(table.name(), chunks.size(), lower, List.copyOf(upper)));
          lower = upper;
        }
      }
    }
    chunks.add(new Chunk(table.name(), chunks.size(), lower, null));
    return chunks;
  }
}
