package io.godwit.cutover;

import io.godwit.db.Dialect;
import io.godwit.schema.Carried;
import io.godwit.schema.TargetTable;
import java.util.List;
import javax.sql.DataSource;

/**
 * The cutover's work on the two databases besides the freeze, the drain and the validation: the
 * source's position, the sequences step and the objects created when the target takes over. A seam,
 * so {@link Cutover}'s state machine is tested without a database.
 */
public interface CutoverDatabases {

  /** The source's current log position, recorded for a rollback. */
  String sourcePosition() throws Exception;

  /**
   * The sequences step: indexes, foreign keys (left out of a live snapshot), identity counters at
   * least at the source's next value, the carried standalone sequences. Idempotent.
   */
  String sequences() throws Exception;

  /** Creates the carried triggers, events and grants of the cutover stage. */
  String createObjects() throws Exception;

  /** Drops what {@link #createObjects} created, for an abort that comes after it. */
  String dropObjects() throws Exception;

  /** Creates the triggers of {@code ON UPDATE} columns, once the target took over. */
  String onUpdateTriggers() throws Exception;

  /**
   * The databases of a migration.
   *
   * @param carried the source's objects besides the tables: sequences set at the sequences step,
   *     triggers, events and grants created at the done step
   */
  static CutoverDatabases of(
      DataSource source,
      Dialect sourceDialect,
      DataSource target,
      Dialect targetDialect,
      List<TargetTable> tables,
      Carried carried) {
    return new JdbcCutoverDatabases(
        source, sourceDialect, target, targetDialect, List.copyOf(tables), carried);
  }
}
