package io.godwit.plan;

import io.godwit.config.CutoverSettings;
import io.godwit.config.MigrationConfig;
import io.godwit.db.Dialect;
import io.godwit.db.Finding;
import io.godwit.schema.Carried;
import io.godwit.schema.ColumnMapping;
import io.godwit.schema.SourceObject;
import io.godwit.schema.Table;
import io.godwit.schema.TargetTable;
import io.godwit.state.StateStore;
import io.godwit.state.TableStates;
import java.sql.Connection;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.function.Function;
import java.util.stream.Collectors;
import javax.sql.DataSource;

/**
 * {@code godwit plan}: reads both catalogs, translates the selected tables, and checks everything a
 * migration needs: source change-capture settings and privileges, row keys, target tables in the
 * way. Reads only; it writes nothing anywhere.
 */
public final class Planner {

  private final MigrationConfig config;
  private final DataSource source;
  private final DataSource target;
  private final Dialect sourceDialect;
  private final Dialect targetDialect;

  public Planner(MigrationConfig config, DataSource source, DataSource target) {
    this.config = config;
    this.source = source;
    this.target = target;
    this.sourceDialect = Dialect.of(config.source().engine());
    this.targetDialect = Dialect.of(config.target().engine());
  }

  /**
   * The full plan, including the source's change-capture checks and the count of the source rows
   * each lossy mapping changes ({@link LossProfile}).
   */
  public PlanResult plan() throws SQLException {
    return prepare(true, true).plan();
  }

  /**
   * The plan.
   *
   * @param checkCapture false for a one-off copy ({@code godwit snapshot}), which needs no binlog
   *     or replication settings
   */
  public PlanResult plan(boolean checkCapture) throws SQLException {
    return prepare(checkCapture, false).plan();
  }

  /**
   * A plan together with the translated tables the copy and apply steps go on to use, and the
   * objects besides them the run creates on the target.
   */
  public record Prepared(PlanResult plan, List<TargetTable> tables, Carried carried) {}

  /**
   * The plan and its translated tables, from one read of each catalog, without reading the source's
   * rows.
   */
  public Prepared prepare(boolean checkCapture) throws SQLException {
    return prepare(checkCapture, false);
  }

  /**
   * The selected source tables as the source's catalog translates them now: the part of {@link
   * #prepare} the applier's periodic schema check needs, without the inventory, the target's
   * catalog and the state store.
   */
  public List<TargetTable> translate() throws SQLException {
    try (Connection src = source.getConnection();
        Connection tgt = target.getConnection()) {
      String sourceSchema = schemaOf(src, config.source().schema(), sourceDialect, "source");
      String targetSchema = schemaOf(tgt, config.target().schema(), targetDialect, "target");
      List<Table> selected =
          sourceDialect.catalog().tables(src, sourceSchema).stream()
              .filter(t -> config.tables().selects(t.name()))
              .toList();
      return PlannedTables.of(config, sourceDialect, targetDialect, targetSchema, selected)
          .tables();
    }
  }

