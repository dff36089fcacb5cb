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
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/** PostgreSQL 12 and later. */
public class PostgresDialect implements Dialect {

  private static final Logger log = LoggerFactory.getLogger(PostgresDialect.class);

  private static final Set<String> UNBOUNDED = Set.of("text", "bytea", "json", "jsonb", "xml");

  private static final ComparisonReads COMPARISON_READS = new PostgresComparisonReads();

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
  public SourceObjects sourceObjects() {
    return new PostgresObjects();
  }

  @Override
  public SourceChecks sourceChecks() {
    return new PostgresSourceChecks(this);
  }

  @Override
  public TargetChecks targetChecks() {
    return new PostgresTargetChecks();
  }

  @Override
  public String forShare() {
    return "FOR SHARE";
  }

  @Override
  public String stateScripts() {
    return "postgresql";
  }

  /** Advisory locks take a 64-bit key: the first 64 bits of the name's MD5. */
  private static final String LOCK_KEY = "('x' || substr(md5(?), 1, 16))::bit(64)::bigint";

  @Override
  public boolean tryLock(Connection connection, String name) throws SQLException {
    return Jdbc.queryBoolean(connection, "SELECT pg_try_advisory_lock(" + LOCK_KEY + ")", name);
  }

  @Override
  public void unlock(Connection connection, String name) throws SQLException {
    Jdbc.queryBoolean(connection, "SELECT pg_advisory_unlock(" + LOCK_KEY + ")", name);
  }

  @Override
  public BulkWriter bulkWriter() {
    return new PostgresCopyWriter(this);
  }

  @Override
  public ChangeWriter changeWriter() {
    return new PostgresChangeWriter(this);
  }

  @Override
  public String sessionInitSql() {
    return "SET TimeZone = 'UTC'; SET DateStyle = 'ISO, YMD'; SET IntervalStyle = 'iso_8601'; SET extra_float_digits = 3";
  }

  @Override
  public PreparedStatement streamingQuery(Connection connection, String sql) throws SQLException {
    if (connection.getAutoCommit()) {
      connection.setAutoCommit(false);
    }
    PreparedStatement ps =
        connection.prepareStatement(sql, ResultSet.TYPE_FORWARD_ONLY, ResultSet.CONCUR_READ_ONLY);
    ps.setFetchSize(10_000);
    return ps;
  }

  @Override
  public long syncSequence(
      Connection connection, String schema, String table, String column, long atLeast)
      throws SQLException {
    String sql =
        ("SELECT setval(pg_get_serial_sequence(?, ?), GREATEST(COALESCE(MAX(%s), 0) + 1, ?),"
                + " false) FROM %s")
            .formatted(quote(column), qualify(schema, table));
    try (PreparedStatement ps = connection.prepareStatement(sql)) {
      ps.setString(1, qualify(schema, table));
      ps.setString(2, column);
      ps.setLong(3, atLeast);
      try (ResultSet rs = ps.executeQuery()) {
        rs.next();
        return rs.getLong(1);
      }
    }
  }

  /** The sequence behind a column: owned by it, or feeding its key ({@code KEY_SEQUENCE}). */
  private static final String COLUMN_SEQUENCE =
      """
      SELECT COALESCE(pg_get_serial_sequence(format('%I.%I', n.nspname, c.relname), a.attname),
                      ("""
          + PostgresCatalog.KEY_SEQUENCE
          + """
      ))
        FROM pg_attribute a
        JOIN pg_class c ON c.oid = a.attrelid
        JOIN pg_namespace n ON n.oid = c.relnamespace
        JOIN pg_type t ON t.oid = a.atttypid
        LEFT JOIN pg_attrdef d ON d.adrelid = a.attrelid AND d.adnum = a.attnum
       WHERE n.nspname = ? AND c.relname = ? AND a.attname = ?""";

  @Override
  public long nextIdentityValue(Connection connection, String schema, String table, String column)
      throws SQLException {
    String sequence = Jdbc.queryString(connection, COLUMN_SEQUENCE, schema, table, column);
    if (sequence == null) {
      return 1;
    }
    try (var st = connection.createStatement();
        var rs =
            st.executeQuery(
                "SELECT CASE WHEN is_called THEN last_value + 1 ELSE last_value END FROM "
                    + sequence)) {
      rs.next();
      return rs.getLong(1);
    }
  }

  /**
   * Strings bound as untyped literals, so chunk bounds read as text bind to any key type; batched
   * inserts rewritten into multi-row statements.
   */
  @Override
  public Map<String, String> driverProperties() {
    return Map.of(
        "stringtype",
        "unspecified",
        "reWriteBatchedInserts",
        "true",
        "ApplicationName",
        PostgresSourceFreeze.GODWIT_APPLICATION);
  }

  @Override
  public DdlWriter ddl() {
    return new PostgresDdl(this::quote);
  }

  @Override
  public ReverseStart reverseStart() {
    return new PostgresReverseStart(this);
  }

