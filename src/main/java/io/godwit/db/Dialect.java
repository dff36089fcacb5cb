package io.godwit.db;

import io.godwit.engine.Engine;
import io.godwit.schema.Column;
import io.godwit.schema.MappedType;
import io.godwit.schema.RowFilter;
import io.godwit.schema.TargetTable;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.SQLException;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.OptionalLong;
import java.util.stream.Collectors;

/**
 * Everything that differs between engines, behind one small interface. The rest of Godwit speaks to
 * a dialect and its roles, never {@code if (postgres)}.
 */
public interface Dialect {

  Engine engine();

  /** Quotes an identifier, doubling embedded quote characters. */
  String quote(String identifier);

  /** The identifiers quoted and separated by commas, as a column list. */
  default String quoteAll(List<String> identifiers) {
    return identifiers.stream().map(this::quote).collect(Collectors.joining(", "));
  }

  default String qualify(String schema, String name) {
    return quote(schema) + "." + quote(name);
  }

  /**
   * An ORDER BY term that sorts a text column by its bytes (code points), whatever its collation.
   */
  String byteOrder(String quotedColumn);

  /**
   * A text column as an expression whose {@code =} compares characters exactly: no collation that
   * ignores case, accents or trailing spaces. Row filters compare text through it, as the applier
   * does.
   */
  String exactText(String quotedColumn);

  /**
   * The source rows {@code table}'s row filter selects, as a condition to AND to a query's own;
   * empty when the table migrates every row.
   */
  default Optional<String> rowFilter(TargetTable table) {
    RowFilter filter = table.rows();
    if (filter.selectsAll()) {
      return Optional.empty();
    }
    return Optional.of(
        filter.sql(
            new RowFilter.Sql() {
              @Override
              public String quote(String column) {
                return Dialect.this.quote(column);
              }

              @Override
              public String exactText(String quotedColumn) {
                return Dialect.this.exactText(quotedColumn);
              }
            }));
  }

  /**
   * A query over {@code qualifiedTable}'s rows matching {@code where} (null: all) that returns one
   * row: the count and two sums of halves of each row's hash over {@code quotedColumns}, NULL
   * distinct from every value. Two tables of the same engine with the same column types give the
   * same three numbers for the same rows; validation compares ranges of a same-engine migration
   * this way before reading any row, and merges rows where the query fails or the numbers differ.
   */
  String rowHashQuery(String qualifiedTable, List<String> quotedColumns, String where);

  /** Reads tables, columns, keys, indexes and foreign keys. */
  Catalog catalog();

  /** Reads what the source schema holds besides tables: views, triggers, routines, grants. */
  SourceObjects sourceObjects();

  /** Checks whether a server can be a change-capture source, and whether a user may. */
  SourceChecks sourceChecks();

  /** Checks whether the connected user may create and write the migration's tables on a target. */
  TargetChecks targetChecks();

  /** Freezes and unfreezes writes on a source for cutover, and reads its log position. */
  SourceFreeze sourceFreeze();

  /** Takes a target's change position for the reverse stream at cutover (rollback). */
  ReverseStart reverseStart();

  /** Writes the target's DDL: schema, tables, indexes, foreign keys. */
  DdlWriter ddl();

  /**
   * Prepares a forward-only query that streams its rows instead of buffering the whole result in
   * memory. On PostgreSQL this takes the connection out of autocommit (a cursor needs a
   * transaction).
   */
  PreparedStatement streamingQuery(Connection connection, String sql) throws SQLException;

  /** Inserts many rows the fastest way the engine offers. */
  BulkWriter bulkWriter();

  /** Upserts and deletes captured changes by row key. */
  ChangeWriter changeWriter();

  /**
   * SQL run on every new connection: UTC session time zone and the text formats the copy path
   * relies on.
   */
  String sessionInitSql();

  /**
   * Moves the sequence or auto-increment counter behind a target identity column past the largest
   * value in the column and to at least {@code atLeast}, so the application's next insert gets a
   * fresh id.
   *
   * @return the next value the counter will hand out
   */
  long syncSequence(Connection connection, String schema, String table, String column, long atLeast)
      throws SQLException;

  /**
   * The next value a source identity column's sequence or auto-increment counter will hand out (it
   * may be past the column's largest value when rows were deleted or inserts rolled back).
   */
  long nextIdentityValue(Connection connection, String schema, String table, String column)
      throws SQLException;

  /**
   * Driver properties Godwit relies on; the migration file's own properties are applied after them
   * and win.
   */
  Map<String, String> driverProperties();

