package io.godwit.validate;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonToken;
import java.io.IOException;
import java.math.BigDecimal;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * JSON text in one form for one meaning, in a single streaming pass: object members sorted by name
 * (a repeated name keeps its last value, as PostgreSQL's jsonb does), no whitespace, numbers as
 * plain decimals without trailing zeros, strings re-escaped the same way. MariaDB keeps JSON as the
 * text it was given and PostgreSQL's jsonb prints its own way; both come out alike.
 */
final class CanonicalJson {

  private static final JsonFactory FACTORY = new JsonFactory();

  private CanonicalJson() {}

  /** The canonical text, or the input unchanged when it is not JSON. */
  static String of(String text) {
    try (JsonParser p = FACTORY.createParser(text)) {
      JsonToken first = p.nextToken();
      if (first == null) {
        return text;
      }
      StringBuilder out = new StringBuilder(text.length());
      value(p, first, out);
      return p.nextToken() == null ? out.toString() : text;
    } catch (IOException | NumberFormatException e) {
      return text;
    }
  }

  /**
   * The text PostgreSQL's {@code jsonb} would print for this JSON ({@link JsonbText}). Reading a
   * jsonb column gives this text without any work, so a MySQL/MariaDB JSON value rendered this way
   * can be compared with it as plain text. Where the texts still differ the caller compares both in
   * the form of {@link #of}: a rendering detail that differs costs time, never a false result.
   *
   * @return the rendering, or the input unchanged when jsonb would not take it
   */
  static String postgresStyle(String text) {
    String rendered = JsonbText.of(text);
    return rendered != null ? rendered : text;
  }

  private static void value(JsonParser p, JsonToken token, StringBuilder out) throws IOException {
    switch (token) {
      case START_OBJECT -> object(p, out);
      case START_ARRAY -> {
        out.append('[');
        boolean first = true;
        for (JsonToken t = p.nextToken(); t != JsonToken.END_ARRAY; t = p.nextToken()) {
          if (!first) {
            out.append(',');
          }
          first = false;
          value(p, t, out);
        }
        out.append(']');
      }
      case VALUE_STRING -> string(p.getText(), out);
      case VALUE_NUMBER_INT -> out.append(p.getText().equals("-0") ? "0" : p.getText());
      case VALUE_NUMBER_FLOAT -> out.append(Canonical.decimal(new BigDecimal(p.getText())));
      case VALUE_TRUE -> out.append("true");
      case VALUE_FALSE -> out.append("false");
      case VALUE_NULL -> out.append("null");
      default -> throw new IOException("unexpected JSON token " + token);
    }
  }

  /**
   * Writes the members in the order given, then sorts the written members by name when they were
   * not in order already (or a name repeats: the last one stays).
   */
  private static void object(JsonParser p, StringBuilder out) throws IOException {
    out.append('{');
    List<String> names = new ArrayList<>();
    List<Integer> starts = new ArrayList<>();
    boolean sorted = true;
    for (JsonToken t = p.nextToken(); t != JsonToken.END_OBJECT; t = p.nextToken()) {
      String name = p.currentName();
      if (!names.isEmpty()) {
        sorted &= names.get(names.size() - 1).compareTo(name) < 0;
        out.append(',');
      }
      names.add(name);
      starts.add(out.length());
      string(name, out);
      out.append(':');
      value(p, p.nextToken(), out);
    }
    if (!sorted) {
      int end = out.length();
      Map<String, String> members = new TreeMap<>();
      for (int i = 0; i < names.size(); i++) {
        int to = i + 1 < names.size() ? starts.get(i + 1) - 1 : end;
        members.put(names.get(i), out.substring(starts.get(i), to));
      }
      out.setLength(starts.get(0));
      out.append(String.join(",", members.values()));
    }
    out.append('}');
  }

  private static void string(String s, StringBuilder out) {
    out.append('"');
    int plain = 0;
    for (int i = 0; i < s.length(); i++) {
      char c = s.charAt(i);
      if (c == '"' || c == '\\' || c < 0x20) {
        out.append(s, plain, i);
        JsonbText.write(c, out);
        plain = i + 1;
      }
    }
    out.append(s, plain, s.length()).append('"');
  }
}
