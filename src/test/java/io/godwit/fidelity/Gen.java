package io.godwit.fidelity;

import io.godwit.engine.Engine;
import java.math.BigDecimal;
import java.math.BigInteger;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Random;
import java.util.Set;

/**
 * Values for one source type as SQL literals of the source engine: the type's boundaries plus
 * values drawn from a seeded {@link Random}. Text and bytes are written as hex so that no value
 * depends on escaping rules.
 */
@FunctionalInterface
interface Gen {

  int RANDOM = 12;

  List<String> literals(Engine engine, Random random);

  static Gen integers(BigInteger min, BigInteger max) {
    return (e, r) -> {
      Set<String> out = new LinkedHashSet<>();
      for (BigInteger b :
          List.of(min, max, min.add(BigInteger.ONE), max.subtract(BigInteger.ONE))) {
        out.add(b.toString());
      }
      for (long v : new long[] {0, 1, -1, 127, 128, 255, 256}) {
        BigInteger b = BigInteger.valueOf(v);
        if (b.compareTo(min) >= 0 && b.compareTo(max) <= 0) {
          out.add(b.toString());
        }
      }
      BigInteger span = max.subtract(min).add(BigInteger.ONE);
      for (int i = 0; i < RANDOM; i++) {
        BigInteger x = new BigInteger(span.bitLength() + 8, r).mod(span).add(min);
        out.add(x.toString());
      }
      return List.copyOf(out);
    };
  }

  static Gen integers(long min, long max) {
    return integers(BigInteger.valueOf(min), BigInteger.valueOf(max));
  }

  /**
   * decimal(p,s): the largest and smallest magnitudes, leading and trailing zeros, random. A
   * PostgreSQL numeric with a negative scale (rounded to tens, hundreds) or a scale above its
   * precision (only values below 1e(p-s)) also gets values the source column rounds, up and down.
   */
  static Gen decimals(int precision, int scale, boolean signed) {
    return (e, r) -> {
      Set<String> out = new LinkedHashSet<>();
      String max =
          new BigDecimal(BigInteger.TEN.pow(precision).subtract(BigInteger.ONE), scale)
              .toPlainString();
      out.add(max);
      out.add("0");
      if (scale > 0) {
        out.add("0." + "0".repeat(scale - 1) + "1");
        if (precision > scale) {
          out.add("1." + "0".repeat(scale - 1) + "1");
        }
        if (precision >= scale) {
          out.add("0.1" + "0".repeat(scale - 1));
        }
      }
      if (scale < 0 || scale > precision) {
        out.add(BigDecimal.ONE.scaleByPowerOfTen(-scale).toPlainString());
        out.add(new BigDecimal(BigInteger.valueOf(15), scale + 1).toPlainString());
        out.add(new BigDecimal(BigInteger.valueOf(149), scale + 2).toPlainString());
        if (signed) {
          out.add("-" + new BigDecimal(BigInteger.valueOf(15), scale + 1).toPlainString());
        }
      }
      if (signed) {
        out.add("-" + max);
        if (scale > 0) {
          out.add("-0." + "0".repeat(scale - 1) + "1");
        }
      }
      for (int i = 0; i < RANDOM; i++) {
        BigInteger unscaled = new BigInteger(precision * 4, r).mod(BigInteger.TEN.pow(precision));
        BigDecimal d = new BigDecimal(unscaled, scale);
        out.add((signed && r.nextBoolean() ? d.negate() : d).toPlainString());
      }
      return List.copyOf(out);
    };
  }

  /** 32-bit floats: extremes, a subnormal, integers past 2^24, and random bit patterns. */
  static Gen floats(boolean specials) {
    return (e, r) -> {
      List<Float> values =
          new ArrayList<>(
              List.of(
                  3.1415927f,
                  1234567890f,
                  0f,
                  0.1f,
                  -2.5f,
                  16777217f,
                  Float.MAX_VALUE,
                  -Float.MAX_VALUE,
                  Float.MIN_NORMAL,
                  1.0e-40f));
      for (int i = 0; i < RANDOM; i++) {
        float f;
        do {
          f = Float.intBitsToFloat(r.nextInt());
        } while (Float.isNaN(f) || Float.isInfinite(f) || Math.abs(f) < Float.MIN_NORMAL);
        values.add(f);
      }
      List<String> out = new ArrayList<>();
      values.forEach(f -> out.add(Double.toString((double) f)));
      if (specials) {
        out.addAll(List.of("'NaN'", "'Infinity'", "'-Infinity'", "'-0'"));
      }
      return out;
    };
  }

