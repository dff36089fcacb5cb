package io.godwit.validate;

import io.godwit.db.ComparisonReads;
import io.godwit.db.Dialect;
import io.godwit.schema.TargetTable;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.ResultSetMetaData;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.regex.Pattern;
import javax.sql.DataSource;

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

  /**
   * One side of the table as validation reads it: the expression that selects each column, the one
   * that feeds it to the same-engine row hash, and how each value is read.
   *
   * @param typeNames each column's type as the side's driver names it, for messages
   */
  record Side(
      DataSource dataSource,
      Dialect dialect,
      boolean source,
      List<String> expressions,
      List<String> hashed,
      List<Canonical.Kind> kinds,
      List<String> typeNames) {

    String name() {
      return source ? "source" : "target";
    }
  }

  /**
   * Describes one side by the types its driver reports for the table's columns (a query that reads
   * no row), the other side being read as {@code other} reads. A MySQL or MariaDB FLOAT is selected
   * as a DOUBLE: their text protocol prints a float with 6 significant digits, which would hide a
   * changed value and report an exact one as different. For the same-engine row hash a PostgreSQL
   * float is hashed by its bytes (its hash takes -0 as 0) and text under the "C" collation (a
   * case-insensitive collation hashes case-insensitively). With {@code zeroDatesToNull} a MySQL
   * zero or invalid date reads as NULL against PostgreSQL, as the copy writes it. A masked column
   * ({@code tables.columns}) is read on the source as the engine computes its mask, and hashed as
   * text on both sides.
   */
  Side describe(
      DataSource dataSource,
      Dialect dialect,
      boolean source,
      Dialect other,
      boolean zeroDatesToNull)
      throws SQLException {
    ComparisonReads reads = dialect.comparisonReads();
    ComparisonReads otherReads = other.comparisonReads();
    List<String> quoted =
        ordered.stream()
            .map(
                c ->
                    source && c.isMasked()
                        ? "(" + reads.sha256Hex(dialect.quote(name(c, true))) + ")"
                        : dialect.quote(name(c, source)))
            .toList();
    List<String> expressions = new ArrayList<>();
    List<String> hashed = new ArrayList<>();
    List<Canonical.Kind> kinds = new ArrayList<>();
    List<String> typeNames = new ArrayList<>();
    List<Boolean> json = json();
    try (Connection c = dataSource.getConnection();
        Statement st = c.createStatement();
        ResultSet rs =
            st.executeQuery(
                "SELECT "
                    + String.join(", ", quoted)
                    + " FROM "
                    + from(dialect, source)
                    + " WHERE 1 = 0")) {
      ResultSetMetaData meta = rs.getMetaData();
      for (int i = 0; i < quoted.size(); i++) {
        String q = quoted.get(i);
        String type = String.valueOf(meta.getColumnTypeName(i + 1));
        Canonical.Kind kind = Canonical.Kind.of(meta, i + 1, json.get(i), reads, otherReads);
        String expression = q;
        Optional<String> asDouble =
            kind.form() == Canonical.Form.REAL ? reads.realAsDouble(q) : Optional.empty();
        Optional<String> asDecimal = reads.asDecimal(q, type);
        if (asDouble.isPresent()) {
          expression = asDouble.get();
          kind = new Canonical.Kind(Canonical.Form.DOUBLE, false, false, false, false);
        } else if (zeroDatesToNull
            && reads.hasZeroDates()
            && !otherReads.hasZeroDates()
            && (kind.form() == Canonical.Form.DATE || kind.form() == Canonical.Form.TIMESTAMP)) {
          // mapping.zero-dates: null copies a zero or invalid date as NULL, so it compares as one
          expression = reads.zeroDateAsNull(q);
        } else if (asDecimal.isPresent()) {
          expression = asDecimal.get();
          kind =
              new Canonical.Kind(
                  Canonical.Form.DECIMAL,
                  false,
                  kind.serverText(),
                  kind.signedZero(),
                  kind.bitLength());
        }
        expressions.add(expression);
        hashed.add(reads.hashed(q, ordered.get(i).isMasked() ? "text" : type, expression));
        kinds.add(kind);
        typeNames.add(type);
      }
      if (!c.getAutoCommit()) {
        c.commit();
      }
    }
    return new Side(
        dataSource,
        dialect,
        source,
        List.copyOf(expressions),
        List.copyOf(hashed),
        List.copyOf(kinds),
        List.copyOf(typeNames));
  }

  private String from(Dialect dialect, boolean source) {
    return source
        ? dialect.qualify(table.source().schema(), table.source().name())
        : dialect.qualify(table.schema(), table.name());
  }

  String select(Side side, String where) {
    return "SELECT "
        + String.join(", ", side.expressions())
        + " FROM "
        + from(side.dialect(), side.source())
        + where(side, where);
  }

  /**
   * The WHERE clause of {@code condition} (null: none) and, on the source side, the table's row
   * filter: the target holds only the rows the filter selects.
   */
  private String where(Side side, String condition) {
    String filtered = filtered(side.dialect(), side.source(), condition);
    return filtered == null ? "" : " WHERE " + filtered;
  }

  /** {@code condition} (null: none) and, on the source, the row filter; null for neither. */
  String filtered(Dialect dialect, boolean source, String condition) {
    var filter = source ? dialect.rowFilter(table) : Optional.<String>empty();
    if (filter.isEmpty()) {
      return condition;
    }
    return condition == null ? filter.get() : "(" + condition + ") AND " + filter.get();
  }

  /**
   * The rows of {@code range} in key order; text keys in byte order on both engines, and so a
   * MariaDB uuid (which sorts its own way, by its parts swapped) by its text.
   */
  String ordered(Side side, Segments.Range range) {
    Dialect dialect = side.dialect();
    List<String> order = new ArrayList<>();
    for (int i = 0; i < keys; i++) {
      TargetTable.TargetColumn c = ordered.get(i);
      String quoted = dialect.quote(name(c, side.source()));
      boolean ownOrder = dialect.comparisonReads().sortsUnlikeItsText(side.typeNames().get(i));
      order.add(textual(c) || ownOrder ? dialect.byteOrder(quoted) : quoted);
    }
    String where = range.where(dialect.quote(name(ordered.get(0), side.source())));
    return select(side, where) + " ORDER BY " + String.join(", ", order);
  }

  /** One key of the side, any one: its key columns, no ORDER BY, so the cheapest row. */
  String anyKey(Side side) {
    return "SELECT "
        + String.join(", ", side.expressions().subList(0, keys))
        + " FROM "
        + from(side.dialect(), side.source())
        + where(side, null)
        + " LIMIT 1";
  }

  /**
   * The engine's row-hash query over {@code range} of one side ({@link Dialect#rowHashQuery}), the
   * columns in validation order.
   */
  String rowHash(Side side, Segments.Range range) {
    Dialect dialect = side.dialect();
    String first = dialect.quote(name(ordered.get(0), side.source()));
    return dialect.rowHashQuery(
        from(dialect, side.source()),
        side.hashed(),
        filtered(dialect, side.source(), range.where(first)));
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

  /**
   * The rows of {@code count} keys, the keys' values bound key after key ({@link Canonical#bind}).
   */
  String byKeys(Side side, int count) {
    List<String> names = new ArrayList<>();
    for (int i = 0; i < keys; i++) {
      names.add(side.dialect().quote(name(ordered.get(i), side.source())));
    }
    String one = keys == 1 ? "?" : "(" + String.join(", ", Collections.nCopies(keys, "?")) + ")";
    String column = keys == 1 ? names.get(0) : "(" + String.join(", ", names) + ")";
    return select(
        side, column + " IN (" + String.join(", ", Collections.nCopies(count, one)) + ")");
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
