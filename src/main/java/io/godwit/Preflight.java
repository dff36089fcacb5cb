package io.godwit;

import io.godwit.config.MigrationConfig;
import io.godwit.plan.Planner;
import io.godwit.schema.Carried;
import io.godwit.schema.TargetTable;
import io.godwit.state.StateStore;
import java.sql.SQLException;
import java.util.List;
import javax.sql.DataSource;

/**
 * What every command that changes the target does first: plan, refuse to start on blockers (having
 * changed nothing), then install the state store and record the migration in it.
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
    return new Preflight(prepared.tables(), prepared.carried(), StateStore.prepare(config, target));
  }
}
