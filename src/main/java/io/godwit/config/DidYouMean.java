package io.godwit.config;

import java.util.Collection;
import java.util.Locale;
import java.util.Optional;

/** Suggests the intended spelling of a mistyped key or value. */
final class DidYouMean {

  private DidYouMean() {}

  /**
   * The candidate closest to {@code given}: equal once case, {@code _} and camelCase are ignored,
   * or at most 2 edits away (1 for names of 4 characters or fewer). Ties go to the earlier
   * candidate.
   */
  static Optional<String> closest(String given, Collection<String> candidates) {
    String normalised = normalise(given);
    String best = null;
    int bestDistance = Integer.MAX_VALUE;
    for (String candidate : candidates) {
      int distance = distance(normalised, candidate);
      int allowed = candidate.length() <= 4 ? 1 : 2;
      if (distance <= allowed && distance < bestDistance) {
        best = candidate;
        bestDistance = distance;
      }
    }
    return Optional.ofNullable(best);
  }

  /** {@code batchSize}, {@code batch_size} and {@code Batch-Size} all become {@code batch-size}. */
  static String normalise(String name) {
    String kebab = name.replaceAll("([a-z0-9])([A-Z])", "$1-$2").replace('_', '-');
    return kebab.toLowerCase(Locale.ROOT);
  }

  /** Edit distance counting an insertion, deletion, substitution or swap of neighbours as 1. */
  static int distance(String a, String b) {
    int[][] d = new int[a.length() + 1][b.length() + 1];
    for (int i = 0; i <= a.length(); i++) {
      d[i][0] = i;
    }
    for (int j = 0; j <= b.length(); j++) {
      d[0][j] = j;
    }
    for (int i = 1; i <= a.length(); i++) {
      for (int j = 1; j <= b.length(); j++) {
        int cost = a.charAt(i - 1) == b.charAt(j - 1) ? 0 : 1;
        d[i][j] = Math.min(Math.min(d[i - 1][j] + 1, d[i][j - 1] + 1), d[i - 1][j - 1] + cost);
        if (i > 1
            && j > 1
            && a.charAt(i - 1) == b.charAt(j - 2)
            && a.charAt(i - 2) == b.charAt(j - 1)) {
          d[i][j] = Math.min(d[i][j], d[i - 2][j - 2] + 1);
        }
      }
    }
    return d[a.length()][b.length()];
  }
}
