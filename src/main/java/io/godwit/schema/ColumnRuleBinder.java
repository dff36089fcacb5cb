package io.godwit.schema;

import io.godwit.engine.Engine;
import io.godwit.schema.TargetTable.TargetColumn;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.stream.Collectors;

/**
 * Applies one table's {@code tables.columns} rules to its translation: excluded columns leave the
 * table (and the indexes, foreign keys, checks and comments on them), renamed ones take their new
 * name everywhere on the target, masked ones become {@code char(64)} for a SHA-256 mask. Every
 * problem is collected, each naming the column and the fix.
 */
public final class ColumnRuleBinder {

  /** Source types whose values are text with one meaning on every engine, so a mask is defined. */
  static final Set<String> MASKABLE =
      Set.of("varchar", "character varying", "text", "tinytext", "mediumtext", "longtext");

  private static final int PG_NAME_BYTES = 63;

  /** The table as the rules make it, and what plan should say about it. */
  public record Bound(TargetTable table, List<String> warnings) {}

  private final TargetTable table;
  private final ColumnRules rules;
  private final Engine target;
  private final Set<String> overridden;
  private final List<String> problems = new ArrayList<>();
  private final List<String> warnings = new ArrayList<>();

  /**
   * @param overridden source columns of the table that {@code tables.column-types} gives a type
   */
  public ColumnRuleBinder(
      TargetTable table, ColumnRules rules, Engine target, Set<String> overridden) {
    this.table = table;
    this.rules = rules;
    this.target = target;
    this.overridden = Set.copyOf(overridden);
  }

  /**
   * @throws InvalidColumnRulesException listing every problem, when the rules do not fit the table
   */
  public Bound bind() {
    problems.addAll(rules.conflicts());
    Set<String> named = new LinkedHashSet<>(rules.exclude());
    named.addAll(rules.rename().keySet());
    named.addAll(rules.mask().keySet());
    for (String column : named) {
      if (column(column) == null) {
        problems.add(
            "%s is not a column of table %s; fix: name one of %s"
                .formatted(column, table.source().name(), sourceNames()));
      }
    }
    rules.exclude().forEach(this::checkExcluded);
    rules.mask().keySet().forEach(this::checkMasked);
    rules.rename().forEach(this::checkRenamed);
    if (!problems.isEmpty()) {
      throw new InvalidColumnRulesException(String.join("; ", problems));
    }
    return new Bound(apply(), List.copyOf(warnings));
  }

  private void checkExcluded(String column) {
    TargetColumn c = column(column);
    if (c == null) {
      return;
    }
    checkNotKey(c, "excluded", "exclude");
    checkNotFiltered(c, "excluded");
    checkNotComputedFrom(c, "excluded");
    if (overridden.contains(column)) {
      problems.add(
          "column %s is excluded but tables.column-types gives it a type; fix: remove %s.%s from"
                  .formatted(column, table.source().name(), column)
              + " tables.column-types");
    }
    if (!c.source().nullable() && c.source().defaultExpression() == null) {
      warnings.add(
          ("column %s is NOT NULL without a default on the source; excluded, it is not created on"
                  + " the target, so target rows need no value for it, but rows written back to the"
                  + " source after cutover would")
              .formatted(column));
    }
  }

  private void checkMasked(String column) {
    TargetColumn c = column(column);
    if (c == null) {
      return;
    }
    checkNotKey(c, "masked", "mask");
    checkNotFiltered(c, "masked");
    ColumnType type = c.source().type();
    if (type.arrayDimensions() > 0 || !MASKABLE.contains(type.name().toLowerCase(Locale.ROOT))) {
      problems.add(
          ("column %s is %s, which sha256 does not mask: a mask is defined on text only"
                  + " (varchar, text and MySQL's tinytext ... longtext); fix: exclude the column"
                  + " instead, or mask a text column")
              .formatted(column, type.fullType()));
    }
    if (c.isGenerated() || c.source().isGenerated()) {
      problems.add(
          "column %s is generated, so its value is not written and cannot be masked; fix: exclude it"
              .formatted(column));
    }
    if (overridden.contains(column)) {
      problems.add(
          ("column %s is masked, which gives it type char(%d), but tables.column-types gives it"
                  + " a type too; fix: remove %s.%s from tables.column-types")
              .formatted(column, rules.mask().get(column).length(), table.source().name(), column));
    }
  }

