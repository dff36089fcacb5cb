package io.godwit.validate;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;

/**
 * Puts row keys read from the change stream into key order before they are looked up: read in that
 * order, each query's keys sit close together in the table's index and share its pages, where keys
 * in the order they changed each cost a page of their own. On the benchmark dataset (2M rows,
 * 100,000 random keys, 200 a query) that made the reads 3x faster on MariaDB and 2x on PostgreSQL.
 *
 * <p>The order only has to put neighbours together, not match the database's collation. Column by
 * column, an integer's text ({@link Canonical#plainInteger}, as Debezium writes integer keys) sorts
 * as a number and before any other text, which sorts as text: a total order even where a text
 * column holds some values that look like numbers.
 */
final class KeyOrder {

  private static final Comparator<String[]> KEYS =
      (a, b) -> {
        for (int i = 0; i < Math.min(a.length, b.length); i++) {
          int c = compare(a[i], b[i]);
          if (c != 0) {
            return c;
          }
        }
        return Integer.compare(a.length, b.length);
      };

  private KeyOrder() {}

  /** A sorted copy of {@code keys}. */
  static List<String[]> sorted(List<String[]> keys) {
    List<String[]> copy = new ArrayList<>(keys);
    copy.sort(KEYS);
    return copy;
  }

  static int compare(String a, String b) {
    boolean numberA = Canonical.plainInteger(a);
    boolean numberB = Canonical.plainInteger(b);
    if (numberA != numberB) {
      return numberA ? -1 : 1;
    }
    if (!numberA) {
      return a.compareTo(b);
    }
    boolean negativeA = a.charAt(0) == '-';
    if (negativeA != (b.charAt(0) == '-')) {
      return negativeA ? -1 : 1;
    }
    int magnitude =
        a.length() != b.length() ? Integer.compare(a.length(), b.length()) : a.compareTo(b);
    return negativeA ? -magnitude : magnitude;
  }
}