  @Override
  public SourceFreeze sourceFreeze() {
    return new PostgresSourceFreeze();
  }

  @Override
  public String byteOrder(String quotedColumn) {
    return quotedColumn + " COLLATE \"C\"";
  }

  /** Under the "C" collation, which is deterministic: equal exactly when the bytes are. */
  @Override
  public String exactText(String quotedColumn) {
    return quotedColumn + " COLLATE \"C\"";
  }

  /**
   * Each row's {@code hash_record_extended} (PostgreSQL 14+: every column through its type's own
   * hash function, which hash partitioning relies on staying stable; no text is formed), summed in
   * two 32-bit halves. On an older server, or a column type without a hash function, the query
   * fails and validation merges the rows instead.
   */
  @Override
  public String rowHashQuery(String qualifiedTable, List<String> quotedColumns, String where) {
    return ("SELECT count(*), coalesce(sum(h >> 32), 0), coalesce(sum(h & 4294967295), 0)"
            + " FROM (SELECT hash_record_extended(ROW(%s), 0) AS h FROM %s%s) s")
        .formatted(
            String.join(", ", quotedColumns),
            qualifiedTable,
            where == null ? "" : " WHERE " + where);
  }

  /** Zero dates exist only on MySQL and MariaDB: {@code zeroDatesToNull} changes nothing here. */
  @Override
  public ColumnCodec copyCodec(
      Column column, MappedType type, Engine target, boolean zeroDatesToNull) {
    return CopyCodecs.fromPostgres(quote(column.name()), target, column, type);
  }

  @Override
  public ComparisonReads comparisonReads() {
    return COMPARISON_READS;
  }

  @Override
  public boolean transactionalDdl() {
    return true;
  }

  /**
   * In a transaction, {@code SET LOCAL}: the transaction's end sets both back. Outside one, the
   * session's {@code search_path}, reset when the handle is closed (a failed reset is logged: the
   * connection is then broken and the pool drops it).
   */
  @Override
  public DefaultSchema useSchema(Connection connection, String schema) throws SQLException {
    try (Statement st = connection.createStatement()) {
      if (!connection.getAutoCommit()) {
        st.execute("SET LOCAL search_path TO " + quote(schema));
        st.execute("SET LOCAL check_function_bodies = false");
        return () -> {};
      }
      st.execute("SET search_path TO " + quote(schema));
    }
    return () -> {
      try (Statement st = connection.createStatement()) {
        st.execute("RESET search_path");
      } catch (SQLException e) {
        log.warn("Could not reset the search_path: {}", e.getMessage());
      }
    };
  }

  /** The source's last value and whether it was handed out, set on the target alike. */
  @Override
  public String copySequence(
      Connection source, String sourceName, Connection target, String targetName)
      throws SQLException {
    long last;
    boolean called;
    try (Statement st = source.createStatement();
        ResultSet rs = st.executeQuery("SELECT last_value, is_called FROM " + sourceName)) {
      rs.next();
      last = rs.getLong(1);
      called = rs.getBoolean(2);
    }
    try (PreparedStatement ps = target.prepareStatement("SELECT setval(?::regclass, ?, ?)")) {
      ps.setString(1, targetName);
      ps.setLong(2, last);
      ps.setBoolean(3, called);
      ps.execute();
    }
    return (called ? "after " : "next ") + last;
  }

  /** Arrays, unbounded text, binary, JSON and XML; an array or text measured as its text. */
  @Override
  public Optional<String> unboundedValueBytes(Column column) {
    String name = column.type().name().toLowerCase(Locale.ROOT);
    boolean array = column.type().arrayDimensions() > 0;
    if (!array
        && !UNBOUNDED.contains(name)
        && !(name.equals("varchar") && column.type().length() == null)) {
      return Optional.empty();
    }
    String quoted = quote(column.name());
    return Optional.of(
        column.type().name().equals("bytea") && !array
            ? "octet_length(" + quoted + ")"
            : "octet_length(" + quoted + "::text)");
  }

  @Override
  public boolean hasInnoDbLimits() {
    return false;
  }

  @Override
  public boolean refusesLongUniqueKeys() {
    return false;
  }

  /** A comment takes up to a gigabyte, more than a Java string holds. */
  @Override
  public int maxCommentLength(boolean onColumn) {
    return Integer.MAX_VALUE;
  }

  /** Microseconds. */
  @Override
  public int defaultFractionalSeconds() {
    return 6;
  }

  /** pgoutput sends no value for a generated column. */
  @Override
  public boolean streamsGeneratedColumns() {
    return false;
  }

  @Override
  public boolean hasScheduledEvents() {
    return false;
  }

  @Override
  public OptionalLong runningThreads(Connection connection) {
    return OptionalLong.empty();
  }

  @Override
  public String sequenceEquivalent() {
    return "CREATE SEQUENCE";
  }

  @Override
  public boolean addsChecksWithoutLongLock() {
    return true;
  }
}