  /** The folder of the state store's versioned scripts for this engine's SQL. */
  String stateScripts();

  /**
   * Tries to take a session-level lock with the given name on the connection; returns false without
   * waiting when another session holds it.
   */
  boolean tryLock(Connection connection, String name) throws SQLException;

  /** Releases a lock taken by {@link #tryLock} on the same connection. */
  void unlock(Connection connection, String name) throws SQLException;

  /**
   * The clause that ends a {@code SELECT} to read the newest committed rows and share-lock them
   * until the transaction ends: a concurrent update of them waits for it, and it for the update.
   */
  String forShare();

  /**
   * How the copy selects a source column of this engine and reads its value in the input form of a
   * {@code target} column of type {@code type}.
   *
   * @param zeroDatesToNull MySQL zero dates become NULL on a target that rejects them; when false,
   *     such a value stops the copy with an error naming it
   */
  ColumnCodec copyCodec(Column column, MappedType type, Engine target, boolean zeroDatesToNull);

  /** How validation reads this engine's values to compare them with another engine's. */
  ComparisonReads comparisonReads();

  /**
   * True when DDL is transactional (PostgreSQL): a step of DDL statements that fails part way rolls
   * back with its transaction. MySQL and MariaDB commit each DDL statement by itself, so what a
   * failed step had created is dropped again.
   */
  boolean transactionalDdl();

  /**
   * True when {@code other} speaks this engine's SQL (the same engine, or MySQL and MariaDB), so
   * that a definition read on one can be created on the other as it is.
   */
  default boolean sharesSqlWith(Engine other) {
    return engine().sharesSqlWith(other);
  }

  /**
   * Makes {@code schema} the default one for unqualified names in the DDL that follows on {@code
   * connection}, until the returned handle is closed: the connection's current database (MySQL), or
   * the {@code search_path} with function bodies checked only when called (PostgreSQL; inside a
   * transaction for that transaction only).
   */
  DefaultSchema useSchema(Connection connection, String schema) throws SQLException;

  /** Gives a connection its own default schema back. */
  interface DefaultSchema extends AutoCloseable {
    @Override
    void close() throws SQLException;
  }

  /**
   * Sets the sequence {@code targetName} on {@code target} (of this dialect) so that the next value
   * it hands out is the one the sequence {@code sourceName} on {@code source} would hand out next.
   * Sequences are carried only between engines that share SQL, so the source speaks this dialect.
   *
   * @return what was set: {@code next N} or {@code after N}
   */
  String copySequence(Connection source, String sourceName, Connection target, String targetName)
      throws SQLException;

  /**
   * A SQL expression for the bytes of {@code column}'s value when its type has no bound on size
   * (text, blobs, JSON, arrays), over the column's quoted name; empty for a type of bounded size.
   */
  Optional<String> unboundedValueBytes(Column column);

  /**
   * True when the engine stores tables in InnoDB, whose limits on key and row sizes refuse a CREATE
   * TABLE that exceeds them.
   */
  boolean hasInnoDbLimits();

  /**
   * True when a unique key longer than InnoDB's key limit is refused (MySQL); MariaDB keeps such a
   * key as a hash.
   */
  boolean refusesLongUniqueKeys();

  /** The longest comment a table ({@code onColumn} false) or a column takes, in characters. */
  int maxCommentLength(boolean onColumn);

  /** The fractional-second digits a time type declared without them keeps. */
  int defaultFractionalSeconds();

  /**
   * True when the engine's change stream carries the values of generated columns; PostgreSQL's
   * logical replication (pgoutput) sends none.
   */
  boolean streamsGeneratedColumns();

  /** True when the engine runs scheduled events of its own (MySQL's and MariaDB's EVENTs). */
  boolean hasScheduledEvents();

  /** What the engine offers for a sequence, as advice for an operator who recreates one. */
  String sequenceEquivalent();

  /**
   * How many threads the server is running now ({@code Threads_running} on MySQL and MariaDB), for
   * {@code snapshot.max-threads-running}; empty where the engine has no such count (PostgreSQL, for
   * which the config check refuses that setting).
   */
  OptionalLong runningThreads(Connection connection) throws SQLException;

  /**
   * True when a CHECK constraint can be added {@code NOT VALID} and validated later, without a long
   * lock (PostgreSQL).
   */
  boolean addsChecksWithoutLongLock();

  static Dialect of(Engine engine) {
    return switch (engine) {
      case POSTGRESQL -> new PostgresDialect();
      case MYSQL -> new MySqlDialect();
      case MARIADB -> new MariaDbDialect();
    };
  }
}
