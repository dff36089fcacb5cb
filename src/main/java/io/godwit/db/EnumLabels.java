package io.godwit.db;

import java.util.ArrayList;
import java.util.List;

/** Parses the labels out of a MySQL {@code enum('a','b')} or {@code set(...)} column type. */
final class EnumLabels {

  private EnumLabels() {}

  static List<String> parse(String dataType, String columnType) {
    if (!dataType.equals("enum") && !dataType.equals("set")) {
      return List.of();
    }
    int open = columnType.indexOf('(');
    int close = columnType.lastIndexOf(')');
    if (open < 0 || close < open) {
      throw new IllegalArgumentException("cannot read the labels of column type " + columnType);
    }
    String body = columnType.substring(open + 1, close);
    List<String> labels = new ArrayList<>();
    StringBuilder label = new StringBuilder();
    boolean inQuote = false;
    for (int i = 0; i < body.length(); i++) {
      char c = body.charAt(i);
      if (!inQuote) {
        if (c == '\'') {
          inQuote = true;
          label.setLength(0);
        }
      } else if (c == '\'' && i + 1 < body.length() && body.charAt(i + 1) == '\'') {
        label.append('\'');
        i++;
      } else if (c == '\\' && i + 1 < body.length()) {
        label.append(body.charAt(++i));
      } else if (c == '\'') {
        inQuote = false;
        labels.add(label.toString());
      } else {
        label.append(c);
      }
    }
    return List.copyOf(labels);
  }
}
