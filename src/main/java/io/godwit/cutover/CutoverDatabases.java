package io.godwit.cutover;

import io.godwit.db.Dialect;
import io.godwit.schema.Carried;
import io.godwit.schema.TargetTable;
import java.util.List;
import java.util.Optional;
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
   * Whether the cutover takes R0 for the reverse stream ({@code rollback.reverse} on, or auto on a
   * target that can be captured). When false the three methods below are not called.
   */
  boolean reverse();

  /** Makes ready what R0 needs on the target, before the freeze; idempotent. */
  String prepareReverse() throws Exception;

  /** Takes R0, the target's position now; called once no forward change is left to apply. */
  String reversePosition() throws Exception;

  /** Removes what {@link #prepareReverse} made, for an aborted attempt; safe when nothing was. */
  String releaseReverse() throws Exception;

  /**
   * The databases of a migration.
   *
   * @param carried the source's objects besides the tables: sequences set at the sequences step,
   *     triggers, events and grants created at the done step
   * @param reverse the migration's name when the cutover takes R0 for the reverse stream, else
   *     empty
   */
  static CutoverDatabases of(
      DataSource source,
      Dialect sourceDialect,
      DataSource target,
      Dialect targetDialect,
      List<TargetTable> tables,
      Carried carried,
      Optional<String> reverse) {
    return new JdbcCutoverDatabases(
        source, sourceDialect, target, targetDialect, List.copyOf(tables), carried, reverse);
  }
}
