package io.godwit.schema;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;

/**
 * A source table translated for the target: what {@code plan} shows and the DDL writer creates.
 *
 * @param source the introspected source table
 * @param schema target schema (PostgreSQL) or database (MySQL)
 * @param name target table name, after renames
 * @param columns target columns in source order; generated source columns are copied as plain
 *     values
 * @param primaryKey target names of the row key's columns (primary key, else unique not-null key);
 *     empty when the source has neither
 * @param primaryKeyIsUnique true when {@code primaryKey} comes from a unique key rather than the
 *     source's primary key; the target still declares it as its primary key
 * @param indexes secondary indexes, created after the bulk copy
 * @param foreignKeys foreign keys, added after the bulk copy
 * @param checks the source's CHECK constraints the target keeps (same engine only)
 * @param comments the source's comments on the table and its columns
 * @param rows which of the source's rows are migrated ({@code tables.filter}), checked against this
 *     table
 * @param columnRules the {@code tables.columns} rules {@code columns} were made by: excluded source
 *     columns are not among them, renamed ones carry their target name, masked ones their mask
 */
public record TargetTable(
    Table source,
    String schema,
    String name,
    List<TargetColumn> columns,
    List<String> primaryKey,
    boolean primaryKeyIsUnique,
    List<Index> indexes,
    List<TargetForeignKey> foreignKeys,
    List<Check> checks,
    List<Comment> comments,
    RowFilter rows,
    ColumnRules columnRules) {

  /** How a recorded definition writes a filter: every column quoted, text compared as it is. */
  private static final RowFilter.Sql RECORDED_FILTER =
      new RowFilter.Sql() {
        @Override
        public String quote(String column) {
          return '"' + column.replace("\"", "\"\"") + '"';
        }

        @Override
        public String exactText(String quotedColumn) {
          return quotedColumn;
        }
      };

  public TargetTable {
    columns = List.copyOf(columns);
    primaryKey = List.copyOf(primaryKey);
    indexes = List.copyOf(indexes);
    foreignKeys = List.copyOf(foreignKeys);
    checks = List.copyOf(checks);
    comments = List.copyOf(comments);
    rows = rows == null ? RowFilter.ALL : rows;
    columnRules = columnRules == null ? ColumnRules.NONE : columnRules;
  }

  /** This table with the given CHECK constraints and comments of the source. */
  public TargetTable withCarried(List<Check> carriedChecks, List<Comment> carriedComments) {
    return with(indexes, foreignKeys, carriedChecks, carriedComments, rows, columnRules);
  }

  /** This table with other secondary indexes and foreign keys; everything else stays. */
  public TargetTable withIndexes(List<Index> otherIndexes, List<TargetForeignKey> otherKeys) {
    return with(otherIndexes, otherKeys, checks, comments, rows, columnRules);
  }

  /**
   * This table recording that its columns were made by {@code rules} ({@link ColumnRuleBinder});
   * the columns themselves stay.
   */
  public TargetTable withColumnRules(ColumnRules rules) {
    return with(indexes, foreignKeys, checks, comments, rows, rules);
  }

  /** This table with only the rows {@code filter} selects; it must be bound to this table. */
  public TargetTable withRows(RowFilter filter) {
    return with(indexes, foreignKeys, checks, comments, filter, columnRules);
  }

  private TargetTable with(
      List<Index> newIndexes,
      List<TargetForeignKey> newKeys,
      List<Check> newChecks,
      List<Comment> newComments,
      RowFilter newRows,
      ColumnRules newRules) {
    return new TargetTable(
        source,
        schema,
        name,
        columns,
        primaryKey,
        primaryKeyIsUnique,
        newIndexes,
        newKeys,
        newChecks,
        newComments,
        newRows,
        newRules);
  }

  /** The comment on the table (column null) or on one of its columns, or null. */
  public String comment(String column) {
    return comments.stream()
        .filter(c -> Objects.equals(c.column(), column))
        .map(Comment::text)
        .findFirst()
        .orElse(null);
  }

  /**
   * The table's shape as Godwit creates it: a line per column (name and type), one for the key and,
   * for a table with a row filter, one for the filter as bound (whitespace and the spelling of
   * keywords do not count), and for a table with column rules, one for the rules. Recorded in the
   * state store when the table is created, so a later run can tell that the migration file now
   * plans it differently ({@link #changesSince}).
   */
  public String definition() {
    StringBuilder out = new StringBuilder();
    columns.forEach(
        c ->
            out.append("column\t")
                .append(c.name())
                .append('\t')
                .append(c.type().sqlType())
                .append('\n'));
    out.append("key\t").append(String.join(", ", primaryKey));
    if (!rows.selectsAll()) {
      out.append("\nfilter\t").append(oneLine(rows.sql(RECORDED_FILTER)));
    }
    if (!columnRules.isEmpty()) {
      out.append("\nrules\t").append(oneLine(columnRules.describe()));
    }
    return out.toString();
  }

  /** {@code text} on one line: backslashes, line feeds and carriage returns escaped. */
  private static String oneLine(String text) {
    return text.replace("\\", "\\\\").replace("\n", "\\n").replace("\r", "\\r");
  }

  /**
   * What this plan changes in a table created with {@code recorded}: columns of both whose type
   * differs, and a different key. Columns only one of them has are not changes: the applier adds
   * columns that appear on the source during the migration, and stops a table at the first event of
   * one that disappeared.
   *
   * @return a line per change ("total: numeric(12,2) -> numeric(12,4)"); empty when none
   */
  public List<String> changesSince(String recorded) {
    Definition before = Definition.parse(recorded);
    Definition now = Definition.parse(definition());
    List<String> changes = new ArrayList<>();
    now.types()
        .forEach(
            (name, type) -> {
              String was = before.types().get(name);
              if (was != null && !was.equals(type)) {
                changes.add("%s: %s -> %s".formatted(name, was, type));
              }
            });
    if (!now.key().equals(before.key())) {
      changes.add("primary key: (%s) -> (%s)".formatted(before.key(), now.key()));
    }
    if (!now.filter().equals(before.filter())) {
      changes.add(
          "row filter: %s -> %s"
              .formatted(filterOrAll(before.filter()), filterOrAll(now.filter())));
    }
    if (!now.rules().equals(before.rules())) {
      changes.add(
          "column rules: %s -> %s"
              .formatted(rulesOrNone(before.rules()), rulesOrNone(now.rules())));
    }
    return changes;
  }

  private static String rulesOrNone(String recorded) {
    return recorded.isEmpty() ? "(none)" : "{" + recorded + "}";
  }

  private static String filterOrAll(String recorded) {
    return recorded.isEmpty() ? "(all rows)" : recorded;
  }

  /**
   * A parsed {@link #definition()}: column types by name, the key's column list, and the row filter
   * (empty for all rows, also in a definition recorded before filters existed) and the column rules
   * (empty for none, also in a definition recorded before they existed).
   */
  private record Definition(Map<String, String> types, String key, String filter, String rules) {

    static Definition parse(String text) {
      Map<String, String> types = new LinkedHashMap<>();
      String key = "";
      String filter = "";
      String rules = "";
      for (String line : text.split("\n")) {
        if (line.startsWith("key\t")) {
          key = line.substring("key\t".length());
        } else if (line.startsWith("filter\t")) {
          filter = line.substring("filter\t".length());
        } else if (line.startsWith("rules\t")) {
          rules = line.substring("rules\t".length());
        } else {
          int tab = line.lastIndexOf('\t');
          types.put(line.substring("column\t".length(), tab), line.substring(tab + 1));
        }
      }
      return new Definition(types, key, filter, rules);
    }
  }

  /**
   * A target column.
   *
   * @param source the source column
   * @param name target column name
   * @param type target type
   * @param defaultExpression target default expression, or null when none or untranslatable
   * @param identity generate values on the target after cutover (identity / auto_increment)
   * @param generated the expression the target computes the column by, as the source does; null for
   *     a column that holds the values written to it
   * @param mask the mask ({@code tables.columns}) every value of the column is replaced by on the
   *     target, or null for the values as they are
   */
  public record TargetColumn(
      Column source,
      String name,
      MappedType type,
      String defaultExpression,
      boolean identity,
      String generated,
      ColumnRules.Mask mask) {

    public TargetColumn(
        Column source, String name, MappedType type, String defaultExpression, boolean identity) {
      this(source, name, type, defaultExpression, identity, null, null);
    }

    public TargetColumn(
        Column source,
        String name,
        MappedType type,
        String defaultExpression,
        boolean identity,
        String generated) {
      this(source, name, type, defaultExpression, identity, generated, null);
    }

    public boolean isMasked() {
      return mask != null;
    }

    /** The target computes the column: the copy and the applier write no value to it. */
    public boolean isGenerated() {
      return generated != null;
    }

    /**
     * The source's {@code ON UPDATE} expression when the target column holds a date and time, so
     * the target can keep the behaviour; null otherwise.
     */
    public String onUpdate() {
      String sqlType = type.sqlType().toLowerCase(Locale.ROOT);
      return sqlType.startsWith("timestamp") || sqlType.startsWith("datetime")
          ? source.onUpdate()
          : null;
    }
  }

  /**
   * A CHECK constraint of the source table, for a target of the same engine.
   *
   * @param clause {@code CHECK (...)} as the source prints it; it names columns only
   */
  public record Check(String name, String clause) {}

  /**
   * A comment of the source.
   *
   * @param column the target column it is on, or null for the table
   */
  public record Comment(String column, String text) {}

  /** A foreign key in target names. */
  public record TargetForeignKey(
      String name,
      List<String> columns,
      String referencedSchema,
      String referencedTable,
      List<String> referencedColumns,
      String onUpdate,
      String onDelete) {}
}
