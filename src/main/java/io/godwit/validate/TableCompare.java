package io.godwit.validate;

import io.godwit.state.Difference;
import java.math.BigDecimal;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Objects;

/**
 * Compares one table: both sides streamed in key order at once and merged row by row. Rows whose
 * canonical values differ, or whose key exists on one side only, become suspects for the {@link
 * Validator} to recheck.
 */
final class TableCompare {

  /** What the merge found: rows compared and the keys that differ, with how. */
  record Found(long sourceRows, long targetRows, List<Suspect> suspects) {}

  /** A key that differs: missing on the target, extra on the target, or different values. */
  record Suspect(Difference.Kind kind, String[] key) {}

  private final Columns columns;
  private final boolean[] textKeys;
  private final boolean[] integerKeys;
  private final boolean[] json;

  TableCompare(Columns columns) {
    this.columns = columns;
    this.textKeys = columns.textKeys();
    this.integerKeys = columns.integerKeys();
    List<Boolean> jsonColumns = columns.json();
    this.json = new boolean[jsonColumns.size()];
    for (int i = 0; i < json.length; i++) {
      json[i] = jsonColumns.get(i);
    }
  }

  /** Compares the rows of {@code range} on both sides. */
  Found run(Columns.Side source, Columns.Side target, Segments.Range range) throws Exception {
    SideReader left = new SideReader(source, columns.ordered(source, range));
    SideReader right = new SideReader(target, columns.ordered(target, range));
    Thread a = start(left, "source");
    Thread b = start(right, "target");
    try {
      return merge(new Cursor(left, "source"), new Cursor(right, "target"));
    } finally {
      left.cancel();
      right.cancel();
      a.join(10_000);
      b.join(10_000);
    }
  }

  private Found merge(Cursor s, Cursor t) throws Exception {
    List<Suspect> suspects = new ArrayList<>();
    s.advance();
    t.advance();
    while (s.row != null || t.row != null) {
      int order = s.row == null ? 1 : t.row == null ? -1 : compareKeys(s.row, t.row);
      if (order < 0) {
        suspects.add(new Suspect(Difference.Kind.MISSING, key(s.row)));
        s.advance();
      } else if (order > 0) {
        suspects.add(new Suspect(Difference.Kind.EXTRA, key(t.row)));
        t.advance();
      } else {
        if (!sameValues(s.row, t.row)) {
          suspects.add(new Suspect(Difference.Kind.DIFFERENT, key(s.row)));
        }
        s.advance();
        t.advance();
      }
    }
    return new Found(s.count, t.count, suspects);
  }

  /** Equal rows: each column's text equal, or for JSON, the same value in canonical form. */
  boolean sameValues(String[] a, String[] b) {
    for (int i = 0; i < a.length; i++) {
      if (Objects.equals(a[i], b[i])) {
        continue;
      }
      if (!json[i] || a[i] == null || b[i] == null) {
        return false;
      }
      if (!CanonicalJson.of(a[i]).equals(CanonicalJson.of(b[i]))) {
        return false;
      }
    }
    return true;
  }

  private String[] key(String[] row) {
    return Arrays.copyOf(row, columns.keys());
  }

  int compareKeys(String[] a, String[] b) {
    for (int i = 0; i < columns.keys(); i++) {
      int c = compareKey(i, a[i], b[i]);
      if (c != 0) {
        return c;
      }
    }
    return 0;
  }

  private int compareKey(int i, String a, String b) {
    if (integerKeys[i]) {
      return compareIntegers(a, b);
    }
    if (textKeys[i]) {
      return compareCodePoints(a, b);
    }
    if (a.length() < 19 && b.length() < 19 && integral(a) && integral(b)) {
      return Long.compare(Long.parseLong(a), Long.parseLong(b));
    }
    return new BigDecimal(a).compareTo(new BigDecimal(b));
  }

  /**
   * Two integers in canonical text (an optional minus, no leading zeros) compared without parsing:
   * by sign, then by length, then digit by digit.
   */
  static int compareIntegers(String a, String b) {
    boolean negativeA = a.charAt(0) == '-';
    boolean negativeB = b.charAt(0) == '-';
    if (negativeA != negativeB) {
      return negativeA ? -1 : 1;
    }
    int byMagnitude =
        a.length() != b.length() ? Integer.compare(a.length(), b.length()) : a.compareTo(b);
    return negativeA ? -byMagnitude : byMagnitude;
  }

  /** An optional minus sign and digits: fits a long below 19 characters. */
  private static boolean integral(String s) {
    for (int i = 0; i < s.length(); i++) {
      char c = s.charAt(i);
      if ((c < '0' || c > '9') && !(c == '-' && i == 0 && s.length() > 1)) {
        return false;
      }
    }
    return !s.isEmpty();
  }

  /** UTF-8 byte order, which is code point order: PostgreSQL's "C" collation and MySQL's binary. */
  static int compareCodePoints(String a, String b) {
    int i = 0;
    int j = 0;
    while (i < a.length() && j < b.length()) {
      int ca = a.codePointAt(i);
      int cb = b.codePointAt(j);
      if (ca != cb) {
        return Integer.compare(ca, cb);
      }
      i += Character.charCount(ca);
      j += Character.charCount(cb);
    }
    return Integer.compare(a.length() - i, b.length() - j);
  }

  private static Thread start(SideReader reader, String side) {
    Thread t = new Thread(reader, "godwit-validate-" + side);
    t.setDaemon(true);
    t.start();
    return t;
  }

  /** One side's current row, checking that the side really comes in key order. */
  private final class Cursor {
    private final SideReader reader;
    private final String side;
    private List<String[]> batch = List.of();
    private int index;
    String[] row;
    long count;

    Cursor(SideReader reader, String side) {
      this.reader = reader;
      this.side = side;
    }

    void advance() throws Exception {
      String[] previous = row;
      if (index >= batch.size()) {
        batch = reader.next();
        index = 0;
      }
      if (batch == SideReader.END) {
        row = null;
        return;
      }
      row = batch.get(index++);
      count++;
      if (previous != null && compareKeys(previous, row) >= 0) {
        throw new ValidationException(
            ("table %s: the %s returns keys out of the order validation compares in (%s after %s);"
                    + " the key's type sorts differently on this engine, so this table cannot be"
                    + " validated by merging; fix: report it, and compare it with a count for now")
                .formatted(
                    columns.table().source().name(),
                    side,
                    Arrays.toString(Arrays.copyOf(row, columns.keys())),
                    Arrays.toString(Arrays.copyOf(previous, columns.keys()))));
      }
    }
  }
}
