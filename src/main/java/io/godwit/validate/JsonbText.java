package io.godwit.validate;

import java.math.BigDecimal;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

/**
 * PostgreSQL's {@code jsonb} text for a JSON document, rendered in one pass over its characters
 * with no parser objects: what {@link CanonicalJson#postgresStyle} gives for every JSON value of a
 * MySQL or MariaDB side during validation. Members are ordered by the length of their name, then by
 * its bytes (a repeated name keeps its last value), {@code ", "} and {@code ": "} between parts,
 * strings re-escaped, numbers as PostgreSQL's numeric prints them. It gives up, returning {@code
 * null}, on what jsonb itself refuses: invalid JSON, unpaired surrogates, an escaped NUL character.
 */
final class JsonbText {

  /** This document is not one jsonb takes. */
  private static final class GiveUp extends Exception {
    private static final long serialVersionUID = 1L;
    static final GiveUp INSTANCE = new GiveUp();

    private GiveUp() {
      super(null, null, false, false);
    }
  }

  private final String s;
  private int i;

  private JsonbText(String s) {
    this.s = s;
  }

  /** The jsonb text of {@code json}, or {@code null} when this renderer does not handle it. */
  static String of(String json) {
    JsonbText p = new JsonbText(json);
    StringBuilder out = new StringBuilder(json.length() + 16);
    try {
      p.space();
      p.value(out);
      p.space();
      return p.i == json.length() ? out.toString() : null;
    } catch (GiveUp | IndexOutOfBoundsException e) {
      return null;
    }
  }

  private void space() {
    while (i < s.length()) {
      char c = s.charAt(i);
      if (c != ' ' && c != '\t' && c != '\n' && c != '\r') {
        return;
      }
      i++;
    }
  }

  private void value(StringBuilder out) throws GiveUp {
    char c = s.charAt(i);
    switch (c) {
      case '{' -> object(out);
      case '[' -> array(out);
      case '"' -> string(out, null);
      case 't' -> literal("true", out);
      case 'f' -> literal("false", out);
      case 'n' -> literal("null", out);
      default -> number(out);
    }
  }

  private void literal(String word, StringBuilder out) throws GiveUp {
    if (!s.startsWith(word, i)) {
      throw GiveUp.INSTANCE;
    }
    i += word.length();
    out.append(word);
  }

  /**
   * A number as jsonb's numeric prints it: a plain decimal as written, one with an exponent or a
   * negative zero expanded to its plain digits ({@code 1e3} to {@code 1000}, {@code -0.0} to {@code
   * 0.0}).
   */
  private void number(StringBuilder out) throws GiveUp {
    int start = i;
    boolean negative = s.charAt(i) == '-';
    if (negative) {
      i++;
    }
    int digits = i;
    boolean nonZero = false;
    if (i < s.length() && s.charAt(i) == '0') {
      i++;
    } else {
      while (i < s.length() && isDigit(s.charAt(i))) {
        nonZero = true;
        i++;
      }
    }
    if (i == digits) {
      throw GiveUp.INSTANCE;
    }
    if (i < s.length() && s.charAt(i) == '.') {
      i++;
      int fraction = i;
      while (i < s.length() && isDigit(s.charAt(i))) {
        nonZero |= s.charAt(i) != '0';
        i++;
      }
      if (i == fraction) {
        throw GiveUp.INSTANCE;
      }
    }
    boolean exponent = i < s.length() && (s.charAt(i) == 'e' || s.charAt(i) == 'E');
    if (exponent) {
      i++;
      if (i < s.length() && (s.charAt(i) == '+' || s.charAt(i) == '-')) {
        i++;
      }
      int power = i;
      while (i < s.length() && isDigit(s.charAt(i))) {
        i++;
      }
      if (i == power) {
        throw GiveUp.INSTANCE;
      }
    }
    if (exponent || (negative && !nonZero)) {
      BigDecimal n = new BigDecimal(s.substring(start, i));
      out.append((n.scale() < 0 ? n.setScale(0) : n).toPlainString());
    } else {
      out.append(s, start, i);
    }
  }