  /** 64-bit doubles: extremes, subnormals, values that print with exponents, random bits. */
  static Gen doubles(boolean specials) {
    return (e, r) -> {
      List<Double> values =
          new ArrayList<>(
              List.of(
                  0.1,
                  0.30000000000000004,
                  1e300,
                  -1e-300,
                  Double.MAX_VALUE,
                  Double.MIN_NORMAL,
                  4.9e-324,
                  123456789012345678.0,
                  0.0,
                  -17.25));
      for (int i = 0; i < RANDOM; i++) {
        double d;
        do {
          d = Double.longBitsToDouble(r.nextLong());
        } while (Double.isNaN(d) || Double.isInfinite(d));
        values.add(d);
      }
      List<String> out = new ArrayList<>();
      values.forEach(d -> out.add(Double.toString(d)));
      if (specials) {
        out.addAll(List.of("'NaN'", "'Infinity'", "'-Infinity'", "'-0'"));
      }
      return out;
    };
  }

  /** A fraction of {@code digits} digits with a leading-zero and a trailing-zero variant each. */
  private static List<String> fractions(int digits, Random r) {
    List<String> out = new ArrayList<>();
    if (digits == 0) {
      return List.of("");
    }
    for (int lead = 0; lead < digits; lead++) {
      out.add("." + "0".repeat(lead) + "1" + "0".repeat(digits - lead - 1));
      out.add("." + "0".repeat(lead) + "7".repeat(digits - lead));
    }
    out.add("." + "9".repeat(digits));
    out.add("." + "0".repeat(digits));
    for (int i = 0; i < 4; i++) {
      StringBuilder f = new StringBuilder(".");
      for (int k = 0; k < digits; k++) {
        f.append((char) ('0' + r.nextInt(10)));
      }
      out.add(f.toString());
    }
    return out;
  }

  /**
   * Date-times between {@code minYear} and {@code maxYear}: the ends, a leap day, the hours that
   * daylight saving skips or repeats in Europe and America, every fraction shape at {@code fsp}.
   */
  static Gen datetimes(int fsp, String min, String max) {
    return (e, r) -> {
      Set<String> out = new LinkedHashSet<>();
      out.add("'" + min + "'");
      out.add("'" + max + (fsp > 0 ? "." + "9".repeat(fsp) : "") + "'");
      for (String day :
          List.of(
              "2020-02-29 12:00:00",
              "2021-03-28 02:30:00",
              "2021-10-31 02:30:00",
              "2021-03-14 02:30:00",
              "2000-01-01 00:00:00")) {
        out.add("'" + day + "'");
      }
      int lo = Integer.parseInt(min.substring(0, 4));
      int hi = Integer.parseInt(max.substring(0, 4));
      List<String> shapes = fractions(fsp, r);
      for (int i = 0; i < Math.max(shapes.size(), RANDOM); i++) {
        String f = shapes.get(i % shapes.size());
        int year = lo + 1 + r.nextInt(Math.max(1, hi - lo - 1));
        out.add(
            "'%04d-%02d-%02d %02d:%02d:%02d%s'"
                .formatted(
                    year,
                    1 + r.nextInt(12),
                    1 + r.nextInt(28),
                    r.nextInt(24),
                    r.nextInt(60),
                    r.nextInt(60),
                    f));
      }
      return List.copyOf(out);
    };
  }

  static Gen dates(String min, String max) {
    return (e, r) -> {
      Set<String> out = new LinkedHashSet<>(List.of("'" + min + "'", "'" + max + "'"));
      out.add("'2020-02-29'");
      out.add("'1970-01-01'");
      int lo = Integer.parseInt(min.substring(0, 4));
      int hi = Integer.parseInt(max.substring(0, 4));
      for (int i = 0; i < RANDOM; i++) {
        out.add(
            "'%04d-%02d-%02d'"
                .formatted(lo + r.nextInt(hi - lo), 1 + r.nextInt(12), 1 + r.nextInt(28)));
      }
      return List.copyOf(out);
    };
  }

  /** Times of day, or with {@code durations} MySQL's range of -838:59:59 to 838:59:59. */
  static Gen times(int fsp, boolean durations) {
    return (e, r) -> {
      Set<String> out = new LinkedHashSet<>();
      out.add("'00:00:00'");
      out.add("'23:59:59" + (fsp > 0 ? "." + "9".repeat(fsp) : "") + "'");
      if (durations) {
        out.add("'838:59:59'");
        out.add("'-838:59:59'");
        out.add("'24:00:00'");
        out.add("'-00:00:01'");
        out.add("'100:00:00'");
      }
      List<String> shapes = fractions(fsp, r);
      for (int i = 0; i < Math.max(shapes.size(), RANDOM); i++) {
        String f = shapes.get(i % shapes.size());
        int hours = durations ? r.nextInt(1600) - 800 : r.nextInt(24);
        String sign = hours < 0 ? "-" : "";
        out.add(
            "'%s%02d:%02d:%02d%s'"
                .formatted(sign, Math.abs(hours), r.nextInt(60), r.nextInt(60), f));
      }
      return List.copyOf(out);
    };
  }

