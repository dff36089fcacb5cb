package io.godwit;

import io.godwit.config.MigrationConfig;
import io.godwit.error.ErrorCode;
import io.godwit.error.GodwitException;
import io.godwit.plan.Planner;
import io.godwit.schema.Carried;
import io.godwit.schema.TargetTable;
import io.godwit.state.StateStore;
import java.sql.SQLException;
import java.util.List;
import java.util.Optional;
import javax.sql.DataSource;

/**
 * What every command that changes the target does first: plan, refuse to start on blockers (having
 * changed nothing), then install the state store and record the migration in it; a migration {@code
 * godwit finish} finished is refused.
 *
 * @param tables the translated tables to create, copy and apply
 * @param carried the objects besides the tables that the run creates on the target
 */
record Preflight(List<TargetTable> tables, Carried carried, StateStore store) {

  static Preflight run(
      MigrationConfig config, DataSource source, DataSource target, boolean checkCapture)
      throws SQLException {
    Planner.Prepared prepared = new Planner(config, source, target).prepare(checkCapture);
    if (prepared.plan().hasBlockers()) {
      throw new BlockedException(prepared.plan());
    }
    StateStore store = StateStore.prepare(config, target);
    Optional<String> finished = store.finishedAt(config.name());
    if (finished.isPresent()) {
      throw new GodwitException(
          ErrorCode.MIGRATION_STATE,
          ("migration %s was finished at %s: `godwit finish` removed its replication slots,"
                  + " publications and change topics, so there is nothing left to run or copy;"
                  + " fix: start a new migration under a new name")
              .formatted(config.name(), finished.get()));
    }
    return new Preflight(prepared.tables(), prepared.carried(), store);
  }
}
