package io.godwit.apply;

import com.fasterxml.jackson.core.io.JsonStringEncoder;
import com.fasterxml.jackson.databind.JsonNode;
import java.util.HexFormat;
import java.util.function.Function;

/**
 * PostgreSQL arrays arrive as JSON arrays of their elements in the element type's encoding. The
 * snapshot writes them as PostgreSQL array literals ({@code {"a","b"}}) to PostgreSQL and as {@code
 * array_to_json} text ({@code ["a","b"]}) to MySQL.
 */
final class PostgresArrays {

  private PostgresArrays() {}

  /** A PostgreSQL array literal with every element quoted and escaped. */
  static String literal(JsonNode array, ValueDecoder element) {
    StringBuilder text = new StringBuilder();
    appendLiteral(text, array, element);
    return text.toString();
  }

  private static void appendLiteral(StringBuilder text, JsonNode array, ValueDecoder element) {
    text.append('{');
    for (int i = 0; i < array.size(); i++) {
      if (i > 0) {
        text.append(',');
      }
      JsonNode item = array.get(i);
      if (item.isNull()) {
        text.append("NULL");
      } else if (item.isArray()) {
        appendLiteral(text, item, element);
      } else {
        Object value = element.decode(item);
        String s = value instanceof byte[] b ? "\\x" + HexFormat.of().formatHex(b) : (String) value;
        text.append('"');
        for (int c = 0; c < s.length(); c++) {
          char ch = s.charAt(c);
          if (ch == '"' || ch == '\\') {
            text.append('\\');
          }
          text.append(ch);
        }
        text.append('"');
      }
    }
    text.append('}');
  }

  /** JSON text as {@code array_to_json} writes it: no spaces, nested arrays kept. */
  static String json(JsonNode array, Function<JsonNode, String> element) {
    StringBuilder text = new StringBuilder();
    appendJson(text, array, element);
    return text.toString();
  }

  private static void appendJson(
      StringBuilder text, JsonNode array, Function<JsonNode, String> element) {
    text.append('[');
    for (int i = 0; i < array.size(); i++) {
      if (i > 0) {
        text.append(',');
      }
      JsonNode item = array.get(i);
      if (item.isNull()) {
        text.append("null");
      } else if (item.isArray()) {
        appendJson(text, item, element);
      } else {
        text.append(element.apply(item));
      }
    }
    text.append(']');
  }

  /** A JSON string literal. */
  static String quote(String s) {
    return '"' + new String(JsonStringEncoder.getInstance().quoteAsString(s)) + '"';
  }
}