  private void checkRenamed(String from, String to) {
    TargetColumn c = column(from);
    if (c == null) {
      return;
    }
    if (to.isBlank()) {
      problems.add("column %s is renamed to an empty name; fix: give a name".formatted(from));
      return;
    }
    for (TargetColumn other : table.columns()) {
      String otherName = other.source().name();
      if (!otherName.equals(from)
          && !rules.exclude().contains(otherName)
          && !rules.rename().containsKey(otherName)
          && otherName.equalsIgnoreCase(to)) {
        problems.add(
            ("column %s is renamed to %s, but the table keeps a column %s; fix: choose another"
                    + " name, or rename or exclude %s too")
                .formatted(from, to, otherName, otherName));
      }
    }
    if (target == Engine.POSTGRESQL && to.getBytes(StandardCharsets.UTF_8).length > PG_NAME_BYTES) {
      problems.add(
          "column %s is renamed to %s, longer than PostgreSQL's 63 bytes; fix: a shorter name"
              .formatted(from, to));
    }
    checkNotComputedFrom(c, "renamed");
  }

  private void checkNotKey(TargetColumn c, String done, String key) {
    if (table.primaryKey().contains(c.name())) {
      problems.add(
          ("column %s is part of the row key (%s) that the copy, the applier and validation find"
                  + " rows by, so it cannot be %s; fix: remove it from %s (rename is allowed)")
              .formatted(c.source().name(), String.join(", ", table.primaryKey()), done, key));
    }
  }

  private void checkNotFiltered(TargetColumn c, String done) {
    if (table.rows().columns().contains(c.source().name())) {
      problems.add(
          ("column %s is read by the table's row filter (%s), which the applier evaluates on the"
                  + " values it writes, so it cannot be %s; fix: filter on other columns or keep"
                  + " this one")
              .formatted(c.source().name(), table.rows().text(), done));
    }
  }

  /** A generated column the target computes itself must still find the columns it reads. */
  private void checkNotComputedFrom(TargetColumn c, String done) {
    for (TargetColumn g : table.columns()) {
      if (g.isGenerated()
          && g.generated()
              .toLowerCase(Locale.ROOT)
              .contains(c.source().name().toLowerCase(Locale.ROOT))) {
        problems.add(
            ("column %s may be read by the generated column %s (%s), which the target computes"
                    + " the same way, so it cannot be %s; fix: exclude %s too, or keep this one")
                .formatted(c.source().name(), g.name(), g.generated(), done, g.name()));
      }
    }
  }

  private TargetColumn column(String sourceName) {
    return table.columns().stream()
        .filter(c -> c.source().name().equals(sourceName))
        .findFirst()
        .orElse(null);
  }

  private String sourceNames() {
    return table.columns().stream().map(c -> c.source().name()).collect(Collectors.joining(", "));
  }

  /** The target name of a column by its current target name; null when excluded. */
  private String renamed(String name) {
    TargetColumn c =
        table.columns().stream().filter(t -> t.name().equals(name)).findFirst().orElse(null);
    if (c == null) {
      return name;
    }
    String source = c.source().name();
    if (rules.exclude().contains(source)) {
      return null;
    }
    return rules.rename().getOrDefault(source, name);
  }

  private boolean masked(String name) {
    return table.columns().stream()
        .anyMatch(c -> c.name().equals(name) && rules.mask().containsKey(c.source().name()));
  }

  private TargetTable apply() {
    List<TargetColumn> columns = new ArrayList<>();
    for (TargetColumn c : table.columns()) {
      String source = c.source().name();
      if (rules.exclude().contains(source)) {
        continue;
      }
      String name = rules.rename().getOrDefault(source, c.name());
      ColumnRules.Mask mask = rules.mask().get(source);
      if (mask == null) {
        columns.add(
            new TargetColumn(
                c.source(), name, c.type(), c.defaultExpression(), c.identity(), c.generated()));
      } else {
        MappedType type =
            MappedType.lossy(
                "char(%d)".formatted(mask.length()),
                "masked: %s of the value".formatted(mask.yamlName()),
                Reversibility.not("every value: a mask cannot be undone"));
        columns.add(new TargetColumn(c.source(), name, type, null, false, null, mask));
      }
    }
    List<String> key = table.primaryKey().stream().map(this::renamed).toList();
    return new TargetTable(
        table.source(),
        table.schema(),
        table.name(),
        columns,
        key,
        table.primaryKeyIsUnique(),
        indexes(),
        foreignKeys(),
        checks(),
        comments(),
        table.rows(),
        rules);
  }

