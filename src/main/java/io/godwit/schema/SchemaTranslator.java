package io.godwit.schema;

import io.godwit.engine.Engine;
import io.godwit.schema.TargetTable.TargetColumn;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.function.UnaryOperator;

/**
 * Translates source tables for the target engine: column types through a {@link TypeMapper},
 * defaults where safe, identity columns, the row key as primary key, secondary indexes and foreign
 * keys between migrated tables. Column names are kept; tables are renamed by the given function.
 */
public final class SchemaTranslator {

  private static final int PG_NAME_BYTES = 63;
  private static final Set<String> PG_IDENTITY_TYPES = Set.of("smallint", "integer", "bigint");

  private final Engine source;
  private final Engine target;
  private final TypeMapper types;

  public SchemaTranslator(Engine source, Engine target, TypeMapper types) {
    this.source = source;
    this.target = target;
    this.types = types;
  }

  /**
   * Translates the tables of one migration.
   *
   * @param tables every source table being migrated; foreign keys to other tables are dropped
   * @param targetSchema the target schema (PostgreSQL) or database (MySQL)
   * @param rename the target name of a source table name
   */
  public Translation translate(
      List<Table> tables, String targetSchema, UnaryOperator<String> rename) {
    List<String> warnings = new ArrayList<>();
    List<String> errors = new ArrayList<>();
    Map<String, Table> migrated = new LinkedHashMap<>();
    tables.forEach(t -> migrated.put(key(t.schema(), t.name()), t));
    Map<String, Map<String, MappedType>> mapped = new LinkedHashMap<>();
    for (Table table : tables) {
      Map<String, MappedType> columns = mapColumns(table, rename.apply(table.name()), errors);
      if (columns != null) {
        mapped.put(key(table.schema(), table.name()), columns);
      }
    }
    followReferencedTypes(tables, migrated, mapped);
    Keys keys = new Keys(source, target, targetSchema, rename, migrated, warnings);
    List<TargetTable> translated = new ArrayList<>();
    List<ColumnMapping> mappings = new ArrayList<>();
    for (Table table : tables) {
      Map<String, MappedType> columns = mapped.get(key(table.schema(), table.name()));
      if (columns != null) {
        translated.add(table(table, targetSchema, rename, columns, keys, warnings));
        table.columns().forEach(c -> mappings.add(mapping(table, c, columns.get(c.name()))));
      }
    }
    return new Translation(keys.uniqueNames(translated), mappings, warnings, errors);
  }

  /** The target types of the table's columns, or null after adding the reasons to errors. */
  private Map<String, MappedType> mapColumns(Table table, String targetName, List<String> errors) {
    int before = errors.size();
    if (target == Engine.POSTGRESQL && tooLong(targetName)) {
      errors.add(
          "%s: the table name %s is longer than PostgreSQL's 63 bytes; fix: rename the table"
              .formatted(table.name(), targetName));
    }
    Map<String, MappedType> columns = new LinkedHashMap<>();
    for (Column column : table.columns()) {
      if (target == Engine.POSTGRESQL && tooLong(column.name())) {
        errors.add(
            "%s.%s: the column name is longer than PostgreSQL's 63 bytes; fix: rename it in the"
                    .formatted(table.name(), column.name())
                + " source or leave the table out");
      }
      try {
        columns.put(column.name(), types.map(table, column));
      } catch (UnsupportedTypeException e) {
        errors.add(e.getMessage());
      }
    }
    return errors.size() == before ? columns : null;
  }

  private static boolean tooLong(String name) {
    return name.getBytes(StandardCharsets.UTF_8).length > PG_NAME_BYTES;
  }

  /**
   * Gives a foreign key column the target type of the column it references when both have the same
   * source type but their mappings differ (a {@code bigint unsigned} referencing an auto-increment
   * one), so the foreign key can be created. Repeats for chains of references, at most once per
   * table so that a cycle of references cannot loop.
   */
  private static void followReferencedTypes(
      List<Table> tables,
      Map<String, Table> migrated,
      Map<String, Map<String, MappedType>> mapped) {
    boolean changed = true;
    for (int pass = 0; changed && pass < tables.size(); pass++) {
      changed = false;
      for (Table table : tables) {
        Map<String, MappedType> own = mapped.get(key(table.schema(), table.name()));
        for (ForeignKey fk : own == null ? List.<ForeignKey>of() : table.foreignKeys()) {
          Table ref = migrated.get(key(fk.referencedSchema(), fk.referencedTable()));
          Map<String, MappedType> theirs =
              ref == null ? null : mapped.get(key(ref.schema(), ref.name()));
          for (int i = 0; theirs != null && i < fk.columns().size(); i++) {
            changed |=
                follow(table, own, fk.columns().get(i), ref, theirs, fk.referencedColumns().get(i));
          }
        }
      }
    }
  }

