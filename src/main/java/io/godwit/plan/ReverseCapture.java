package io.godwit.plan;

import io.godwit.config.RollbackSettings.Reverse;
import io.godwit.db.Dialect;
import io.godwit.db.Finding;
import io.godwit.db.ReverseStart;
import io.godwit.state.StateStore;
import java.sql.Connection;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.List;

/**
 * Whether the target can be captured for the reverse stream after cutover ({@code
 * rollback.reverse}): the target's change-log settings and the user's replication rights, checked
 * as a capture source's are. With {@code on} what is missing blocks the migration; with {@code
 * auto} it is a warning that the cutover will be one-way.
 */
public final class ReverseCapture {

  static final String SUBJECT = "rollback.reverse";

  private ReverseCapture() {}

  /** The plan's findings about the reverse stream; none with {@code rollback.reverse: off}. */
  static List<Finding> findings(
      Reverse mode, Dialect targetDialect, Connection target, String migration)
      throws SQLException {
    List<Finding> findings = new ArrayList<>();
    if (mode == Reverse.OFF) {
      return findings;
    }
    List<Finding> missing = missing(targetDialect, target, migration);
    if (missing.isEmpty()) {
      findings.add(
          Finding.info(
              SUBJECT,
              ("the target can be captured: the reverse stream runs from the change position"
                      + " the cutover records (%s)")
                  .formatted(targetDialect.reverseStart().describe(migration))));
      return findings;
    }
    for (Finding f : missing) {
      findings.add(
          graded(
              mode,
              "the target cannot be captured for the reverse stream: " + f.message(),
              "the cutover will be one-way (rollback.reverse: auto)",
              f.fix() + " on the target"));
    }
    return findings;
  }

  /**
   * The plan's findings about the old source's side of the reverse stream: whether its user can
   * take the reverse applier's writes (see {@link io.godwit.db.TargetChecks#checkOldSource}). With
   * {@code on} what is missing blocks the migration; with {@code auto} it is a warning, as the
   * reverse stream would stop at its first write after the cutover.
   */
  static List<Finding> oldSourceFindings(
      Reverse mode,
      Dialect sourceDialect,
      Connection source,
      String schema,
      List<String> tables,
      boolean readOnlyFreeze)
      throws SQLException {
    if (mode == Reverse.OFF) {
      return List.of();
    }
    List<Finding> findings = new ArrayList<>();
    for (Finding f :
        sourceDialect
            .targetChecks()
            .checkOldSource(source, schema, tables, StateStore.SCHEMA, readOnlyFreeze)) {
      findings.add(
          graded(
              mode,
              "the old source cannot take the reverse stream's writes: " + f.message(),
              "the reverse stream would stop at its first write (auto)",
              f.fix() + " on the source"));
    }
    return findings;
  }

  /**
   * A missing piece of the reverse stream: a blocker with {@code on}, a warning saying what {@code
   * auto} would lead to otherwise.
   */
  private static Finding graded(Reverse mode, String message, String autoOutcome, String fix) {
    return mode == Reverse.ON
        ? Finding.blocker(
            SUBJECT, message, fix + ", or set rollback.reverse: off for a one-way cutover")
        : Finding.warning(
            SUBJECT, message + "; " + autoOutcome, fix + " to keep a way back after the cutover");
  }

  /**
   * Whether the cutover takes the reverse stream's start position: {@code on}, or {@code auto} on a
   * target that can be captured.
   */
  public static boolean enabled(
      Reverse mode, Dialect targetDialect, Connection target, String migration)
      throws SQLException {
    return switch (mode) {
      case ON -> true;
      case OFF -> false;
      case AUTO -> missing(targetDialect, target, migration).isEmpty();
    };
  }

  private static List<Finding> missing(Dialect targetDialect, Connection target, String migration)
      throws SQLException {
    return targetDialect
        .sourceChecks()
        .captureServer(target, ReverseStart.slotName(migration))
        .stream()
        .filter(Finding::isBlocker)
        .toList();
  }
}
