package io.godwit.schema;

import io.godwit.engine.Engine;
import io.godwit.schema.TargetTable.TargetForeignKey;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.OptionalInt;
import java.util.Set;
import java.util.function.UnaryOperator;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/** Secondary indexes and foreign keys of translated tables, and names unique where needed. */
final class Keys {

  /** MySQL indexes this many leading characters of a text or blob column. */
  private static final int TEXT_PREFIX = 255;

  private static final Pattern MYSQL_LONG =
      Pattern.compile("((tiny|medium|long)?(text|blob))\\b.*");
  private static final Pattern VARCHAR = Pattern.compile("varchar\\((\\d+)\\).*");
  private static final Set<String> ACTIONS =
      Set.of("CASCADE", "RESTRICT", "SET NULL", "SET DEFAULT", "NO ACTION");

  private final Engine source;
  private final Engine target;
  private final String targetSchema;
  private final UnaryOperator<String> rename;
  private final Map<String, Table> migrated;
  private final List<String> warnings;

  Keys(
      Engine source,
      Engine target,
      String targetSchema,
      UnaryOperator<String> rename,
      Map<String, Table> migrated,
      List<String> warnings) {
    this.source = source;
    this.target = target;
    this.targetSchema = targetSchema;
    this.rename = rename;
    this.migrated = migrated;
    this.warnings = warnings;
  }

  /** The indexes to create after the copy: every index but the row key, as the target allows. */
  List<Index> indexes(Table table, Map<String, MappedType> types, Optional<Index> rowKey) {
    boolean crossEngine = source.isMySqlFamily() != target.isMySqlFamily();
    List<Index> indexes = new ArrayList<>();
    for (Index index : table.indexes()) {
      String where = "%s: index %s".formatted(table.name(), index.name());
      if (rowKey.isPresent() && rowKey.get().equals(index)) {
        continue;
      }
      if (crossEngine && index.hasExpressions()) {
        warnings.add(
            where
                + " has an expression and is not created on "
                + target.displayName()
                + "; fix: create an equivalent index by hand");
        continue;
      }
      boolean json =
          index.columns().stream().anyMatch(p -> !p.expression() && isJson(types.get(p.column())));
      if (target.isMySqlFamily() && json) {
        warnings.add(where + " is on a json column, which MySQL cannot index; it is not created");
        continue;
      }
      List<Index.Part> parts = new ArrayList<>();
      List<String> prefixes = new ArrayList<>();
      for (Index.Part part : index.columns()) {
        parts.add(part(where, part, types.get(part.column()), crossEngine, prefixes));
      }
      Index prefixed = new Index(index.name(), parts, index.unique(), false);
      Index translated = prefixed;
      if (target.isMySqlFamily() && !index.unique()) {
        translated = fitted(where, prefixed, types);
      }
      if (translated == prefixed) {
        warnings.addAll(prefixes);
      }
      if (translated != null) {
        indexes.add(translated);
      }
    }
    return indexes;
  }

  /**
   * A non-unique index whose parts take more than InnoDB's key limit, with shorter prefixes of its
   * text parts so that it fits (it only serves lookups, so a prefix changes no result); null, with
   * a warning, when its other parts alone take too much.
   */
  private Index fitted(String where, Index index, Map<String, MappedType> types) {
    int fixed = 0;
    int total = 0;
    List<Index.Part> prefixable = new ArrayList<>();
    for (Index.Part part : index.columns()) {
      MappedType type = types.get(part.column());
      if (part.expression() || type == null) {
        return index;
      }
      OptionalInt bytes = InnoDbSizes.keyBytes(type.sqlType(), part.prefixLength());
      if (bytes.isEmpty()) {
        return index;
      }
      total += bytes.getAsInt();
      if (InnoDbSizes.isCharacterData(type.sqlType())) {
        prefixable.add(part);
      } else {
        fixed += bytes.getAsInt();
      }
    }
    if (total <= InnoDbSizes.MAX_KEY_BYTES) {
      return index;
    }
    int share = prefixable.isEmpty() ? 0 : (InnoDbSizes.MAX_KEY_BYTES - fixed) / prefixable.size();
    List<Index.Part> parts = new ArrayList<>();
    List<String> shortened = new ArrayList<>();
    for (Index.Part part : index.columns()) {
      if (!prefixable.contains(part)) {
        parts.add(part);
        continue;
      }
      int chars = share / InnoDbSizes.keyBytes(types.get(part.column()).sqlType(), 1).getAsInt();
      if (chars < 1) {
        break;
      }
      parts.add(new Index.Part(part.column(), part.descending(), chars, false));
      shortened.add("%d of %s".formatted(chars, part.column()));
    }
    if (parts.size() < index.columns().size()) {
      warnings.add(
          "%s takes %d bytes, more than InnoDB's %d, and its columns cannot be shortened enough; it is not created; fix: create a narrower index by hand"
              .formatted(where, total, InnoDbSizes.MAX_KEY_BYTES));
      return null;
    }
    warnings.add(
        "%s takes %d bytes, more than InnoDB's %d: it indexes the first %s characters instead"
            .formatted(where, total, InnoDbSizes.MAX_KEY_BYTES, String.join(", ", shortened)));
    return new Index(index.name(), parts, false, false);
  }

  private static boolean isJson(MappedType type) {
    return type != null && type.sqlType().equals("json");
  }

