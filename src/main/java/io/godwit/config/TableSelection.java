package io.godwit.config;

import io.godwit.schema.ColumnRules;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * Which source tables are migrated, and under what names. Table and column names are source names,
 * compared case-sensitively as the source catalog reports them.
 *
 * @param include glob patterns ({@code *}, {@code ?}); a table must match one
 * @param exclude glob patterns; a table matching one is left out even if included
 * @param rename source table name to target table name
 * @param columnTypes {@code table.column} to the target SQL type that replaces the mapped one
 * @param filter source table name to the row filter its migrated rows meet ({@code
 *     io.godwit.schema.RowFilter})
 * @param columns source table name to the rules for its columns ({@code tables.columns})
 */
public record TableSelection(
    List<String> include,
    List<String> exclude,
    Map<String, String> rename,
    Map<String, String> columnTypes,
    Map<String, String> filter,
    Map<String, ColumnRules> columns) {

  public TableSelection {
    include = List.copyOf(include);
    exclude = List.copyOf(exclude);
    rename = Collections.unmodifiableMap(new LinkedHashMap<>(rename));
    columnTypes = Collections.unmodifiableMap(new LinkedHashMap<>(columnTypes));
    filter = Collections.unmodifiableMap(new LinkedHashMap<>(filter));
    columns = Collections.unmodifiableMap(new LinkedHashMap<>(columns));
  }

  /** Every column of every table kept as it is. */
  public TableSelection(
      List<String> include,
      List<String> exclude,
      Map<String, String> rename,
      Map<String, String> columnTypes,
      Map<String, String> filter) {
    this(include, exclude, rename, columnTypes, filter, Map.of());
  }

  /** Every table's rows, as before filters: include and exclude patterns, renames and types. */
  public TableSelection(
      List<String> include,
      List<String> exclude,
      Map<String, String> rename,
      Map<String, String> columnTypes) {
    this(include, exclude, rename, columnTypes, Map.of(), Map.of());
  }

  public boolean selects(String table) {
    return include.stream().anyMatch(p -> Glob.matches(p, table))
        && exclude.stream().noneMatch(p -> Glob.matches(p, table));
  }

  /** The table's name on the target: its rename, or the source name. */
  public String targetName(String table) {
    return rename.getOrDefault(table, table);
  }

  /** The SQL type given for this source column in {@code tables.column-types}, if any. */
  public Optional<String> columnTypeOverride(String table, String column) {
    return Optional.ofNullable(columnTypes.get(table + "." + column));
  }
}
