package io.godwit.fidelity;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.json.JsonMapper;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.godwit.engine.Engine;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.math.BigDecimal;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.TreeMap;

/**
 * How the harness reads a value on each engine: an SQL expression that makes the engine itself
 * print the value in full (hex bytes, six fractional digits, a float widened exactly to double),
 * and a small normalisation of that text so equal values on two engines compare equal. None of it
 * comes from Godwit's own conversion code.
 */
enum Kind {
  /** Integers and decimals, compared as numbers: {@code 1.50} and {@code 1.5} are equal. */
  NUMBER {
    @Override
    String probe(Engine e, String c) {
      return e == Engine.POSTGRESQL ? c + "::text" : "CAST(" + c + " AS CHAR)";
    }

    @Override
    String normalise(String s) {
      if (s.equals("NaN") || s.contains("Infinity")) {
        return s;
      }
      BigDecimal d = new BigDecimal(s);
      return d.signum() == 0 ? "0" : d.stripTrailingZeros().toPlainString();
    }
  },
  /** A 32-bit float: widened exactly to double by the engine, compared by its bits. */
  FLOAT4 {
    @Override
    String probe(Engine e, String c) {
      return e == Engine.POSTGRESQL ? c + "::float8::text" : "CAST(" + c + " AS DOUBLE)";
    }

    @Override
    String normalise(String s) {
      float f = (float) parseDouble(s);
      if (f != (float) parseDouble(s) && !Float.isNaN(f)) {
        throw new IllegalStateException(s + " is not a float");
      }
      return Integer.toHexString(Float.floatToIntBits(f)) + " (" + f + ")";
    }
  },
  /** A 64-bit double, compared by its bits (so -0 and 0 differ). */
  FLOAT8 {
    @Override
    String probe(Engine e, String c) {
      return e == Engine.POSTGRESQL ? c + "::text" : "CAST(" + c + " AS CHAR)";
    }

    @Override
    String normalise(String s) {
      double d = parseDouble(s);
      return Long.toHexString(Double.doubleToLongBits(d)) + " (" + d + ")";
    }
  },
  DATE {
    @Override
    String probe(Engine e, String c) {
      return e == Engine.POSTGRESQL ? c + "::text" : "CAST(" + c + " AS CHAR)";
    }
  },
  /** A date and time without zone, to the microsecond. */
  DATETIME {
    @Override
    String probe(Engine e, String c) {
      return e == Engine.POSTGRESQL
          ? "to_char(" + c + ", 'YYYY-MM-DD HH24:MI:SS.US')"
          : "DATE_FORMAT(" + c + ", '%Y-%m-%d %H:%i:%s.%f')";
    }
  },
  /** An instant, printed in UTC to the microsecond. */
  INSTANT {
    @Override
    String probe(Engine e, String c) {
      return e == Engine.POSTGRESQL
          ? "to_char(" + c + " AT TIME ZONE 'UTC', 'YYYY-MM-DD HH24:MI:SS.US')"
          : "DATE_FORMAT(" + c + ", '%Y-%m-%d %H:%i:%s.%f')";
    }
  },
  /** A time of day or a MySQL duration, its fraction padded to six digits. */
  TIME {
    @Override
    String probe(Engine e, String c) {
      return e == Engine.POSTGRESQL ? c + "::text" : "CAST(" + c + " AS CHAR)";
    }

    @Override
    String normalise(String s) {
      int dot = s.indexOf('.');
      String whole = dot < 0 ? s : s.substring(0, dot);
      String fraction = dot < 0 ? "" : s.substring(dot + 1);
      return whole + "." + (fraction + "000000").substring(0, 6);
    }
  },
  /** Text as the hex of its UTF-8 bytes: trailing spaces, case and NUL all count. */
  TEXT {
    @Override
    String probe(Engine e, String c) {
      return e == Engine.POSTGRESQL
          ? "encode(convert_to(" + c + "::text, 'UTF8'), 'hex')"
          : "HEX(CONVERT(" + c + " USING utf8mb4))";
    }

    @Override
    String normalise(String s) {
      return s.toUpperCase(Locale.ROOT);
    }
  },
  BYTES {
    @Override
    String probe(Engine e, String c) {
      return e == Engine.POSTGRESQL ? "encode(" + c + ", 'hex')" : "HEX(" + c + ")";
    }

    @Override
    String normalise(String s) {
      return s.toUpperCase(Locale.ROOT);
    }
  },
  /** A fixed-width bit string as the number it spells: leading zeros do not count. */
  BITS {
    @Override
    String probe(Engine e, String c) {
      return e == Engine.POSTGRESQL ? c + "::text" : "BIN(" + c + " + 0)";
    }

    @Override
    String normalise(String s) {
      String digits = s.replaceFirst("^0+", "");
      return digits.isEmpty() ? "0" : digits;
    }
  },
  /** A boolean as 1 or 0. */
  BOOL {
    @Override
    String probe(Engine e, String c) {
      return e == Engine.POSTGRESQL ? c + "::int::text" : "CAST(" + c + " AS CHAR)";
    }
  },
  /** A JSON document compared as a value: members by name (the last duplicate wins), numbers. */
  JSON {
    @Override
    String probe(Engine e, String c) {
      return e == Engine.POSTGRESQL ? c + "::text" : "CAST(" + c + " AS CHAR)";
    }

    @Override
    String normalise(String s) {
      try {
        return sorted(MAPPER.readTree(s)).toString();
      } catch (IOException e) {
        throw new UncheckedIOException(e);
      }
    }
  },
  /** PostgreSQL money as the number it holds, not in lc_monetary's format. */
  MONEY {
    @Override
    String probe(Engine e, String c) {
      return e == Engine.POSTGRESQL ? c + "::numeric::text" : "CAST(" + c + " AS CHAR)";
    }

    @Override
    String normalise(String s) {
      return NUMBER.normalise(s);
    }
  },
  /** A PostgreSQL array as the JSON array PostgreSQL itself makes of it; JSON elsewhere. */
  ARRAY_AS_JSON {
    @Override
    String probe(Engine e, String c) {
      return e == Engine.POSTGRESQL ? "array_to_json(" + c + ")::text" : "CAST(" + c + " AS CHAR)";
    }

    @Override
    String normalise(String s) {
      return JSON.normalise(s);
    }
  },
  /**
   * Text compared as the engine prints it (uuids, addresses, intervals, labels): PostgreSQL's
   * output function, which the copy and logical decoding use too ({@code ::text} differs for inet
   * and xml).
   */
  PLAIN {
    @Override
    String probe(Engine e, String c) {
      return e == Engine.POSTGRESQL
          ? "CASE WHEN %1$s IS NOT NULL THEN format('%%s', %1$s) END".formatted(c)
          : "CAST(" + c + " AS CHAR)";
    }
  };

