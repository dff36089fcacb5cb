package io.godwit.validate;

import io.godwit.db.Dialect;
import java.math.BigInteger;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.List;
import javax.sql.DataSource;

/**
 * Splits a table into ranges of its first key column, so its parts are read and compared in
 * parallel: the source's key range cut into equal spans of about {@code snapshot.chunk-rows} rows,
 * judged by the span of the keys and the catalog's row estimate, at most {@link #MAX} of them. The
 * first range has no lower bound and the last no upper one, so a target row outside the source's
 * range still falls in one. Only an integer first key column is split (its ranges mean the same on
 * both engines); any other table is one range.
 */
final class Segments {

  static final int MAX = 64;

  /** A range of the first key column, {@code from} inclusive, {@code to} exclusive; null: open. */
  record Range(BigInteger from, BigInteger to) {

    static final Range ALL = new Range(null, null);

    /** The condition on the first key column {@code quoted}, or null for the whole table. */
    String where(String quoted) {
      List<String> parts = new ArrayList<>(2);
      if (from != null) {
        parts.add(quoted + " >= " + from);
      }
      if (to != null) {
        parts.add(quoted + " < " + to);
      }
      return parts.isEmpty() ? null : String.join(" AND ", parts);
    }
  }

  private Segments() {}

  /** The ranges to compare the table in, in key order. */
  static List<Range> of(Columns columns, DataSource source, Dialect dialect, long rowsEach)
      throws SQLException {
    long estimate = columns.table().source().estimatedRows();
    if (!columns.integralFirstKey() || (estimate > 0 && estimate <= rowsEach)) {
      return List.of(Range.ALL);
    }
    BigInteger min;
    BigInteger max;
    try (Connection c = source.getConnection();
        Statement st = c.createStatement();
        ResultSet rs = st.executeQuery(columns.keyBounds(dialect))) {
      rs.next();
      String low = rs.getString(1);
      String high = rs.getString(2);
      if (!c.getAutoCommit()) {
        c.commit();
      }
      if (low == null) {
        return List.of(Range.ALL);
      }
      min = new BigInteger(low);
      max = new BigInteger(high);
    }
    BigInteger each = BigInteger.valueOf(rowsEach);
    BigInteger bySpan = max.subtract(min).add(each).divide(each);
    long count = bySpan.min(BigInteger.valueOf(MAX)).longValue();
    if (estimate > 0) {
      count = Math.min(count, (estimate + rowsEach - 1) / rowsEach);
    }
    return split(min, max, (int) Math.max(1, count));
  }

  /** {@code count} ranges of equal span over {@code [min, max]}, the outer ones open. */
  static List<Range> split(BigInteger min, BigInteger max, int count) {
    BigInteger span = max.subtract(min).add(BigInteger.ONE);
    int n = (int) Math.max(1, Math.min(count, span.min(BigInteger.valueOf(count)).longValue()));
    List<Range> ranges = new ArrayList<>(n);
    BigInteger from = null;
    for (int k = 1; k < n; k++) {
      BigInteger to = min.add(span.multiply(BigInteger.valueOf(k)).divide(BigInteger.valueOf(n)));
      ranges.add(new Range(from, to));
      from = to;
    }
    ranges.add(new Range(from, null));
    return ranges;
  }
}
