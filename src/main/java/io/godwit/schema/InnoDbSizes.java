package io.godwit.schema;

import java.util.Locale;
import java.util.Map;
import java.util.OptionalInt;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The bytes InnoDB counts against its limits for a column of a MySQL DDL type, as Godwit creates
 * tables: utf8mb4 (4 bytes a character), DYNAMIC rows. A key's parts may total {@link
 * #MAX_KEY_BYTES}; a row's columns {@link #MAX_ROW_BYTES}, text and blob columns counting only
 * their pointer.
 */
public final class InnoDbSizes {

  public static final int MAX_KEY_BYTES = 3072;
  public static final int MAX_ROW_BYTES = 65535;
  private static final int UTF8MB4 = 4;

  private static final Pattern TYPE =
      Pattern.compile("([a-z0-9]+)(?:\\((\\d+)(?:\\s*,\\s*(\\d+))?\\))?(.*)");
  private static final Pattern CHARSET = Pattern.compile(".*character set ([a-z0-9_]+).*");
  private static final Map<String, Integer> CHARSET_BYTES =
      Map.ofEntries(
          Map.entry("latin1", 1),
          Map.entry("ascii", 1),
          Map.entry("binary", 1),
          Map.entry("latin2", 1),
          Map.entry("cp1250", 1),
          Map.entry("cp1251", 1),
          Map.entry("cp1252", 1),
          Map.entry("utf8", 3),
          Map.entry("utf8mb3", 3),
          Map.entry("ucs2", 2),
          Map.entry("gbk", 2),
          Map.entry("big5", 2),
          Map.entry("sjis", 2),
          Map.entry("cp932", 2),
          Map.entry("euckr", 2),
          Map.entry("gb2312", 2),
          Map.entry("ujis", 3),
          Map.entry("eucjpms", 3));
  private static final int[] DIGIT_BYTES = {0, 1, 1, 2, 2, 3, 3, 4, 4, 4};

  private InnoDbSizes() {}

  /**
   * The bytes a key part of the type takes: the whole column, or {@code prefixChars} characters of
   * it. Empty for a type that needs a prefix to be indexed (text, blob, json) and has none.
   */
  public static OptionalInt keyBytes(String sqlType, Integer prefixChars) {
    Parsed t = parse(sqlType);
    boolean characters =
        t.name.endsWith("char") || t.name.endsWith("text") || t.name.equals("json");
    if (prefixChars != null) {
      return OptionalInt.of(characters ? prefixChars * t.charBytes : prefixChars);
    }
    if (t.name.endsWith("text")
        || t.name.endsWith("blob")
        || t.name.equals("json")
        || ColumnType.isMySqlSpatial(t.name)) {
      return OptionalInt.empty();
    }
    return OptionalInt.of(fixedOrMaximum(t));
  }

  /** The bytes the type counts against the row size limit, length bytes included. */
  public static int rowBytes(String sqlType) {
    Parsed t = parse(sqlType);
    switch (t.name) {
      case "tinytext", "tinyblob":
        return 9;
      case "text", "blob":
        return 10;
      case "mediumtext", "mediumblob":
        return 11;
      case "longtext", "longblob", "json":
        return 12;
      default:
        if (ColumnType.isMySqlSpatial(t.name)) {
          return 12;
        }
        int bytes = fixedOrMaximum(t);
        boolean variable = t.name.equals("varchar") || t.name.equals("varbinary");
        return variable ? bytes + (bytes > 255 ? 2 : 1) : bytes;
    }
  }

  /** Whether the type is character data, which a key can index a prefix of. */
  public static boolean isCharacterData(String sqlType) {
    String name = parse(sqlType).name;
    return name.endsWith("char") || name.endsWith("text");
  }

  private static int fixedOrMaximum(Parsed t) {
    return switch (t.name) {
      case "tinyint", "bool", "boolean", "year" -> 1;
      case "smallint" -> 2;
      case "mediumint", "date" -> 3;
      case "int", "integer", "inet4" -> 4;
      case "float" -> t.length != null && t.length > 24 && t.scale == 0 ? 8 : 4;
      case "bigint", "double", "real" -> 8;
      case "uuid", "inet6" -> 16;
      case "decimal", "numeric" -> decimalBytes(t.length == null ? 10 : t.length, t.scale);
      case "time" -> 3 + fractionBytes(t.length);
      case "datetime" -> 5 + fractionBytes(t.length);
      case "timestamp" -> 4 + fractionBytes(t.length);
      case "bit" -> ((t.length == null ? 1 : t.length) + 7) / 8;
      case "enum" -> 2;
      case "set" -> 8;
      case "char", "varchar" -> (t.length == null ? 1 : t.length) * t.charBytes;
      case "binary", "varbinary" -> t.length == null ? 1 : t.length;
      default ->
          throw new IllegalArgumentException(
              "no InnoDB size known for the MySQL type " + t.name + "; fix: report it");
    };
  }

  private static int decimalBytes(int precision, int scale) {
    return digits(precision - scale) + digits(scale);
  }

  private static int digits(int n) {
    return n / 9 * 4 + DIGIT_BYTES[n % 9];
  }

  private static int fractionBytes(Integer fsp) {
    return fsp == null ? 0 : (fsp + 1) / 2;
  }

  /** A type's name, its length or precision, its scale and the bytes of one of its characters. */
  private record Parsed(String name, Integer length, int scale, int charBytes) {}

  private static Parsed parse(String sqlType) {
    String type = sqlType.toLowerCase(Locale.ROOT).strip();
    Matcher m = TYPE.matcher(type);
    if (!m.matches()) {
      throw new IllegalArgumentException("not a MySQL type: " + sqlType);
    }
    Matcher charset = CHARSET.matcher(m.group(4));
    return new Parsed(
        m.group(1),
        m.group(2) == null ? null : Integer.valueOf(m.group(2)),
        m.group(3) == null ? 0 : Integer.parseInt(m.group(3)),
        charset.matches() ? CHARSET_BYTES.getOrDefault(charset.group(1), UTF8MB4) : UTF8MB4);
  }
}
