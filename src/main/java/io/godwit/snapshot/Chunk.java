package io.godwit.snapshot;

import io.godwit.db.Dialect;
import io.godwit.state.Checkpoints;
import java.sql.PreparedStatement;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.List;

/**
 * One key range of a table, copied in one target transaction together with its checkpoint. Bounds
 * are key tuples in the source's text form ({@code byte[]} for binary key columns): the lower bound
 * is exclusive, the upper inclusive, and null means open on that side. A table without a key is one
 * chunk with both bounds open.
 */
public record Chunk(String table, int number, List<Object> lower, List<Object> upper)
    implements Checkpoints.Bounds {

  public boolean isWhole() {
    return lower == null && upper == null;
  }

  /** The WHERE condition selecting this range, with {@code ?} for each bound value. */
  public String condition(Dialect dialect, List<String> keyColumns) {
    List<String> parts = new ArrayList<>();
    if (lower != null) {
      parts.add(tupleCompare(dialect, keyColumns, ">", ">"));
    }
    if (upper != null) {
      parts.add(tupleCompare(dialect, keyColumns, "<", "<="));
    }
    return parts.isEmpty() ? "1 = 1" : String.join(" AND ", parts);
  }

  /** Binds the bound values in the order {@link #condition} placed them; returns the next index. */
  public int bind(PreparedStatement ps, int index) throws SQLException {
    int next = index;
    if (lower != null) {
      next = bindTuple(ps, next, lower);
    }
    if (upper != null) {
      next = bindTuple(ps, next, upper);
    }
    return next;
  }

  /**
   * (k1, k2) OP (v1, v2) written out as {@code k1 < ? OR (k1 = ? AND k2 <= ?)}, which every
   * engine's optimizer turns into an index range.
   */
  private static String tupleCompare(
      Dialect dialect, List<String> keyColumns, String strict, String last) {
    if (keyColumns.size() == 1) {
      return dialect.quote(keyColumns.get(0)) + " " + last + " ?";
    }
    List<String> alternatives = new ArrayList<>();
    for (int i = 0; i < keyColumns.size(); i++) {
      StringBuilder alt = new StringBuilder("(");
      for (int j = 0; j < i; j++) {
        alt.append(dialect.quote(keyColumns.get(j))).append(" = ? AND ");
      }
      String op = i == keyColumns.size() - 1 ? last : strict;
      alt.append(dialect.quote(keyColumns.get(i))).append(' ').append(op).append(" ?)");
      alternatives.add(alt.toString());
    }
    return "(" + String.join(" OR ", alternatives) + ")";
  }

  private static int bindTuple(PreparedStatement ps, int index, List<Object> tuple)
      throws SQLException {
    int next = index;
    for (int i = 0; i < tuple.size(); i++) {
      for (int j = 0; j <= i; j++) {
        Object value = tuple.get(j);
        if (value instanceof byte[] bytes) {
          ps.setBytes(next++, bytes);
        } else {
          ps.setString(next++, (String) value);
        }
      }
    }
    return next;
  }
}
