package io.godwit;

import com.zaxxer.hikari.HikariDataSource;
import io.godwit.config.MigrationConfig;
import io.godwit.control.ControlClient;
import io.godwit.control.CutoverDocument;
import io.godwit.db.OldSource;
import io.godwit.db.Pools;
import io.godwit.error.GodwitException;
import io.godwit.state.AttemptState;
import io.godwit.state.CutoverRecords;
import java.util.Optional;

/**
 * {@code godwit rollback}: goes back to the old source through the running {@code godwit run}'s
 * control API, while it streams the target's changes back: check the preconditions, freeze the
 * target, drain the reverse stream, validate every table, set the old source's identity counters,
 * unfreeze the old source, {@code rollback.done-hook}. Any failure before the old source is
 * unfrozen unfreezes the target and the reverse stream goes on. An interrupt of this process while
 * the rollback runs aborts it.
 */
final class RollbackCommand implements OperatedSwitch {

  private final MigrationConfig config;
  private final ControlClient client;

  RollbackCommand(MigrationConfig config) {
    this.config = config;
    this.client = new ControlClient(config.control());
  }

  /**
   * Checks the preconditions, and when the operator goes ahead runs the rollback to its end.
   *
   * @return the precondition check when the operator did not go ahead, else the attempt as it ended
   */
  CutoverDocument rollback(CutoverOperator operator) throws Exception {
    return drive("rollback", operator);
  }

  @Override
  public CutoverDocument start(boolean dryRun) throws Exception {
    return client.rollback(dryRun);
  }

  @Override
  public void confirm() throws Exception {
    client.confirmRollback();
  }

  @Override
  public void abort(String reason) throws Exception {
    client.abortRollback(reason);
  }

  /**
   * The rollback as the run serves it; once the run ended (a done rollback ends it), as the old
   * source's state store keeps it.
   */
  @Override
  public CutoverDocument view(CutoverDocument started) throws Exception {
    Integer attempt = started.recorded() == null ? null : started.recorded().attempt();
    try {
      return client.rollbackView();
    } catch (GodwitException gone) {
      Optional<CutoverRecords.Attempt> stored = stored();
      if (stored.isPresent()
          && stored.get().attempt() == (attempt == null ? -1 : attempt)
          && stored.get().shownState() != AttemptState.RUNNING) {
        return new CutoverDocument(
            null, stored.get().shownState(), CutoverDocument.Recorded.of(stored.get()));
      }
      throw gone;
    }
  }

  private Optional<CutoverRecords.Attempt> stored() throws Exception {
    try (HikariDataSource oldSource =
        Pools.open(OldSource.pastTheFreeze(config.source()), "old-source", 1)) {
      return new CutoverRecords(oldSource, ReverseStream.config(config).name()).latest();
    }
  }
}