  private List<Index> indexes() {
    List<Index> kept = new ArrayList<>();
    for (Index index : table.indexes()) {
      List<Index.Part> parts = new ArrayList<>();
      String dropped = null;
      for (Index.Part part : index.columns()) {
        String name = part.expression() ? null : renamed(part.column());
        if (part.expression() && touchesRules(part.column())) {
          dropped = "its expression %s may read a column the rules change".formatted(part.column());
        } else if (!part.expression() && name == null) {
          dropped = "it is on the excluded column " + part.column();
        } else {
          parts.add(
              part.expression()
                  ? part
                  : new Index.Part(name, part.descending(), part.prefixLength(), false));
        }
      }
      if (dropped == null) {
        kept.add(new Index(index.name(), parts, index.unique(), index.primary()));
      } else {
        warnings.add("index %s is not created on the target: %s".formatted(index.name(), dropped));
      }
    }
    return kept;
  }

  private boolean touchesRules(String text) {
    String lower = text.toLowerCase(Locale.ROOT);
    return rules.exclude().stream().anyMatch(c -> lower.contains(c.toLowerCase(Locale.ROOT)))
        || rules.rename().keySet().stream()
            .anyMatch(c -> lower.contains(c.toLowerCase(Locale.ROOT)))
        || rules.mask().keySet().stream().anyMatch(c -> lower.contains(c.toLowerCase(Locale.ROOT)));
  }

  private List<TargetTable.TargetForeignKey> foreignKeys() {
    List<TargetTable.TargetForeignKey> kept = new ArrayList<>();
    for (TargetTable.TargetForeignKey fk : table.foreignKeys()) {
      List<String> columns = fk.columns().stream().map(this::renamed).toList();
      if (columns.contains(null) || fk.columns().stream().anyMatch(this::masked)) {
        warnings.add(
            ("foreign key %s (%s) is not created on the target: it is on an excluded or masked"
                    + " column")
                .formatted(fk.name(), String.join(", ", fk.columns())));
        continue;
      }
      kept.add(
          new TargetTable.TargetForeignKey(
              fk.name(),
              columns,
              fk.referencedSchema(),
              fk.referencedTable(),
              fk.referencedColumns(),
              fk.onUpdate(),
              fk.onDelete()));
    }
    return kept;
  }

  private List<TargetTable.Check> checks() {
    List<TargetTable.Check> kept = new ArrayList<>();
    for (TargetTable.Check check : table.checks()) {
      if (touchesRules(check.clause())) {
        warnings.add(
            ("CHECK constraint %s %s is not created on the target: it may read a column the rules"
                    + " exclude, rename or mask")
                .formatted(check.name(), check.clause()));
      } else {
        kept.add(check);
      }
    }
    return kept;
  }

  private List<TargetTable.Comment> comments() {
    List<TargetTable.Comment> kept = new ArrayList<>();
    for (TargetTable.Comment comment : table.comments()) {
      if (comment.column() == null) {
        kept.add(comment);
      } else {
        String name = renamed(comment.column());
        if (name != null) {
          kept.add(new TargetTable.Comment(name, comment.text()));
        }
      }
    }
    return kept;
  }

  /**
   * The table's foreign keys with their referenced columns renamed by the referenced tables' rules;
   * a key referencing an excluded or masked column is left out with a warning.
   *
   * @param referenced the rules of each migrated table, by target schema and name ({@code
   *     schema.table})
   */
  public static TargetTable referencing(
      TargetTable table, Map<String, ColumnRules> referenced, List<String> warnings) {
    List<TargetTable.TargetForeignKey> kept = new ArrayList<>();
    boolean changed = false;
    for (TargetTable.TargetForeignKey fk : table.foreignKeys()) {
      ColumnRules theirs = referenced.get(fk.referencedSchema() + "." + fk.referencedTable());
      if (theirs == null || theirs.isEmpty()) {
        kept.add(fk);
        continue;
      }
      changed = true;
      if (fk.referencedColumns().stream()
          .anyMatch(c -> theirs.exclude().contains(c) || theirs.mask().containsKey(c))) {
        warnings.add(
            ("foreign key %s of %s is not created on the target: it references %s (%s), an"
                    + " excluded or masked column")
                .formatted(
                    fk.name(),
                    table.name(),
                    fk.referencedTable(),
                    String.join(", ", fk.referencedColumns())));
        continue;
      }
      kept.add(
          new TargetTable.TargetForeignKey(
              fk.name(),
              fk.columns(),
              fk.referencedSchema(),
              fk.referencedTable(),
              fk.referencedColumns().stream().map(c -> theirs.rename().getOrDefault(c, c)).toList(),
              fk.onUpdate(),
              fk.onDelete()));
    }
    return changed ? table.withIndexes(table.indexes(), kept) : table;
  }
}
