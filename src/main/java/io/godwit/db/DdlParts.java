package io.godwit.db;

import io.godwit.schema.Index;
import io.godwit.schema.SqlText;
import io.godwit.schema.TargetTable;
import io.godwit.schema.TargetTable.TargetColumn;
import io.godwit.schema.TargetTable.TargetForeignKey;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Set;
import java.util.function.UnaryOperator;
import java.util.stream.Collectors;

/** What the DDL writers share: quoted names, key parts, CHECK constraints, foreign key clauses. */
final class DdlParts {

  private static final Set<String> ACTIONS =
      Set.of("CASCADE", "RESTRICT", "SET NULL", "SET DEFAULT", "NO ACTION");

  private final UnaryOperator<String> quote;
  private final int maxNameBytes;

  DdlParts(UnaryOperator<String> quote, int maxNameBytes) {
    this.quote = quote;
    this.maxNameBytes = maxNameBytes;
  }

  String quote(String identifier) {
    return quote.apply(identifier);
  }

  /** A constraint or index name, shortened to the engine's limit, quoted. */
  String name(String name) {
    return quote.apply(SqlText.fitName(name, maxNameBytes));
  }

  String qualified(String schema, String name) {
    return quote.apply(schema) + "." + quote.apply(name);
  }

  String table(TargetTable table) {
    return qualified(table.schema(), table.name());
  }

  String columns(List<String> columns) {
    return columns.stream().map(quote).collect(Collectors.joining(", "));
  }

  /** Key parts of an index: quoted columns with an optional prefix, expressions in parentheses. */
  String parts(Index index, boolean prefixes) {
    return index.columns().stream()
        .map(
            p -> {
              String part = p.expression() ? "(" + p.column() + ")" : quote.apply(p.column());
              if (prefixes && p.prefixLength() != null && !p.expression()) {
                part += "(" + p.prefixLength() + ")";
              }
              return p.descending() ? part + " DESC" : part;
            })
        .collect(Collectors.joining(", "));
  }

  String createIndex(TargetTable table, Index index, boolean prefixes) {
    return "CREATE %sINDEX %s ON %s (%s)"
        .formatted(
            index.unique() ? "UNIQUE " : "",
            name(index.name()),
            table(table),
            parts(index, prefixes));
  }

  /** The CHECK constraints of the table's columns, named {@code table_column_check}. */
  List<String> checks(TargetTable table) {
    List<String> checks = new ArrayList<>();
    for (TargetColumn c : table.columns()) {
      if (c.type().check() != null) {
        checks.add(
            "CONSTRAINT %s CHECK (%s)"
                .formatted(
                    name(table.name() + "_" + c.name() + "_check"),
                    String.format(Locale.ROOT, c.type().check(), quote.apply(c.name()))));
      }
    }
    return checks;
  }

  String addForeignKey(TargetTable table, TargetForeignKey fk) {
    return "ALTER TABLE %s ADD CONSTRAINT %s FOREIGN KEY (%s) REFERENCES %s (%s) ON UPDATE %s ON DELETE %s"
        .formatted(
            table(table),
            name(fk.name()),
            columns(fk.columns()),
            qualified(fk.referencedSchema(), fk.referencedTable()),
            columns(fk.referencedColumns()),
            action(fk.onUpdate()),
            action(fk.onDelete()));
  }

  private static String action(String action) {
    if (!ACTIONS.contains(action)) {
      throw new IllegalArgumentException("not a referential action: " + action);
    }
    return action;
  }
}
