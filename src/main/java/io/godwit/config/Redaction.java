package io.godwit.config;

import java.util.Collection;
import java.util.Comparator;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;
import java.util.concurrent.atomic.AtomicReference;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Masks, in any text, the values that {@code ${env:}} and {@code ${file:}} references were resolved
 * to: for text Godwit did not write itself (a driver's, Debezium's or Kafka's error message, a
 * logged exception) that may repeat a host, a certificate path or a TLS mode taken from the
 * migration file. Each value is replaced by {@link Secret#MASK} wherever it occurs, in any case (a
 * driver may upper-case what it repeats), longer values first. Values shorter than {@value #SHORT}
 * characters (a count, a flag) are left alone: masking every {@code 1} would make the text
 * unreadable, and they are masked where Godwit shows them by key ({@link Provenance}).
 */
public final class Redaction {

  public static final Redaction NONE = new Redaction(List.of());

  static final int SHORT = 4;

  /** The values of the migration file loaded last in this process. */
  private static final AtomicReference<Redaction> LOADED = new AtomicReference<>(NONE);

  /** Longest first. */
  private final List<String> values;

  private final List<Pattern> patterns;

  private Redaction(List<String> values) {
    this.values = values;
    this.patterns =
        values.stream()
            .map(
                v ->
                    Pattern.compile(
                        Pattern.quote(v), Pattern.CASE_INSENSITIVE | Pattern.UNICODE_CASE))
            .toList();
  }

  static Redaction of(Collection<String> values) {
    Set<String> kept = new LinkedHashSet<>();
    for (String value : values) {
      if (value.strip().length() >= SHORT) {
        kept.add(value);
      }
    }
    return kept.isEmpty()
        ? NONE
        : new Redaction(
            kept.stream().sorted(Comparator.comparingInt(String::length).reversed()).toList());
  }

  /**
   * The values of the migration file loaded last in this process (a command loads one): what the
   * log, the CLI's error line and the state store's table errors mask, as they are not given a
   * configuration.
   */
  public static Redaction loaded() {
    return LOADED.get();
  }

  /** Makes the values of the migration file being loaded {@link #loaded()}. */
  static void remember(Redaction redaction) {
    LOADED.set(redaction);
  }

  /** The text with every value masked; null stays null. */
  public String apply(String text) {
    if (text == null) {
      return null;
    }
    String masked = text;
    for (Pattern pattern : patterns) {
      masked = pattern.matcher(masked).replaceAll(Matcher.quoteReplacement(Secret.MASK));
    }
    return masked;
  }

  @Override
  public boolean equals(Object other) {
    return other instanceof Redaction that && values.equals(that.values);
  }

  @Override
  public int hashCode() {
    return values.hashCode();
  }

  /** Never the values themselves. */
  @Override
  public String toString() {
    return "Redaction[" + values.size() + " values]";
  }
}