  private static boolean isDigit(char c) {
    return c >= '0' && c <= '9';
  }

  private void array(StringBuilder out) throws GiveUp {
    i++;
    out.append('[');
    space();
    if (s.charAt(i) == ']') {
      i++;
      out.append(']');
      return;
    }
    while (true) {
      space();
      value(out);
      space();
      char c = s.charAt(i++);
      if (c == ']') {
        out.append(']');
        return;
      }
      if (c != ',') {
        throw GiveUp.INSTANCE;
      }
      out.append(", ");
    }
  }

  /**
   * Members are written as they come; when their names are not already in jsonb's order (shorter
   * first, then by bytes) or one repeats, the written members are sorted and the last of a repeated
   * name kept, as jsonb does.
   */
  private void object(StringBuilder out) throws GiveUp {
    i++;
    out.append('{');
    space();
    if (s.charAt(i) == '}') {
      i++;
      out.append('}');
      return;
    }
    int open = out.length();
    List<String> names = new ArrayList<>(8);
    List<Integer> starts = new ArrayList<>(8);
    boolean ordered = true;
    int previousLength = -1;
    int[] lengths = new int[8];
    while (true) {
      space();
      if (s.charAt(i) != '"') {
        throw GiveUp.INSTANCE;
      }
      if (!names.isEmpty()) {
        out.append(", ");
      }
      starts.add(out.length());
      String name = name(out);
      int length = utf8Length(name);
      if (ordered
          && previousLength >= 0
          && (previousLength > length
              || (previousLength == length
                  && TableCompare.compareCodePoints(names.get(names.size() - 1), name) >= 0))) {
        ordered = false;
      }
      previousLength = length;
      if (names.size() == lengths.length) {
        lengths = Arrays.copyOf(lengths, lengths.length * 2);
      }
      lengths[names.size()] = length;
      names.add(name);
      space();
      if (s.charAt(i++) != ':') {
        throw GiveUp.INSTANCE;
      }
      out.append(": ");
      space();
      value(out);
      space();
      char c = s.charAt(i++);
      if (c == '}') {
        break;
      }
      if (c != ',') {
        throw GiveUp.INSTANCE;
      }
    }
    if (!ordered) {
      reorder(out, open, names, starts, lengths);
    }
    out.append('}');
  }

  /**
   * Rewrites the members written from {@code open} in jsonb's order, keeping the last of a repeated
   * name: an insertion sort of their indexes (objects are small), then one copy.
   */
  private static void reorder(
      StringBuilder out, int open, List<String> names, List<Integer> starts, int[] lengths) {
    int n = names.size();
    String written = out.substring(open);
    int[] order = new int[n];
    int kept = 0;
    for (int m = 0; m < n; m++) {
      int at = kept;
      while (at > 0 && compare(names, lengths, order[at - 1], m) > 0) {
        at--;
      }
      if (at > 0 && compare(names, lengths, order[at - 1], m) == 0) {
        order[at - 1] = m;
        continue;
      }
      System.arraycopy(order, at, order, at + 1, kept - at);
      order[at] = m;
      kept++;
    }
    out.setLength(open);
    for (int k = 0; k < kept; k++) {
      int m = order[k];
      int from = starts.get(m) - open;
      int to = m + 1 < n ? starts.get(m + 1) - open - 2 : written.length();
      if (k > 0) {
        out.append(", ");
      }
      out.append(written, from, to);
    }
  }

  /** A member name: written like any string, and returned decoded. */
  private String name(StringBuilder out) throws GiveUp {
    int start = i + 1;
    int written = out.length();
    int end = string(out, null);
    if (end >= 0) {
      return s.substring(start, end);
    }
    out.setLength(written);
    i = start - 1;
    StringBuilder decoded = new StringBuilder();
    string(out, decoded);
    return decoded.toString();
  }