  /**
   * Strings up to {@code max} characters: empty, spaces, trailing spaces, letter case, 2-, 3- and
   * 4-byte characters, NUL where {@code nul}, and random code points.
   */
  static Gen strings(int max, boolean nul, boolean trailingSpaces) {
    return (e, r) -> {
      List<String> values =
          new ArrayList<>(List.of("", "a", "A", "\u00e4\u00df", "\u20ac", "\ud83d\ude00", "'\"\\"));
      if (trailingSpaces) {
        values.addAll(List.of(" ", "a ", "a  "));
      }
      values.add(" leading");
      if (nul) {
        values.add("a\u0000b");
      }
      for (int i = 0; i < RANDOM; i++) {
        int length = 1 + r.nextInt(Math.min(max, 40));
        StringBuilder s = new StringBuilder();
        while (s.codePointCount(0, s.length()) < length) {
          int cp =
              switch (r.nextInt(4)) {
                case 0 -> 0x20 + r.nextInt(0x5f);
                case 1 -> 0xa0 + r.nextInt(0x700);
                case 2 -> 0x3000 + r.nextInt(0x5000);
                default -> 0x1f300 + r.nextInt(0x300);
              };
          s.appendCodePoint(cp);
        }
        values.add(s.toString().strip());
      }
      List<String> out = new ArrayList<>();
      for (String v : values) {
        if (v.codePointCount(0, v.length()) <= max) {
          out.add(text(e, v));
        }
      }
      return out;
    };
  }

  /** Bytes up to {@code max} long, with leading and trailing zero bytes. */
  static Gen bytes(int max) {
    return (e, r) -> {
      List<byte[]> values =
          new ArrayList<>(
              List.of(
                  new byte[0],
                  new byte[] {0},
                  new byte[] {0, 1},
                  new byte[] {1, 0},
                  new byte[] {(byte) 0xff}));
      for (int i = 0; i < RANDOM; i++) {
        byte[] b = new byte[1 + r.nextInt(Math.min(max, 64))];
        r.nextBytes(b);
        values.add(b);
      }
      List<String> out = new ArrayList<>();
      for (byte[] b : values) {
        if (b.length <= max) {
          out.add(bytes(e, b));
        }
      }
      return out;
    };
  }

  /** Bit strings of exactly {@code n} bits, or of 1 to {@code n} bits where {@code varying}. */
  static Gen bits(int n, boolean varying) {
    return (e, r) -> {
      Set<String> out = new LinkedHashSet<>();
      out.add("b'" + "0".repeat(n) + "'");
      out.add("b'" + "1".repeat(n) + "'");
      out.add("b'" + "0".repeat(n - 1) + "1'");
      out.add("b'1" + "0".repeat(n - 1) + "'");
      for (int i = 0; i < RANDOM; i++) {
        int length = varying ? 1 + r.nextInt(n) : n;
        StringBuilder s = new StringBuilder();
        for (int k = 0; k < length; k++) {
          s.append(r.nextBoolean() ? '1' : '0');
        }
        out.add("b'" + s + "'");
      }
      if (varying) {
        out.add("b'0'");
        out.add("b'01'");
      }
      return List.copyOf(out);
    };
  }

  /** JSON documents: key order, duplicate keys, exponents, big and tiny numbers, unicode. */
  static Gen json() {
    return (e, r) -> {
      List<String> docs =
          new ArrayList<>(
              List.of(
                  "{\"b\": 1, \"a\": [1, 2.50, null, true, false]}",
                  "{\"a\": 1, \"a\": 2}",
                  "{\"x\": 1e-30, \"y\": 1.5E+20, \"z\": -0.0}",
                  "{\"big\": 12345678901234567890, \"long\": 3.141592653589793238462643383279}",
                  "[]",
                  "{}",
                  "\"text \\u00e4 \\ud83d\\ude00\"",
                  "null",
                  "0",
                  "[{\"nested\": {\"deep\": [1, {\"k\": \"v\"}]}}]"));
      for (int i = 0; i < RANDOM; i++) {
        docs.add(
            "{\"id\": %d, \"v\": %s, \"s\": \"%s\"}"
                .formatted(
                    r.nextInt(),
                    Double.toString(r.nextDouble() * 1e6),
                    Long.toHexString(r.nextLong())));
      }
      List<String> out = new ArrayList<>();
      docs.forEach(d -> out.add(e == Engine.POSTGRESQL ? text(e, d) + "::json" : text(e, d)));
      return out;
    };
  }

  /** Fixed values, written as they are. */
  static Gen of(String... literals) {
    return (e, r) -> List.of(literals);
  }

  /** A text literal that survives any escaping rules: the UTF-8 bytes in hex. */
  static String text(Engine e, String value) {
    String hex = HexFormat.of().formatHex(value.getBytes(StandardCharsets.UTF_8));
    return e == Engine.POSTGRESQL
        ? "convert_from('\\x" + hex + "'::bytea, 'UTF8')"
        : "CONVERT(X'" + hex + "' USING utf8mb4)";
  }

  static String bytes(Engine e, byte[] value) {
    String hex = HexFormat.of().formatHex(value);
    return e == Engine.POSTGRESQL ? "'\\x" + hex + "'::bytea" : "X'" + hex + "'";
  }
}
