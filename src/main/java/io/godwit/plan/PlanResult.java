package io.godwit.plan;

import io.godwit.db.Finding;
import io.godwit.schema.ColumnMapping;
import java.util.List;

/**
 * What {@code godwit plan} found: the tables it would move, the DDL it would run, the column
 * mappings that are not exact, and findings (blockers and warnings).
 *
 * @param ddl statements run before the copy: schema, types and tables with their primary keys
 * @param deferredDdl statements run after the copy: secondary indexes, then foreign keys
 * @param mappings every widened or lossy column mapping, and every exact one that some values stop,
 *     with the count of such values on the source when {@code plan} counted them
 * @param inventory the source's views, triggers, routines, grants and other objects besides the
 *     rows, each carried to the target or listed with what to do; none of them blocks the plan
 */
public record PlanResult(
    String migration,
    Side source,
    Side target,
    List<PlannedTable> tables,
    List<String> ddl,
    List<String> deferredDdl,
    List<ColumnMapping> mappings,
    List<Finding> findings,
    List<InventoryItem> inventory) {

  public PlanResult {
    tables = List.copyOf(tables);
    ddl = List.copyOf(ddl);
    deferredDdl = List.copyOf(deferredDdl);
    mappings = List.copyOf(mappings);
    findings = List.copyOf(findings);
    inventory = List.copyOf(inventory);
  }

  /**
   * One side of the migration.
   *
   * @param url the JDBC URL with any password masked
   */
  public record Side(String engine, String version, String url, String schema) {}

  /**
   * A table to migrate.
   *
   * @param key the columns that identify a row; empty when the table has no usable key
   * @param existsOnTarget the target already has a table of that name with the same columns
   */
  public record PlannedTable(
      String source,
      String target,
      long estimatedRows,
      long estimatedBytes,
      List<String> key,
      boolean existsOnTarget) {}

  public boolean hasBlockers() {
    return findings.stream().anyMatch(Finding::isBlocker);
  }

  public long blockers() {
    return findings.stream().filter(Finding::isBlocker).count();
  }

  public long warnings() {
    return findings.stream().filter(f -> f.severity() == Finding.Severity.WARNING).count();
  }
}
