package io.godwit.validate;

import java.util.Random;

/**
 * Random JSON documents in the shapes MySQL and MariaDB hand out: nested objects (names out of
 * order, some repeated, some non-ASCII), arrays, strings with every kind of escape and non-BMP
 * characters, integers, decimals, exponents, negative zeros, literals, and varied white space.
 */
final class JsonDocuments {

  private static final String[] NAMES = {
    "a", "b", "id", "qty", "sku", "note", "tags", "gift", "é", "日本", "zz", "aa", "\\u0041b", "\\\"q"
  };
  private static final String[] STRINGS = {
    "",
    "plain",
    "with \\\"quotes\\\"",
    "back\\\\slash",
    "slash\\/",
    "tab\\tnew\\nline\\r",
    "\\b\\f",
    "\\u00e9t\\u00E9",
    "\\u001f control",
    "\\ud83d\\ude00 emoji",
    "😀 raw",
    "ünïcödé",
    "\\u0007bell"
  };
  private static final String[] NUMBERS = {
    "0",
    "1",
    "-1",
    "42",
    "1.50",
    "0.001",
    "-3.25",
    "123456789012345678901234567890",
    "1e3",
    "2.5E-2",
    "-0",
    "-0.0",
    "10.0"
  };
  private static final String[] SPACE = {"", " ", "  ", "\n", "\t"};

  private final Random random;

  JsonDocuments(long seed) {
    random = new Random(seed);
  }

  String next() {
    return value(0);
  }

  private String value(int depth) {
    int kind = random.nextInt(depth > 3 ? 4 : 6);
    return switch (kind) {
      case 0 -> "\"" + pick(STRINGS) + "\"";
      case 1 -> pick(NUMBERS);
      case 2 -> pick(new String[] {"true", "false", "null"});
      case 3 -> "\"" + pick(STRINGS) + pick(STRINGS) + "\"";
      case 4 -> array(depth);
      default -> object(depth);
    };
  }

  private String array(int depth) {
    StringBuilder out = new StringBuilder("[").append(pick(SPACE));
    int n = random.nextInt(4);
    for (int k = 0; k < n; k++) {
      if (k > 0) {
        out.append(pick(SPACE)).append(',').append(pick(SPACE));
      }
      out.append(value(depth + 1));
    }
    return out.append(pick(SPACE)).append(']').toString();
  }

  private String object(int depth) {
    StringBuilder out = new StringBuilder("{").append(pick(SPACE));
    int n = random.nextInt(6);
    for (int k = 0; k < n; k++) {
      if (k > 0) {
        out.append(pick(SPACE)).append(',').append(pick(SPACE));
      }
      out.append('"')
          .append(pick(NAMES))
          .append('"')
          .append(pick(SPACE))
          .append(':')
          .append(pick(SPACE))
          .append(value(depth + 1));
    }
    return out.append(pick(SPACE)).append('}').toString();
  }

  private String pick(String[] options) {
    return options[random.nextInt(options.length)];
  }
}
