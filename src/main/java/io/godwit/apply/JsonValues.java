package io.godwit.apply;

import com.fasterxml.jackson.databind.JsonNode;
import java.math.BigInteger;
import java.util.Base64;

/** Reading Debezium's JSON literal types (numbers, strings, booleans, base64 bytes). */
final class JsonValues {

  private JsonValues() {}

  /** An integer as text, exactly as large as it comes; a boolean as 1 or 0. */
  static String integer(JsonNode value) {
    if (value.isIntegralNumber()) {
      return value.bigIntegerValue().toString();
    }
    if (value.isBoolean()) {
      return value.booleanValue() ? "1" : "0";
    }
    throw expected("an integer", value);
  }

  static BigInteger bigInteger(JsonNode value) {
    if (value.isIntegralNumber()) {
      return value.bigIntegerValue();
    }
    throw expected("an integer", value);
  }

  static long longValue(JsonNode value) {
    if (value.isIntegralNumber() && value.canConvertToLong()) {
      return value.longValue();
    }
    throw expected("an integer within 64 bits", value);
  }

  /**
   * A floating-point or decimal number as text: JSON numbers keep every digit they were written
   * with; strings (decimals, or NaN and the infinities) pass as they are.
   */
  static String number(JsonNode value) {
    if (value.isIntegralNumber()) {
      return value.bigIntegerValue().toString();
    }
    if (value.isNumber()) {
      return value.decimalValue().toString();
    }
    if (value.isTextual()) {
      return value.textValue();
    }
    throw expected("a number", value);
  }

  /**
   * A 32-bit float as the exact decimal of its value ({@code 3.1415927410125732}): the target
   * rounds that to the same float, where the float's short text ({@code 3.4028235E38} for the
   * largest) may lie past it and be refused. Negative zero stays negative; NaN and the infinities,
   * sent as strings, pass as they are.
   */
  static String float32(JsonNode value) {
    if (value.isNumber()) {
      return Double.toString(value.floatValue());
    }
    if (value.isTextual()) {
      return value.textValue();
    }
    throw expected("a number", value);
  }

  /** A 64-bit float as its shortest exact text; negative zero stays negative. */
  static String float64(JsonNode value) {
    if (value.isNumber()) {
      return Double.toString(value.doubleValue());
    }
    if (value.isTextual()) {
      return value.textValue();
    }
    throw expected("a number", value);
  }

  /** True for a boolean true or a non-zero number. */
  static boolean bool(JsonNode value) {
    if (value.isBoolean()) {
      return value.booleanValue();
    }
    if (value.isIntegralNumber()) {
      return value.bigIntegerValue().signum() != 0;
    }
    throw expected("a boolean", value);
  }

  /** A string as it is; a JSON document or array that a converter left unencoded as its text. */
  static String text(JsonNode value) {
    if (value.isTextual()) {
      return value.textValue();
    }
    if (value.isContainerNode()) {
      return value.toString();
    }
    throw expected("a string", value);
  }

  /** Bytes sent base64-encoded ({@code binary.handling.mode=base64}). */
  static byte[] base64(JsonNode value) {
    if (!value.isTextual()) {
      throw expected("base64-encoded bytes", value);
    }
    try {
      return Base64.getDecoder().decode(value.textValue());
    } catch (IllegalArgumentException e) {
      throw new BadValueException(
          "%s is not base64; fix: set binary.handling.mode=base64 on the connector"
              .formatted(shorten(value)),
          e);
    }
  }

  static BadValueException expected(String what, JsonNode value) {
    return new BadValueException(
        "expected %s in Debezium's encoding, got %s".formatted(what, shorten(value)));
  }

  static String shorten(JsonNode value) {
    String text = value.toString();
    return text.length() <= 80 ? text : text.substring(0, 77) + "...";
  }
}
