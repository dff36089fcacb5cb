package io.godwit.schema;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collections;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;
import java.util.TreeSet;

/**
 * What {@code tables.columns} does to one table's columns: leave some out, give some another name
 * on the target, replace the values of some by a mask. Names are source column names.
 *
 * @param exclude columns not created on the target and never copied, applied or compared
 * @param rename source column name to its target name
 * @param mask source column name to the mask its values are replaced by everywhere
 */
public record ColumnRules(
    List<String> exclude, Map<String, String> rename, Map<String, Mask> mask) {

  /** No rule: every column kept under its own name. */
  public static final ColumnRules NONE = new ColumnRules(List.of(), Map.of(), Map.of());

  public ColumnRules {
    exclude = List.copyOf(exclude);
    rename = Collections.unmodifiableMap(new LinkedHashMap<>(rename));
    mask = Collections.unmodifiableMap(new LinkedHashMap<>(mask));
  }

  public boolean isEmpty() {
    return exclude.isEmpty() && rename.isEmpty() && mask.isEmpty();
  }

  /**
   * The problems of these rules that need no catalog, each naming the column and the fix: a column
   * both excluded and masked or renamed, two columns renamed to one name.
   */
  public List<String> conflicts() {
    List<String> problems = new ArrayList<>();
    for (String column : exclude) {
      if (mask.containsKey(column)) {
        problems.add(
            "column %s is both excluded and masked; fix: keep it in one of exclude and mask"
                .formatted(column));
      }
      if (rename.containsKey(column)) {
        problems.add(
            "column %s is both excluded and renamed; fix: remove it from rename".formatted(column));
      }
    }
    Map<String, String> seen = new LinkedHashMap<>();
    rename.forEach(
        (from, to) -> {
          String earlier = seen.putIfAbsent(to, from);
          if (earlier != null) {
            problems.add(
                "columns %s and %s are both renamed to %s; fix: give each its own name"
                    .formatted(earlier, from, to));
          }
        });
    return problems;
  }

  /**
   * The rules in one canonical line, names sorted, for a table's recorded definition and for plan:
   * {@code exclude: ssn; rename: fname -> first_name; mask: email sha256}.
   */
  public String describe() {
    List<String> parts = new ArrayList<>();
    if (!exclude.isEmpty()) {
      parts.add("exclude: " + String.join(", ", new TreeSet<>(exclude)));
    }
    if (!rename.isEmpty()) {
      List<String> renames = new ArrayList<>();
      new TreeMap<>(rename).forEach((from, to) -> renames.add(from + " -> " + to));
      parts.add("rename: " + String.join(", ", renames));
    }
    if (!mask.isEmpty()) {
      List<String> masks = new ArrayList<>();
      new TreeMap<>(mask).forEach((column, m) -> masks.add(column + " " + m.yamlName()));
      parts.add("mask: " + String.join(", ", masks));
    }
    return String.join("; ", parts);
  }

  /** A function that replaces a column's values; NULL stays NULL. */
  public enum Mask {
    /**
     * The lowercase hexadecimal SHA-256 digest of the value's text encoded as UTF-8: 64 characters.
     */
    SHA256("sha256", 64);

    private final String yamlName;
    private final int length;

    Mask(String yamlName, int length) {
      this.yamlName = yamlName;
      this.length = length;
    }

    public String yamlName() {
      return yamlName;
    }

    /** The number of characters every masked value has. */
    public int length() {
      return length;
    }

    /** The mask of a text value; null for null. */
    public String apply(String value) {
      if (value == null) {
        return null;
      }
      try {
        return HexFormat.of()
            .formatHex(
                MessageDigest.getInstance("SHA-256")
                    .digest(value.getBytes(StandardCharsets.UTF_8)));
      } catch (NoSuchAlgorithmException e) {
        throw new IllegalStateException("every Java platform has SHA-256", e);
      }
    }

    public static Optional<Mask> named(String name) {
      return Arrays.stream(values()).filter(m -> m.yamlName.equals(name)).findFirst();
    }

    public static List<String> names() {
      return Arrays.stream(values()).map(Mask::yamlName).toList();
    }
  }
}
