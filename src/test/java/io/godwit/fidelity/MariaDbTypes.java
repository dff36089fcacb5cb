package io.godwit.fidelity;

import java.math.BigInteger;
import java.util.ArrayList;
import java.util.List;

/**
 * MariaDB's column types, from its documentation ("Data Types"), each with every variant that
 * changes how a value is encoded: integer widths and signedness, fractional seconds 0 to 6, float
 * and double, bit(1) and bit(n), text and binary families, and MariaDB's own types.
 */
final class MariaDbTypes {

  private MariaDbTypes() {}

  static final BigInteger TWO_64 = BigInteger.ONE.shiftLeft(64);

  /** Cases whose values read back the same on both engines' types. */
  static List<Case> common(boolean nulInText) {
    List<Case> cases = new ArrayList<>();
    cases.add(Case.exact("tinyint", Kind.NUMBER, Gen.integers(-128, 127)));
    cases.add(Case.exact("tinyint unsigned", Kind.NUMBER, Gen.integers(0, 255)));
    cases.add(Case.exact("smallint", Kind.NUMBER, Gen.integers(-32768, 32767)));
    cases.add(Case.exact("smallint unsigned", Kind.NUMBER, Gen.integers(0, 65535)));
    cases.add(Case.exact("mediumint", Kind.NUMBER, Gen.integers(-8388608, 8388607)));
    cases.add(Case.exact("mediumint unsigned", Kind.NUMBER, Gen.integers(0, 16777215)));
    cases.add(Case.exact("int", Kind.NUMBER, Gen.integers(Integer.MIN_VALUE, Integer.MAX_VALUE)));
    cases.add(Case.exact("int unsigned", Kind.NUMBER, Gen.integers(0, 4294967295L)));
    cases.add(Case.exact("bigint", Kind.NUMBER, Gen.integers(Long.MIN_VALUE, Long.MAX_VALUE)));
    cases.add(
        Case.exact(
            "bigint unsigned",
            Kind.NUMBER,
            Gen.integers(BigInteger.ZERO, TWO_64.subtract(BigInteger.ONE))));
    cases.add(Case.exact("decimal(12,2)", Kind.NUMBER, Gen.decimals(12, 2, true)));
    cases.add(Case.exact("decimal(10,0) unsigned", Kind.NUMBER, Gen.decimals(10, 0, false)));
    cases.add(Case.exact("decimal(65,30)", Kind.NUMBER, Gen.decimals(65, 30, true)));
    cases.add(Case.exact("decimal(38,38)", Kind.NUMBER, Gen.decimals(38, 38, true)));
    cases.add(Case.exact("float", Kind.FLOAT4, Gen.floats(false)));
    cases.add(Case.exact("double", Kind.FLOAT8, Gen.doubles(false)));
    for (int fsp = 0; fsp <= 6; fsp++) {
      cases.add(
          Case.exact(
              "datetime(%d)".formatted(fsp),
              Kind.DATETIME,
              Gen.datetimes(fsp, "1000-01-01 00:00:00", "9999-12-31 23:59:59")));
      cases.add(
          Case.exact(
              "timestamp(%d) NULL".formatted(fsp),
              Kind.INSTANT,
              Gen.datetimes(fsp, "1970-01-01 00:00:01", "2038-01-19 03:14:07")));
    }
    for (int fsp : new int[] {0, 3}) {
      cases.add(Case.exact("time(%d)".formatted(fsp), Kind.TIME, Gen.times(fsp, false)));
    }
    cases.add(Case.exact("date", Kind.DATE, Gen.dates("1000-01-01", "9999-12-31")));
    cases.add(Case.exact("year", Kind.NUMBER, Gen.integers(1901, 2155)));
    cases.add(Case.exact("char(1)", Kind.TEXT, Gen.strings(1, false, false)));
    cases.add(Case.exact("char(20)", Kind.TEXT, Gen.strings(20, false, false)));
    cases.add(Case.exact("varchar(255)", Kind.TEXT, Gen.strings(255, nulInText, true)));
    cases.add(
        Case.exact(
            "varchar(100) character set utf8mb4 collate utf8mb4_general_ci",
            Kind.TEXT,
            Gen.strings(100, nulInText, true)));
    cases.add(Case.exact("tinytext", Kind.TEXT, Gen.strings(60, nulInText, true)));
    cases.add(Case.exact("text", Kind.TEXT, Gen.strings(1000, nulInText, true)));
    cases.add(Case.exact("mediumtext", Kind.TEXT, Gen.strings(1000, nulInText, true)));
    cases.add(Case.exact("longtext", Kind.TEXT, Gen.strings(1000, nulInText, true)));
    cases.add(Case.exact("varbinary(255)", Kind.BYTES, Gen.bytes(255)));
    cases.add(Case.exact("tinyblob", Kind.BYTES, Gen.bytes(255)));
    cases.add(Case.exact("blob", Kind.BYTES, Gen.bytes(1000)));
    cases.add(Case.exact("mediumblob", Kind.BYTES, Gen.bytes(1000)));
    cases.add(Case.exact("longblob", Kind.BYTES, Gen.bytes(1000)));
    cases.add(
        Case.exact(
            "enum('small','medium','large','')",
            Kind.TEXT,
            Gen.of("'small'", "'medium'", "'large'", "''")));
    cases.add(
        Case.exact(
            "set('red','green','blue')",
            Kind.TEXT,
            Gen.of("''", "'red'", "'green,blue'", "'red,green,blue'", "'blue,red'")));
    cases.add(
        Case.exact(
            "geometry",
            Kind.BYTES,
            Gen.of(
                "ST_GeomFromText('POINT(1 2)')",
                "ST_GeomFromText('POINT(-1.5 1e-10)', 4326)",
                "ST_GeomFromText('LINESTRING(0 0, 1 1, 2 0)')",
                "ST_GeomFromText('POLYGON((0 0, 1 1, 1 0, 0 0))')")));
    cases.add(
        Case.exact(
            "point", Kind.BYTES, Gen.of("POINT(1, 2)", "ST_GeomFromText('POINT(3 4)', 3857)")));
    cases.add(
        Case.exact(
            "uuid",
            Kind.PLAIN,
            Gen.of(
                "'00000000-0000-0000-0000-000000000000'",
                "'123e4567-e89b-12d3-a456-426614174000'",
                "'123e4567-e89b-12d3-a456-426614174001'",
                "'ffffffff-ffff-ffff-ffff-ffffffffffff'",
                "'00112233-4455-6677-8899-aabbccddee00'",
                "UUID()",
                "UUID()")));
    return cases;
  }

  /** Fixed-length binary: zero bytes pad short values, and are data. */
  static Gen binary16() {
    return Gen.bytes(16);
  }
}
