package io.godwit;

import io.godwit.config.MigrationConfig;
import io.godwit.plan.Planner;
import io.godwit.schema.TargetTable;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.IdentityHashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import javax.sql.DataSource;

/**
 * The migration file each table is planned by while a run lasts: the one the run started with, or,
 * for a table copied again, the one its re-copy read. The applier's schema check compares each
 * table with its own plan, so a file edited for one table's re-copy never reads as a change of
 * another table's source; that other table takes the edit when it is copied again ({@code plan}
 * names {@code godwit resnapshot} for it at the next start).
 */
final class PlannedBy implements RunApply.Planning {

  private final MigrationConfig started;
  private final Map<String, MigrationConfig> recopied = new ConcurrentHashMap<>();

  PlannedBy(MigrationConfig started) {
    this.started = started;
  }

  /** {@code table} is copied again as {@code file} plans it. */
  void recopy(String table, MigrationConfig file) {
    recopied.put(table, file);
  }

  /** Every table of the run planned from both catalogs now, each by its own file. */
  @Override
  public List<TargetTable> translate(DataSource source, DataSource target) throws SQLException {
    Map<MigrationConfig, Map<String, TargetTable>> byFile = new IdentityHashMap<>();
    Map<String, TargetTable> byStarted = plan(started, source, target);
    byFile.put(started, byStarted);
    List<TargetTable> tables = new ArrayList<>();
    for (Map.Entry<String, TargetTable> t : byStarted.entrySet()) {
      MigrationConfig own = recopied.getOrDefault(t.getKey(), started);
      Map<String, TargetTable> planned = byFile.get(own);
      if (planned == null) {
        planned = plan(own, source, target);
        byFile.put(own, planned);
      }
      tables.add(planned.getOrDefault(t.getKey(), t.getValue()));
    }
    return tables;
  }

  private static Map<String, TargetTable> plan(
      MigrationConfig file, DataSource source, DataSource target) throws SQLException {
    Map<String, TargetTable> bySource = new LinkedHashMap<>();
    for (TargetTable t : new Planner(file, source, target).translate()) {
      bySource.put(t.source().name(), t);
    }
    return bySource;
  }
}
