package io.godwit.snapshot;

import io.godwit.db.Dialect;
import io.godwit.schema.Index;
import io.godwit.schema.TargetTable;
import java.sql.Connection;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.List;
import java.util.Set;
import javax.sql.DataSource;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * What follows the bulk copy: secondary indexes, foreign keys and sequences. Each is idempotent, so
 * a run that stopped half-way through these steps finishes them on the next run: an index or
 * constraint that already exists counts as done. A live migration builds its unique indexes apart,
 * once the applier has replayed the table's changes past the copy's end ({@link Indexes#UNIQUE}).
 */
public final class AfterCopy {

  private static final Logger log = LoggerFactory.getLogger(AfterCopy.class);

  /**
   * "Already exists": PostgreSQL duplicate_table (an index is a relation) and duplicate_object;
   * MySQL ER_DUP_KEYNAME, ER_FK_DUP_NAME (also MariaDB's duplicate CHECK name) and
   * ER_CHECK_CONSTRAINT_DUP_NAME.
   */
  private static final Set<String> EXISTS_STATES = Set.of("42P07", "42710");

  private static final Set<Integer> EXISTS_CODES = Set.of(1061, 1826, 3822);

  /** InnoDB reports a foreign key name already in use as "Can't create table (errno: 121)". */
  private static boolean isDuplicateForeignKey(SQLException e) {
    return e.getErrorCode() == 1005 && String.valueOf(e.getMessage()).contains("errno: 121");
  }

  private final DataSource target;
  private final Dialect dialect;

  public AfterCopy(DataSource target, Dialect dialect) {
    this.target = target;
    this.dialect = dialect;
  }

  /**
   * Which of a table's secondary indexes to create. A copy holds rows read at different moments,
   * and the replay of the changes before its end passes through states the source never had
   * together: a unique index built then refuses a value that moved between rows, though the
   * source's final state satisfies it.
   */
  public enum Indexes {
    ALL,
    NON_UNIQUE,
    UNIQUE;

    /** The indexes of {@code table} this choice creates. */
    public List<Index> of(TargetTable table) {
      return table.indexes().stream()
          .filter(i -> this == ALL || i.unique() == (this == UNIQUE))
          .toList();
    }
  }

  /** Creates the chosen secondary indexes of {@code tables}; says how many. */
  public String indexes(List<TargetTable> tables, Indexes which) throws SQLException {
    int[] counts = new int[2];
    for (TargetTable t : tables) {
      List<Index> chosen = which.of(t);
      if (!chosen.isEmpty()) {
        run(dialect.ddl().createIndexes(t.withIndexes(chosen, t.foreignKeys())), counts);
      }
    }
    return "%d created, %d already present".formatted(counts[0], counts[1]);
  }

  /** The source's CHECK constraints the tables keep, where the target adds them after the copy. */
  public String checks(List<TargetTable> tables) throws SQLException {
    int[] counts = new int[2];
    for (TargetTable t : tables) {
      run(dialect.ddl().addChecks(t), counts);
    }
    return "%d CHECK statements run, %d already in place".formatted(counts[0], counts[1]);
  }

  public String foreignKeys(List<TargetTable> tables) throws SQLException {
    int[] counts = new int[2];
    for (TargetTable t : tables) {
      run(dialect.ddl().addForeignKeys(t), counts);
    }
    return "%d statements run, %d already in place".formatted(counts[0], counts[1]);
  }

  String sequences(List<TargetTable> tables) throws SQLException {
    return sequences(tables, (table, column) -> 1L);
  }

  /** The smallest next value each identity column must get, e.g. the source's own counter. */
  @FunctionalInterface
  public interface Floor {
    long of(TargetTable table, String column) throws SQLException;
  }

  /** Sets every identity column's counter past its largest value and at least to its floor. */
  public String sequences(List<TargetTable> tables, Floor floor) throws SQLException {
    int synced = 0;
    try (Connection c = target.getConnection()) {
      for (TargetTable t : tables) {
        for (TargetTable.TargetColumn column : t.columns()) {
          if (column.identity()) {
            long next =
                dialect.syncSequence(
                    c, t.schema(), t.name(), column.name(), floor.of(t, column.name()));
            log.info("{}.{}: next id {}", t.name(), column.name(), next);
            synced++;
          }
        }
      }
    }
    return synced + " sequences set";
  }

  /**
   * Creates what keeps the tables' {@code ON UPDATE CURRENT_TIMESTAMP} columns where the target
   * needs more than the table's definition (PostgreSQL: a trigger per column). Only at cutover or
   * at the end of a one-off copy: while the applier streams, a trigger would overwrite the values
   * it replicates.
   */
  public String onUpdateTriggers(List<TargetTable> tables) throws SQLException {
    int[] counts = new int[2];
    for (TargetTable t : tables) {
      run(dialect.ddl().createOnUpdateTriggers(t), counts);
    }
    return "%d statements for ON UPDATE columns".formatted(counts[0]);
  }

  private void run(List<String> statements, int[] counts) throws SQLException {
    try (Connection c = target.getConnection();
        Statement st = c.createStatement()) {
      for (String sql : statements) {
        try {
          st.execute(sql);
          counts[0]++;
        } catch (SQLException e) {
          if (!EXISTS_STATES.contains(e.getSQLState())
              && !EXISTS_CODES.contains(e.getErrorCode())
              && !isDuplicateForeignKey(e)) {
            throw new SQLException(
                "after-copy statement failed: " + sql + ": " + e.getMessage(),
                e.getSQLState(),
                e.getErrorCode(),
                e);
          }
          counts[1]++;
        }
      }
    }
  }
}
