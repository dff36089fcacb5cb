package io.godwit;

import io.godwit.config.MigrationConfig;
import io.godwit.error.ErrorCode;
import io.godwit.error.GodwitException;
import io.godwit.plan.Planner;
import io.godwit.schema.TargetTable;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.IdentityHashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.Supplier;
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
  private final Supplier<MigrationConfig> fileNow;
  private final Map<String, MigrationConfig> recopied = new ConcurrentHashMap<>();

  /** A run whose tables are never copied again: each is planned by {@code started}. */
  PlannedBy(MigrationConfig started) {
    this(started, () -> started);
  }

  /**
   * @param fileNow reads the migration file again: a re-copy ({@code godwit resnapshot}) plans its
   *     table from the file as it is then, so a changed {@code tables.column-types} takes effect
   */
  PlannedBy(MigrationConfig started, Supplier<MigrationConfig> fileNow) {
    this.started = started;
    this.fileNow = fileNow;
  }

  /**
   * Plans the run's tables from the migration file as it is now, which plans {@code table}, to be
   * copied again, from here on. Refused when the file now names another migration.
   *
   * @return every table the file now plans
   */
  List<TargetTable> recopy(String table, DataSource source, DataSource target) throws SQLException {
    MigrationConfig now = fileNow.get();
    if (!now.name().equals(started.name())) {
      throw new GodwitException(
          ErrorCode.BAD_ARGUMENT,
          ("the migration file now names migration %s, but this run is %s; fix: put name: %s"
                  + " back")
              .formatted(now.name(), started.name(), started.name()));
    }
    List<TargetTable> planned = new Planner(now, source, target).translate();
    recopied.put(table, now);
    return planned;
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