  private Prepared prepare(boolean checkCapture, boolean profile) throws SQLException {
    List<Finding> findings = new ArrayList<>();
    try (Connection src = source.getConnection();
        Connection tgt = target.getConnection()) {
      String sourceSchema = schemaOf(src, config.source().schema(), sourceDialect, "source");
      String targetSchema = schemaOf(tgt, config.target().schema(), targetDialect, "target");
      List<Table> all = sourceDialect.catalog().tables(src, sourceSchema);
      List<Table> selected = all.stream().filter(t -> config.tables().selects(t.name())).toList();
      if (selected.isEmpty()) {
        findings.add(
            Finding.blocker(
                "tables.include",
                "tables.include/exclude must select at least one table of %s, found none of: %s"
                    .formatted(sourceSchema, names(all)),
                "list the tables to migrate in tables.include"));
      }
      PlannedTables translation =
          PlannedTables.of(config, sourceDialect, targetDialect, targetSchema, selected);
      List<SourceObject> objects = sourceDialect.sourceObjects().read(src, sourceSchema);
      findings.addAll(sourceDialect.sourceObjects().blindSpots(src, sourceSchema));
      translation =
          translation.withCarried(
              TableInventory.carriedChecks(objects, sourceDialect.engine(), targetDialect.engine()),
              TableInventory.carriedComments(objects, targetDialect));
      findings.addAll(translation.findings());
      List<Finding> targetRights =
          targetDialect.targetChecks().check(tgt, targetSchema, StateStore.SCHEMA);
      findings.addAll(targetRights);
      Map<String, Table> onTarget =
          targetDialect.catalog().tables(tgt, targetSchema).stream()
              .collect(Collectors.toMap(Table::name, Function.identity()));
      List<PlanResult.PlannedTable> planned = new ArrayList<>();
      List<String> ddl = new ArrayList<>();
      List<String> deferred = new ArrayList<>();
      Set<String> takenOver = new HashSet<>();
      // a user without the rights found above may not read the state store either
      Map<String, TableStates.Known> known =
          targetRights.isEmpty() ? new TableStates(config.name()).known(tgt) : Map.of();
      for (TargetTable t : translation.tables()) {
        Table existing = onTarget.get(t.name());
        TableStates.Known earlier = known.get(t.source().name());
        boolean reuse = existing != null && TargetConflicts.sameColumns(t, existing);
        if (earlier != null) {
          KnownTables.plan(t, earlier, existing != null, targetDialect, ddl, findings);
        } else if (existing != null && !reuse) {
          findings.add(TargetConflicts.finding(t, existing));
        } else if (existing == null) {
          ddl.addAll(targetDialect.ddl().createTable(t));
        }
        if (earlier == null && reuse) {
          takenOver.add(t.source().name());
        }
        findings.addAll(InnoDbLimits.check(t, targetDialect));
        deferred.addAll(targetDialect.ddl().createIndexes(t));
        deferred.addAll(targetDialect.ddl().addChecks(t));
        planned.add(
            new PlanResult.PlannedTable(
                t.source().name(),
                t.name(),
                t.source().estimatedRows(),
                t.source().estimatedBytes(),
                t.source().rowKey().map(k -> k.columnNames()).orElse(List.of()),
                reuse));
      }
      for (TargetTable t : translation.tables()) {
        deferred.addAll(targetDialect.ddl().addForeignKeys(t));
      }
      KnownTables.changes(translation.tables(), known, findings);
      findings.addAll(TlsFindings.of(config, checkCapture));
      if (checkCapture && !selected.isEmpty()) {
        findings.addAll(sourceDialect.sourceChecks().check(src, config.name(), selected));
        findings.addAll(uncomputedGeneratedColumns(translation.tables()));
        findings.addAll(
            ReverseCapture.findings(
                config.rollback().reverse(), targetDialect, tgt, config.name()));
        findings.addAll(
            ReverseCapture.oldSourceFindings(
                config.rollback().reverse(),
                sourceDialect,
                src,
                sourceSchema,
                selected.stream().map(Table::name).toList(),
                config.cutover().freeze() == CutoverSettings.Freeze.READ_ONLY));
      }
      for (Table t : selected) {
        if (t.rowKey().isEmpty()) {
          findings.add(
              Finding.info(
                  "table " + t.name(),
                  ("%s has no primary key or unique NOT NULL key: godwit snapshot copies it whole"
                          + " in one transaction")
                      .formatted(t.name())));
        }
        for (String index : t.unsupportedIndexes()) {
          findings.add(
              Finding.warning(
                  "table " + t.name(),
                  "index %s of %s is not copied (Godwit copies b-tree indexes only)"
                      .formatted(index, t.name()),
                  "create it on the target yourself after the copy"));
        }
      }
      List<ColumnMapping> mappings = translation.mappings();
      if (profile) {
        LossProfile.Result profiled = LossProfile.profile(src, sourceDialect, selected, mappings);
        mappings = profiled.mappings();
        findings.addAll(profiled.findings());
        findings.addAll(FilteredRows.count(src, sourceDialect, translation.tables()));
      }
      Inventory.Result inventory =
          Inventory.of(
              objects,
              selected,
              translation.tables(),
              takenOver,
              sourceDialect.engine(),
              targetDialect,
              new Inventory.Scope(
                  sourceSchema,
                  targetSchema,
                  config.inventory(),
                  targetDialect.sourceObjects().principals(tgt)));
      PlanResult result =
          new PlanResult(
              config.name(),
              side(src, sourceDialect, config.source().shownUrl(), sourceSchema),
              side(tgt, targetDialect, config.target().shownUrl(), targetSchema),
              planned,
              ddl,
              deferred,
              mappings,
              findings,
              inventory.items());
      return new Prepared(result, translation.tables(), inventory.carried());
    }
  }

  /**
   * Generated columns of a PostgreSQL source that the target does not compute: pgoutput sends no
   * value for them, so their changes cannot be applied.
   */
  private List<Finding> uncomputedGeneratedColumns(List<TargetTable> tables) {
    List<Finding> findings = new ArrayList<>();
    if (sourceDialect.streamsGeneratedColumns()) {
      return findings;
    }
    for (TargetTable t : tables) {
      for (TargetTable.TargetColumn c : t.columns()) {
        if (c.source().isGenerated() && !c.isGenerated()) {
          String column = t.source().name() + "." + c.source().name();
          findings.add(
              Finding.blocker(
                  "column " + column,
                  ("%s is generated (%s): PostgreSQL's change stream carries no value for it and"
                          + " %s would not compute it, so its changes cannot be applied")
                      .formatted(
                          column,
                          c.source().generatedExpression(),
                          targetDialect.engine().displayName()),
                  ("make it a plain column on the source (ALTER TABLE %s ALTER COLUMN %s DROP"
                          + " EXPRESSION), or exclude %s (tables.exclude) and copy it once with"
                          + " godwit snapshot")
                      .formatted(
                          sourceDialect.quote(t.source().name()),
                          sourceDialect.quote(c.source().name()),
                          t.source().name())));
        }
      }
    }
    return findings;
  }

  private static String schemaOf(Connection c, String configured, Dialect dialect, String side)
      throws SQLException {
    if (configured != null) {
      return configured;
    }
    String current = dialect.catalog().currentSchema(c);
    if (current == null) {
      throw new PlanException(
          "%s.url names no database; fix: add the database to the URL (jdbc:...:3306/shop) or set %s.schema"
              .formatted(side, side));
    }
    return current;
  }

  private static PlanResult.Side side(Connection c, Dialect dialect, String shownUrl, String schema)
      throws SQLException {
    return new PlanResult.Side(
        dialect.engine().displayName(),
        c.getMetaData().getDatabaseProductVersion(),
        shownUrl,
        schema);
  }

  private static String names(List<Table> tables) {
    return tables.isEmpty()
        ? "(the schema has no tables)"
        : tables.stream().map(Table::name).collect(Collectors.joining(", "));
  }
}