  private static final ObjectMapper MAPPER =
      JsonMapper.builder()
          .enable(com.fasterxml.jackson.databind.DeserializationFeature.USE_BIG_DECIMAL_FOR_FLOATS)
          .build();

  /** The SQL that makes engine {@code e} print column {@code c} in full. */
  abstract String probe(Engine e, String c);

  /** The printed text in the form compared across engines. */
  String normalise(String s) {
    return s;
  }

  private static double parseDouble(String s) {
    return switch (s) {
      case "NaN" -> Double.NaN;
      case "Infinity", "inf" -> Double.POSITIVE_INFINITY;
      case "-Infinity", "-inf" -> Double.NEGATIVE_INFINITY;
      default -> Double.parseDouble(s);
    };
  }

  private static JsonNode sorted(JsonNode node) {
    if (node.isObject()) {
      Map<String, JsonNode> members = new TreeMap<>();
      Iterator<Map.Entry<String, JsonNode>> it = node.fields();
      while (it.hasNext()) {
        Map.Entry<String, JsonNode> m = it.next();
        members.put(m.getKey(), sorted(m.getValue()));
      }
      ObjectNode out = JsonNodeFactory.instance.objectNode();
      members.forEach(out::set);
      return out;
    }
    if (node.isArray()) {
      List<JsonNode> items = new ArrayList<>();
      node.forEach(n -> items.add(sorted(n)));
      return JsonNodeFactory.instance.arrayNode().addAll(items);
    }
    if (node.isNumber()) {
      BigDecimal d = node.decimalValue();
      return JsonNodeFactory.instance.textNode(
          "#" + (d.signum() == 0 ? "0" : d.stripTrailingZeros().toPlainString()));
    }
    return node;
  }
}
