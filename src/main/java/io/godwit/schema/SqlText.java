package io.godwit.schema;

import java.nio.charset.StandardCharsets;
import java.util.HexFormat;
import java.util.List;
import java.util.stream.Collectors;
import java.util.zip.CRC32;

/** String literals and identifier lengths, shared by the type rules and the DDL writers. */
public final class SqlText {

  private SqlText() {}

  /** A PostgreSQL string literal ({@code standard_conforming_strings} on, the default). */
  public static String pgString(String value) {
    return "'" + value.replace("'", "''") + "'";
  }

  /**
   * A MySQL string literal. Backslashes are escaped, so the session must not use {@code
   * NO_BACKSLASH_ESCAPES} (off by default).
   */
  public static String mySqlString(String value) {
    return "'" + value.replace("\\", "\\\\").replace("'", "''") + "'";
  }

  /** PostgreSQL literals of the labels, comma-separated, with {@code %} doubled for a format. */
  static String pgLabels(List<String> labels) {
    return labels.stream()
        .map(SqlText::pgString)
        .map(s -> s.replace("%", "%%"))
        .collect(Collectors.joining(", "));
  }

  /**
   * The name itself when it fits in {@code maxBytes} of UTF-8; otherwise a prefix of it and an
   * underscore and 8 hex digits of the full name's CRC-32, so distinct long names stay distinct.
   */
  public static String fitName(String name, int maxBytes) {
    if (name.getBytes(StandardCharsets.UTF_8).length <= maxBytes) {
      return name;
    }
    CRC32 crc = new CRC32();
    crc.update(name.getBytes(StandardCharsets.UTF_8));
    String suffix = "_" + HexFormat.of().toHexDigits((int) crc.getValue());
    int budget = maxBytes - suffix.length();
    StringBuilder prefix = new StringBuilder();
    int bytes = 0;
    for (int cp : name.codePoints().toArray()) {
      int size = new String(Character.toChars(cp)).getBytes(StandardCharsets.UTF_8).length;
      if (bytes + size > budget) {
        break;
      }
      prefix.appendCodePoint(cp);
      bytes += size;
    }
    return prefix + suffix;
  }
}