  /**
   * A string, its escapes decoded and written again as jsonb escapes: {@code \"}, {@code \\}, the
   * short forms of backspace, form feed, newline, return and tab, a four-digit escape for other
   * control characters, every other character as itself. {@code decoded}, when given, receives the
   * value.
   */
  private int string(StringBuilder out, StringBuilder decoded) throws GiveUp {
    i++;
    out.append('"');
    int plain = i;
    boolean escaped = false;
    while (true) {
      char c = s.charAt(i);
      if (c == '"') {
        out.append(s, plain, i);
        if (decoded != null) {
          decoded.append(s, plain, i);
        }
        int end = i;
        i++;
        out.append('"');
        return escaped ? -1 : end;
      }
      if (c < 0x20) {
        throw GiveUp.INSTANCE;
      }
      if (Character.isSurrogate(c)) {
        if (!Character.isHighSurrogate(c)
            || i + 1 >= s.length()
            || !Character.isLowSurrogate(s.charAt(i + 1))) {
          throw GiveUp.INSTANCE;
        }
        i += 2;
        continue;
      }
      if (c != '\\') {
        i++;
        continue;
      }
      escaped = true;
      out.append(s, plain, i);
      if (decoded != null) {
        decoded.append(s, plain, i);
      }
      int ch = escape();
      if (decoded != null) {
        decoded.appendCodePoint(ch);
      }
      write(ch, out);
      plain = i;
    }
  }

  /** Decodes the escape at {@code i} (a backslash) and moves past it. */
  private int escape() throws GiveUp {
    char e = s.charAt(i + 1);
    i += 2;
    switch (e) {
      case '"':
        return '"';
      case '\\':
        return '\\';
      case '/':
        return '/';
      case 'b':
        return '\b';
      case 'f':
        return '\f';
      case 'n':
        return '\n';
      case 'r':
        return '\r';
      case 't':
        return '\t';
      case 'u':
        char high = hex4();
        if (high == 0) {
          throw GiveUp.INSTANCE;
        }
        if (!Character.isSurrogate(high)) {
          return high;
        }
        if (!Character.isHighSurrogate(high) || !s.startsWith("\\u", i)) {
          throw GiveUp.INSTANCE;
        }
        i += 2;
        char low = hex4();
        if (!Character.isLowSurrogate(low)) {
          throw GiveUp.INSTANCE;
        }
        return Character.toCodePoint(high, low);
      default:
        throw GiveUp.INSTANCE;
    }
  }

  private char hex4() throws GiveUp {
    int v = 0;
    for (int k = 0; k < 4; k++) {
      int d = Character.digit(s.charAt(i + k), 16);
      if (d < 0) {
        throw GiveUp.INSTANCE;
      }
      v = v * 16 + d;
    }
    i += 4;
    return (char) v;
  }

  /** Writes one decoded character as jsonb does: escaped where JSON requires it, else itself. */
  static void write(int ch, StringBuilder out) {
    switch (ch) {
      case '"' -> out.append("\\\"");
      case '\\' -> out.append("\\\\");
      case '\b' -> out.append("\\b");
      case '\f' -> out.append("\\f");
      case '\n' -> out.append("\\n");
      case '\r' -> out.append("\\r");
      case '\t' -> out.append("\\t");
      default -> {
        if (ch < 0x20) {
          out.append("\\u00")
              .append(Character.forDigit(ch >> 4, 16))
              .append(Character.forDigit(ch & 0xF, 16));
        } else {
          out.appendCodePoint(ch);
        }
      }
    }
  }

  /** jsonb's member order: shorter UTF-8 names first, then by bytes (code point order). */
  private static int compare(List<String> names, int[] lengths, int a, int b) {
    int byLength = Integer.compare(lengths[a], lengths[b]);
    return byLength != 0 ? byLength : TableCompare.compareCodePoints(names.get(a), names.get(b));
  }

  private static int utf8Length(String s) {
    int n = 0;
    for (int k = 0; k < s.length(); k++) {
      char c = s.charAt(k);
      n += c < 0x80 ? 1 : c < 0x800 ? 2 : Character.isSurrogate(c) ? 2 : 3;
    }
    return n;
  }
}
