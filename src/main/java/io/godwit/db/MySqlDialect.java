package io.godwit.db;

import io.godwit.engine.Engine;
import io.godwit.schema.Column;
import io.godwit.schema.MappedType;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.OptionalLong;
import java.util.Set;
import java.util.stream.Collectors;

/** MySQL 8. MariaDB extends it where the two differ. */
public class MySqlDialect implements Dialect {

  private static final Set<String> UNBOUNDED =
      Set.of("text", "mediumtext", "longtext", "blob", "mediumblob", "longblob", "json");

  private static final ComparisonReads COMPARISON_READS = new MySqlComparisonReads();

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
  public SourceObjects sourceObjects() {
    return new MySqlObjects(false);
  }

  @Override
  public SourceChecks sourceChecks() {
    return new MySqlSourceChecks(engine());
  }

  @Override
  public TargetChecks targetChecks() {
    return new MySqlTargetChecks(engine());
  }

  @Override
  public String forShare() {
    return "LOCK IN SHARE MODE";
  }

  @Override
  public String stateScripts() {
    return "mysql";
  }

  @Override
  public boolean tryLock(Connection connection, String name) throws SQLException {
    return Jdbc.queryBoolean(connection, "SELECT GET_LOCK(?, 0) = 1", lockName(name));
  }

  @Override
  public void unlock(Connection connection, String name) throws SQLException {
    Jdbc.queryBoolean(connection, "SELECT RELEASE_LOCK(?) = 1", lockName(name));
  }

  /** MySQL lock names are at most 64 characters. */
  private static String lockName(String name) {
    return name.length() <= 64 ? name : name.substring(0, 64);
  }

  @Override
  public BulkWriter bulkWriter() {
    return new MySqlBatchWriter(this);
  }

  /** MariaDB uses it too: both take {@code INSERT ... ON DUPLICATE KEY UPDATE c = VALUES(c)}. */
  @Override
  public ChangeWriter changeWriter() {
    return new MySqlChangeWriter(this);
  }

  /**
   * UTC, utf8mb4, and a strict SQL mode that still accepts zero dates (copied as they are between
   * MySQL-family servers) and keeps an explicit 0 in an AUTO_INCREMENT column.
   */
  @Override
  public String sessionInitSql() {
    return "SET time_zone = '+00:00', NAMES utf8mb4,"
        + " sql_mode = 'STRICT_ALL_TABLES,NO_ENGINE_SUBSTITUTION,NO_AUTO_VALUE_ON_ZERO'";
  }

  /** Connector/J streams row by row only with this fetch size. */
  @Override
  public PreparedStatement streamingQuery(Connection connection, String sql) throws SQLException {
    PreparedStatement ps =
        connection.prepareStatement(sql, ResultSet.TYPE_FORWARD_ONLY, ResultSet.CONCUR_READ_ONLY);
    ps.setFetchSize(streamingFetchSize());
    return ps;
  }

  protected int streamingFetchSize() {
    return Integer.MIN_VALUE;
  }

  @Override
  public long syncSequence(
      Connection connection, String schema, String table, String column, long atLeast)
      throws SQLException {
    long next;
    try (var st = connection.createStatement();
        var rs =
            st.executeQuery(
                "SELECT COALESCE(MAX(%s), 0) + 1 FROM %s"
                    .formatted(quote(column), qualify(schema, table)))) {
      rs.next();
      next = Math.max(rs.getLong(1), atLeast);
    }
    try (var st = connection.createStatement()) {
      st.execute("ALTER TABLE %s AUTO_INCREMENT = %d".formatted(qualify(schema, table), next));
    }
    return next;
  }

  /**
   * From {@code SHOW CREATE TABLE}: MySQL 8 caches {@code information_schema.TABLES.AUTO_INCREMENT}
   * for a day by default, the table definition is current.
   */
  @Override
  public long nextIdentityValue(Connection connection, String schema, String table, String column)
      throws SQLException {
    try (var st = connection.createStatement();
        var rs = st.executeQuery("SHOW CREATE TABLE " + qualify(schema, table))) {
      rs.next();
      var m = AUTO_INCREMENT.matcher(rs.getString(2));
      return m.find() ? Long.parseLong(m.group(1)) : 1;
    }
  }

  private static final java.util.regex.Pattern AUTO_INCREMENT =
      java.util.regex.Pattern.compile("\\bAUTO_INCREMENT=(\\d+)");

  /** Batches sent as multi-row inserts. */
  @Override
  public Map<String, String> driverProperties() {
    return Map.of("rewriteBatchedStatements", "true");
  }

  @Override
  public DdlWriter ddl() {
    return new MySqlDdl(this::quote);
  }