  private static boolean follow(
      Table table,
      Map<String, MappedType> own,
      String column,
      Table ref,
      Map<String, MappedType> theirs,
      String refColumn) {
    MappedType mine = own.get(column);
    MappedType other = theirs.get(refColumn);
    Optional<Column> a = table.column(column);
    Optional<Column> b = ref.column(refColumn);
    if (mine == null
        || other == null
        || a.isEmpty()
        || b.isEmpty()
        || mine.sqlType().equals(other.sqlType())
        || !sameSourceType(a.get().type(), b.get().type())) {
      return false;
    }
    String note = "as the referenced column %s.%s".formatted(ref.name(), refColumn);
    own.put(
        column,
        new MappedType(
            other.sqlType(),
            other.fidelity(),
            other.note().isEmpty() ? note : note + ": " + other.note(),
            other.check(),
            other.enumType(),
            other.losses(),
            other.back()));
    return true;
  }

  private static boolean sameSourceType(ColumnType a, ColumnType b) {
    return a.name().equals(b.name())
        && a.unsigned() == b.unsigned()
        && a.arrayDimensions() == b.arrayDimensions();
  }

  private TargetTable table(
      Table table,
      String targetSchema,
      UnaryOperator<String> rename,
      Map<String, MappedType> types,
      Keys keys,
      List<String> warnings) {
    Optional<Index> rowKey = table.rowKey();
    List<String> primaryKey = rowKey.map(Index::columnNames).orElse(List.of());
    List<TargetColumn> columns = new ArrayList<>();
    boolean identityTaken = false;
    for (Column c : table.columns()) {
      TargetColumn column =
          column(table, c, types.get(c.name()), primaryKey, identityTaken, warnings);
      identityTaken |= column.identity();
      columns.add(column);
    }
    return new TargetTable(
        table,
        targetSchema,
        rename.apply(table.name()),
        columns,
        primaryKey,
        rowKey.map(k -> !k.primary()).orElse(false),
        keys.indexes(table, types, rowKey),
        keys.foreignKeys(table),
        List.of(),
        List.of(),
        RowFilter.ALL,
        ColumnRules.NONE);
  }

  private TargetColumn column(
      Table table,
      Column c,
      MappedType type,
      List<String> primaryKey,
      boolean identityTaken,
      List<String> warnings) {
    String where = table.name() + "." + c.name();
    if (c.isGenerated() && source == Engine.POSTGRESQL && target == Engine.POSTGRESQL) {
      return new TargetColumn(c, c.name(), type, null, false, c.generatedExpression());
    }
    if (c.isGenerated()) {
      warnings.add(
          "%s: generated column (%s) becomes a plain column holding the copied values; recreate"
                  .formatted(where, c.generatedExpression())
              + " the expression on the target after cutover if the application relies on it");
      return new TargetColumn(c, c.name(), type, null, false);
    }
    boolean identity =
        c.autoIncrement() && identity(where, c, type, primaryKey, identityTaken, warnings);
    String defaultExpression = null;
    if (!identity && c.defaultExpression() != null) {
      DefaultValues.Result result = DefaultValues.translate(source, target, c, type);
      if (result.dropped() != null) {
        warnings.add(
            "%s: default %s is not kept (%s); fix: set a default on the target by hand if needed"
                .formatted(where, c.defaultExpression(), result.dropped()));
      }
      defaultExpression = result.expression();
    }
    return new TargetColumn(c, c.name(), type, defaultExpression, identity);
  }

  /** Whether an auto-increment, identity or serial source column can generate values on target. */
  private boolean identity(
      String where,
      Column c,
      MappedType type,
      List<String> primaryKey,
      boolean identityTaken,
      List<String> warnings) {
    String fix = "; fix: after cutover, give new rows their values (a sequence or trigger) by hand";
    if (target == Engine.POSTGRESQL) {
      if (PG_IDENTITY_TYPES.contains(type.sqlType().toLowerCase(Locale.ROOT))) {
        return true;
      }
      warnings.add(
          where
              + ": auto-increment column of type "
              + type.sqlType()
              + " cannot be an identity"
              + fix);
      return false;
    }
    if (identityTaken || primaryKey.isEmpty() || !primaryKey.get(0).equals(c.name())) {
      warnings.add(
          where
              + ": generates values on the source, but MySQL allows AUTO_INCREMENT only on one"
              + " column leading the primary key; created without it"
              + fix);
      return false;
    }
    return true;
  }

  private static ColumnMapping mapping(Table table, Column column, MappedType type) {
    return new ColumnMapping(
        table.name(),
        column.name(),
        column.type().fullType(),
        type.sqlType(),
        type.fidelity(),
        type.note(),
        type.losses(),
        type.back(),
        null);
  }

  static String key(String schema, String name) {
    return schema + "\u0000" + name;
  }
}
