package io.godwit.plan;

import io.godwit.config.MappingOptions;
import io.godwit.config.MigrationConfig;
import io.godwit.db.Dialect;
import io.godwit.db.Finding;
import io.godwit.schema.ColumnMapping;
import io.godwit.schema.Fidelity;
import io.godwit.schema.InvalidFilterException;
import io.godwit.schema.RowFilter;
import io.godwit.schema.SchemaTranslator;
import io.godwit.schema.Table;
import io.godwit.schema.TargetTable;
import io.godwit.schema.Translation;
import io.godwit.schema.TypeMapper;
import io.godwit.schema.TypeMappings;
import io.godwit.schema.TypeOptions;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/**
 * The target tables as planned: the source tables translated ({@link io.godwit.schema.Translation})
 * with the migration file's mapping options and overrides, with what the translation found turned
 * into plan findings.
 *
 * @param mappings the widened and lossy column mappings, and exact ones some values can stop
 */
record PlannedTables(
    List<TargetTable> tables, List<ColumnMapping> mappings, List<Finding> findings) {

  static PlannedTables of(
      MigrationConfig config,
      Dialect source,
      Dialect target,
      String targetSchema,
      List<Table> tables) {
    TypeMapper mapper;
    try {
      mapper =
          TypeMappings.between(
              source.engine(),
              target.engine(),
              options(config.mapping()),
              config.tables().columnTypes());
    } catch (IllegalArgumentException e) {
      return new PlannedTables(
          List.of(),
          List.of(),
          List.of(
              Finding.blocker(
                  "tables.column-types",
                  e.getMessage(),
                  "give each override a plain SQL type of the target, e.g. numeric(20,0)")));
    }
    Translation translation =
        new SchemaTranslator(source.engine(), target.engine(), mapper)
            .translate(tables, targetSchema, config.tables()::targetName);
    List<Finding> findings = new ArrayList<>();
    translation.errors().forEach(e -> findings.add(Finding.blocker("schema", e, "")));
    translation.warnings().forEach(w -> findings.add(Finding.warning("schema", w, "")));
    findings.addAll(rollbackReadiness(translation.columns()));
    List<ColumnMapping> notExact =
        translation.columns().stream()
            .filter(c -> c.fidelity() != Fidelity.EXACT || !c.losses().isEmpty())
            .toList();
    List<TargetTable> filtered =
        filtered(translation.tables(), config.tables().filter(), source, findings);
    List<TargetTable> ruled = ColumnRulesStep.apply(filtered, config.tables(), target, findings);
    return new PlannedTables(ruled, ColumnRulesStep.mappings(notExact, ruled), findings);
  }

  /**
   * The tables with their row filters ({@code tables.filter}) bound to their columns; a filter that
   * names an unknown column, a column of a type filters do not compare, a constant of the wrong
   * type, or a table that is not migrated is a blocker naming its key.
   */
  static List<TargetTable> filtered(
      List<TargetTable> tables, Map<String, String> filters, Dialect source, List<Finding> out) {
    Map<String, String> unused = new LinkedHashMap<>(filters);
    List<TargetTable> result = new ArrayList<>();
    for (TargetTable t : tables) {
      String text = unused.remove(t.source().name());
      if (text == null) {
        result.add(t);
        continue;
      }
      try {
        result.add(t.withRows(RowFilter.parse(text).bind(t, source.engine())));
        partialUpdates(t).ifPresent(out::add);
      } catch (InvalidFilterException e) {
        out.add(
            Finding.blocker(
                "tables.filter." + t.source().name(),
                "the filter of table %s does not fit it: %s"
                    .formatted(t.source().name(), e.getMessage()),
                "correct the filter in tables.filter; see docs/filters.md"));
        result.add(t);
      }
    }
    List<String> filteredTargets =
        result.stream().filter(t -> !t.rows().selectsAll()).map(TargetTable::name).toList();
    for (int i = 0; i < result.size(); i++) {
      TargetTable t = result.get(i);
      List<TargetTable.TargetForeignKey> kept = new ArrayList<>();
      for (TargetTable.TargetForeignKey fk : t.foreignKeys()) {
        if (fk.referencedSchema().equals(t.schema())
            && filteredTargets.contains(fk.referencedTable())) {
          out.add(
              Finding.warning(
                  "tables.filter." + fk.referencedTable(),
                  ("foreign key %s of %s references %s, whose rows are filtered: rows of %s may"
                          + " reference rows the filter leaves out, so the key is not created on"
                          + " the target")
                      .formatted(fk.name(), t.name(), fk.referencedTable(), t.name()),
                  "filter %s the same way if its rows must match, and add the key after cutover"
                      .formatted(t.source().name())));
        } else {
          kept.add(fk);
        }
      }
      if (kept.size() != t.foreignKeys().size()) {
        result.set(i, t.withIndexes(t.indexes(), kept));
      }
    }
    unused.forEach(
        (table, text) ->
            out.add(
                Finding.blocker(
                    "tables.filter." + table,
                    "tables.filter names table %s, which is not among the migrated tables (%s)"
                        .formatted(
                            table,
                            String.join(
                                ", ", tables.stream().map(t -> t.source().name()).toList())),
                    "name a table that tables.include selects, as the source names it")));
    return result;
  }

  /**
   * PostgreSQL leaves an unchanged TOASTed value out of an update's event; a row entering the
   * filter through such an update can take it only from a full before image.
   */
  private static Optional<Finding> partialUpdates(TargetTable t) {
    String identity = t.source().replicaIdentity();
    boolean toastable =
        t.source().columns().stream()
            .anyMatch(
                c ->
                    c.type().arrayDimensions() > 0
                        || TOASTABLE.contains(c.type().name())
                        || c.type().name().equals("character varying")
                            && c.type().length() == null);
    if (identity == null || identity.equals("f") || !toastable) {
      return Optional.empty();
    }
    return Optional.of(
        Finding.warning(
            "tables.filter." + t.source().name(),
            ("%s is filtered and may hold large (TOASTed) values, which PostgreSQL leaves out of an"
                    + " update that does not change them: a row entering the filter through such an"
                    + " update stops the table, having no full before image to take them from")
                .formatted(t.source().name()),
            "ALTER TABLE %s.%s REPLICA IDENTITY FULL"
                .formatted(t.source().schema(), t.source().name())));
  }

  private static final Set<String> TOASTABLE = Set.of("text", "bytea", "json", "jsonb", "xml");

  /** The subject of the rollback-readiness findings. */
  static final String ROLLBACK = "rollback readiness";

  /**
   * For each table, the columns whose target values could not all be written back to the source
   * type, with which values: what the reverse stream after cutover would meet. Informational: such
   * a value stops its table on the reverse stream, named, and the rollback waits for it to be
   * fixed.
   */
  static List<Finding> rollbackReadiness(List<ColumnMapping> columns) {
    Map<String, List<ColumnMapping>> byTable = new LinkedHashMap<>();
    for (ColumnMapping c : columns) {
      if (!c.back().reversible()) {
        byTable.computeIfAbsent(c.table(), t -> new ArrayList<>()).add(c);
      }
    }
    List<Finding> findings = new ArrayList<>();
    byTable.forEach(
        (table, irreversible) -> {
          StringBuilder message =
              new StringBuilder(
                  ("table %s: %d of its columns can hold values on the target that the source"
                          + " column could not take back (informational: with rollback.reverse,"
                          + " the first such value the old source rejects, or would round (a"
                          + " decimal with more places than its column keeps), stops the table's"
                          + " reverse stream, named, and `godwit rollback` waits until it is"
                          + " fixed; see ops/runbooks/rollback.md):")
                      .formatted(table, irreversible.size()));
          for (ColumnMapping c : irreversible) {
            message.append(
                " %s %s -> %s: %s;"
                    .formatted(c.column(), c.sourceType(), c.targetType(), c.back().reason()));
          }
          message.setLength(message.length() - 1);
          findings.add(Finding.info(ROLLBACK, message.toString()));
        });
    return findings;
  }

  /**
   * The translation with each table's CHECK constraints and comments of the source, by source table
   * name.
   */
  PlannedTables withCarried(
      Map<String, List<TargetTable.Check>> checks,
      Map<String, List<TargetTable.Comment>> comments) {
    return new PlannedTables(
        tables.stream()
            .map(
                t ->
                    t.withCarried(
                        checks.getOrDefault(t.source().name(), List.of()),
                        comments.getOrDefault(t.source().name(), List.of())))
            .toList(),
        mappings,
        findings);
  }

  static TypeOptions options(MappingOptions mapping) {
    TypeOptions.EnumMapping enums =
        switch (mapping.enums()) {
          case CHECK -> TypeOptions.EnumMapping.CHECK;
          case NATIVE -> TypeOptions.EnumMapping.NATIVE;
          case TEXT -> TypeOptions.EnumMapping.TEXT;
        };
    return new TypeOptions(
        mapping.tinyint1() == MappingOptions.Tinyint1.BOOLEAN,
        enums,
        mapping.zeroDates() == MappingOptions.ZeroDates.NULL);
  }
}