  /**
   * The part as the target indexes it, with a note in {@code prefixes} where that is a prefix of
   * the source's part; {@link #fitted} may shorten it further and then says so itself.
   */
  private Index.Part part(
      String where, Index.Part part, MappedType type, boolean crossEngine, List<String> prefixes) {
    if (part.expression() || type == null) {
      return part;
    }
    if (target == Engine.POSTGRESQL && part.prefixLength() != null && crossEngine) {
      prefixes.add(
          "%s indexed the first %d characters of %s; PostgreSQL indexes whole values (at most about 2700 bytes each)"
              .formatted(where, part.prefixLength(), part.column()));
      return new Index.Part(part.column(), part.descending(), null, false);
    }
    Integer prefix = target.isMySqlFamily() ? mySqlPrefix(type.sqlType()) : null;
    if (prefix != null && part.prefixLength() == null) {
      prefixes.add(
          "%s: MySQL indexes only the first %d characters of the %s column %s"
              .formatted(where, prefix, type.sqlType(), part.column()));
      return new Index.Part(part.column(), part.descending(), prefix, false);
    }
    return part;
  }

  /** The prefix MySQL needs to index a column of the type, or null. */
  private static Integer mySqlPrefix(String sqlType) {
    if (MYSQL_LONG.matcher(sqlType).matches()) {
      return TEXT_PREFIX;
    }
    Matcher varchar = VARCHAR.matcher(sqlType);
    return varchar.matches() && Integer.parseInt(varchar.group(1)) > PostgresToMySql.KEY_CHARS
        ? PostgresToMySql.KEY_CHARS
        : null;
  }

  /** The foreign keys to migrated tables, in target names. */
  List<TargetForeignKey> foreignKeys(Table table) {
    List<TargetForeignKey> keys = new ArrayList<>();
    for (ForeignKey fk : table.foreignKeys()) {
      String where = "%s: foreign key %s".formatted(table.name(), fk.name());
      Table ref = migrated.get(SchemaTranslator.key(fk.referencedSchema(), fk.referencedTable()));
      if (ref == null) {
        warnings.add(
            "%s references %s.%s, which is not migrated; it is not created"
                .formatted(where, fk.referencedSchema(), fk.referencedTable()));
        continue;
      }
      if (!isUniqueKey(ref, fk.referencedColumns())) {
        warnings.add(
            "%s references %s %s, which is not a primary or unique key as %s requires; it is not created"
                .formatted(where, ref.name(), fk.referencedColumns(), target.displayName()));
        continue;
      }
      keys.add(
          new TargetForeignKey(
              fk.name(),
              fk.columns(),
              targetSchema,
              rename.apply(ref.name()),
              fk.referencedColumns(),
              action(where, fk.onUpdate()),
              action(where, fk.onDelete())));
    }
    return keys;
  }

  private static boolean isUniqueKey(Table table, List<String> columns) {
    Set<String> wanted = Set.copyOf(columns);
    if (table.primaryKey() != null && Set.copyOf(table.primaryKey().columnNames()).equals(wanted)) {
      return true;
    }
    return table.indexes().stream()
        .filter(i -> i.unique() && !i.hasExpressions())
        .anyMatch(i -> Set.copyOf(i.columnNames()).equals(wanted));
  }

  private String action(String where, String action) {
    String word = action == null ? "NO ACTION" : action.trim().toUpperCase(Locale.ROOT);
    if (!ACTIONS.contains(word)) {
      throw new IllegalArgumentException(where + ": unknown referential action " + action);
    }
    if (word.equals("SET DEFAULT") && target.isMySqlFamily()) {
      warnings.add(where + ": InnoDB has no SET DEFAULT; NO ACTION is used");
      return "NO ACTION";
    }
    return word;
  }

  /**
   * Makes the names the target keeps per schema unique: index names on PostgreSQL (which share a
   * namespace with tables), foreign key names on MySQL. A name used by more than one table is
   * prefixed with its table's name.
   */
  List<TargetTable> uniqueNames(List<TargetTable> tables) {
    Map<String, Integer> uses = new HashMap<>();
    Set<String> taken = new HashSet<>();
    boolean postgres = target == Engine.POSTGRESQL;
    for (TargetTable t : tables) {
      taken.add(t.name());
      names(t, postgres).forEach(n -> uses.merge(n, 1, Integer::sum));
    }
    List<TargetTable> unique = new ArrayList<>();
    for (TargetTable t : tables) {
      UnaryOperator<String> fix =
          n -> uses.get(n) > 1 || (postgres && taken.contains(n)) ? prefixed(t.name(), n) : n;
      List<Index> indexes =
          postgres
              ? t.indexes().stream()
                  .map(i -> new Index(fix.apply(i.name()), i.columns(), i.unique(), false))
                  .toList()
              : t.indexes();
      List<TargetForeignKey> fks =
          postgres
              ? t.foreignKeys()
              : t.foreignKeys().stream()
                  .map(
                      f ->
                          new TargetForeignKey(
                              fix.apply(f.name()),
                              f.columns(),
                              f.referencedSchema(),
                              f.referencedTable(),
                              f.referencedColumns(),
                              f.onUpdate(),
                              f.onDelete()))
                  .toList();
      unique.add(t.withIndexes(indexes, fks));
    }
    return unique;
  }

  private static List<String> names(TargetTable t, boolean postgres) {
    return postgres
        ? t.indexes().stream().map(Index::name).toList()
        : t.foreignKeys().stream().map(TargetForeignKey::name).toList();
  }

  private String prefixed(String table, String name) {
    return SqlText.fitName(table + "_" + name, target == Engine.POSTGRESQL ? 63 : 64);
  }
}
