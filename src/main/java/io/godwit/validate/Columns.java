package io.godwit.validate;

import io.godwit.db.Dialect;
import io.godwit.schema.TargetTable;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Locale;
import java.util.regex.Pattern;
import java.util.stream.Collectors;

/**
 * A table's columns as validation reads them: key columns first (so a row's first {@link #keys}
 * values are its key), the rest after, with the SQL for both sides.
 */
record Columns(TargetTable table, List<TargetTable.TargetColumn> ordered, int keys) {

  static Columns of(TargetTable table) {
    List<TargetTable.TargetColumn> ordered = new ArrayList<>();
    for (String key : table.primaryKey()) {
      table.columns().stream().filter(c -> c.name().equals(key)).forEach(ordered::add);
    }
    table.columns().stream()
        .filter(c -> !table.primaryKey().contains(c.name()))
        .forEach(ordered::add);
    return new Columns(table, ordered, table.primaryKey().size());
  }

  List<String> names() {
    return ordered.stream().map(TargetTable.TargetColumn::name).toList();
  }

  List<Boolean> json() {
    return ordered.stream()
        .map(c -> c.type().sqlType().toLowerCase(Locale.ROOT).contains("json"))
        .toList();
  }

  /** True when the key column is text-like, so both sides must order it by bytes. */
  private boolean textual(TargetTable.TargetColumn c) {
    String name = c.source().type().name();
    return name.contains("char")
        || name.contains("text")
        || name.equals("enum")
        || name.equals("set");
  }

  String select(Dialect dialect, boolean source, String where) {
    String columns =
        ordered.stream().map(c -> dialect.quote(name(c, source))).collect(Collectors.joining(", "));
    String from =
        source
            ? dialect.qualify(table.source().schema(), table.source().name())
            : dialect.qualify(table.schema(), table.name());
    return "SELECT " + columns + " FROM " + from + (where == null ? "" : " WHERE " + where);
  }

  /** The rows of {@code range} in key order; text keys in byte order on both engines. */
  String ordered(Dialect dialect, boolean source, Segments.Range range) {
    List<String> order = new ArrayList<>();
    for (int i = 0; i < keys; i++) {
      TargetTable.TargetColumn c = ordered.get(i);
      String quoted = dialect.quote(name(c, source));
      order.add(textual(c) ? dialect.byteOrder(quoted) : quoted);
    }
    String where = range.where(dialect.quote(name(ordered.get(0), source)));
    return select(dialect, source, where) + " ORDER BY " + String.join(", ", order);
  }

  /**
   * The engine's row-hash query over {@code range} of one side ({@link Dialect#rowHashQuery}), the
   * columns in validation order.
   */
  String rowHash(Dialect dialect, boolean source, Segments.Range range) {
    List<String> quoted = ordered.stream().map(c -> dialect.quote(name(c, source))).toList();
    String from =
        source
            ? dialect.qualify(table.source().schema(), table.source().name())
            : dialect.qualify(table.schema(), table.name());
    return dialect.rowHashQuery(from, quoted, range.where(quoted.get(0)));
  }

  /** True when the first key column is an integer type, so its ranges split the table. */
  boolean integralFirstKey() {
    return keys > 0 && integral(ordered.get(0));
  }

  /** Key columns of an integer type, whose canonical text is a plain integer on both sides. */
  boolean[] integerKeys() {
    boolean[] result = new boolean[keys];
    for (int i = 0; i < keys; i++) {
      result[i] = integral(ordered.get(i));
    }
    return result;
  }

  private static boolean integral(TargetTable.TargetColumn c) {
    return c.source().type().arrayDimensions() == 0
        && INTEGRAL.matcher(c.source().type().name().toLowerCase(Locale.ROOT)).matches();
  }

  private static final Pattern INTEGRAL =
      Pattern.compile("(tiny|small|medium|big)?int(eger)?|int[248]|(small|big)?serial");

  /** The source's lowest and highest first key value. */
  String keyBounds(Dialect dialect) {
    String key = dialect.quote(name(ordered.get(0), true));
    return "SELECT MIN(%s), MAX(%s) FROM %s"
        .formatted(key, key, dialect.qualify(table.source().schema(), table.source().name()));
  }

  /** The rows of {@code count} keys, the keys' values bound as text, key after key. */
  String byKeys(Dialect dialect, boolean source, int count) {
    List<String> names = new ArrayList<>();
    for (int i = 0; i < keys; i++) {
      names.add(dialect.quote(name(ordered.get(i), source)));
    }
    String one = keys == 1 ? "?" : "(" + String.join(", ", Collections.nCopies(keys, "?")) + ")";
    String column = keys == 1 ? names.get(0) : "(" + String.join(", ", names) + ")";
    return select(
        dialect,
        source,
        column + " IN (" + String.join(", ", Collections.nCopies(count, one)) + ")");
  }

  /** Text-like key columns, compared by their UTF-8 bytes rather than as numbers. */
  boolean[] textKeys() {
    boolean[] result = new boolean[keys];
    for (int i = 0; i < keys; i++) {
      TargetTable.TargetColumn c = ordered.get(i);
      String name = c.source().type().name();
      result[i] =
          textual(c) || !(name.contains("int") || name.equals("numeric") || name.equals("decimal"));
    }
    return result;
  }

  private static String name(TargetTable.TargetColumn c, boolean source) {
    return source ? c.source().name() : c.name();
  }
}