  @Override
  public ReverseStart reverseStart() {
    return new MySqlReverseStart(this);
  }

  @Override
  public SourceFreeze sourceFreeze() {
    return new MySqlSourceFreeze();
  }

  @Override
  public String byteOrder(String quotedColumn) {
    return "CAST(" + quotedColumn + " AS BINARY)";
  }

  /**
   * The column's characters as utf8mb4 bytes: a comparison with a binary string is by bytes, with
   * no PAD SPACE and no case folding; the text literal compared arrives in the session's utf8mb4.
   */
  @Override
  public String exactText(String quotedColumn) {
    return "CAST(CONVERT(" + quotedColumn + " USING utf8mb4) AS BINARY)";
  }

  /**
   * Each row's CRC32 over its values (each as its byte length, a colon and its text; NULL as {@code
   * N}; joined by {@code |}), summed; the third number is always 0. MD5 gave 64 bits but took 6.5 s
   * where CRC32 takes 3.6 s per 2,000,000 rows on MariaDB 10.11 here, slower than merging the rows;
   * with a 32-bit checksum a range that differs passes as equal with a chance of about 1 in 4
   * billion.
   */
  @Override
  public String rowHashQuery(String qualifiedTable, List<String> quotedColumns, String where) {
    String row =
        quotedColumns.stream()
            .map(c -> "IFNULL(CONCAT(LENGTH(%s), ':', %s), 'N')".formatted(c, c))
            .collect(Collectors.joining(", "));
    return "SELECT COUNT(*), COALESCE(SUM(CRC32(CONCAT_WS('|', %s))), 0), 0 FROM %s%s"
        .formatted(row, qualifiedTable, where == null ? "" : " WHERE " + where);
  }

  @Override
  public ColumnCodec copyCodec(
      Column column, MappedType type, Engine target, boolean zeroDatesToNull) {
    return CopyCodecs.fromMySql(quote(column.name()), target, column, type, zeroDatesToNull);
  }

  @Override
  public ComparisonReads comparisonReads() {
    return COMPARISON_READS;
  }

  @Override
  public boolean transactionalDdl() {
    return false;
  }

  /** The connection's current database, set back to the one it had when the handle is closed. */
  @Override
  public DefaultSchema useSchema(Connection connection, String schema) throws SQLException {
    String previous = connection.getCatalog();
    connection.setCatalog(schema);
    return () -> {
      if (previous != null) {
        connection.setCatalog(previous);
      }
    };
  }

  /** MariaDB's sequences: the source's next value not yet cached, set on the target as next. */
  @Override
  public String copySequence(
      Connection source, String sourceName, Connection target, String targetName)
      throws SQLException {
    long next;
    try (Statement st = source.createStatement();
        ResultSet rs = st.executeQuery("SELECT next_not_cached_value FROM " + sourceName)) {
      rs.next();
      next = rs.getLong(1);
    }
    try (Statement st = target.createStatement()) {
      st.execute("SELECT SETVAL(%s, %d, 0)".formatted(targetName, next));
    }
    return "next " + next;
  }

  @Override
  public Optional<String> unboundedValueBytes(Column column) {
    return UNBOUNDED.contains(column.type().name().toLowerCase(Locale.ROOT))
        ? Optional.of("LENGTH(" + quote(column.name()) + ")")
        : Optional.empty();
  }

  @Override
  public boolean hasInnoDbLimits() {
    return true;
  }

  @Override
  public boolean refusesLongUniqueKeys() {
    return true;
  }

  /** 2048 characters on a table, 1024 on a column. */
  @Override
  public int maxCommentLength(boolean onColumn) {
    return onColumn ? 1024 : 2048;
  }

  /** {@code datetime}, {@code timestamp} and {@code time} keep whole seconds. */
  @Override
  public int defaultFractionalSeconds() {
    return 0;
  }

  /** The binlog's row images hold every column. */
  @Override
  public boolean streamsGeneratedColumns() {
    return true;
  }

  @Override
  public boolean hasScheduledEvents() {
    return true;
  }

  @Override
  public OptionalLong runningThreads(Connection connection) throws SQLException {
    try (Statement st = connection.createStatement();
        ResultSet rs = st.executeQuery("SHOW GLOBAL STATUS LIKE 'Threads_running'")) {
      return rs.next() ? OptionalLong.of(rs.getLong(2)) : OptionalLong.empty();
    }
  }

  @Override
  public String sequenceEquivalent() {
    return "MySQL has no sequences: an AUTO_INCREMENT column or a counter table; MariaDB has"
        + " CREATE SEQUENCE";
  }

  @Override
  public boolean addsChecksWithoutLongLock() {
    return false;
  }
}
