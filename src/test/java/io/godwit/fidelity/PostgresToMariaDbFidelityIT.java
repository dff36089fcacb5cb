package io.godwit.fidelity;

import io.godwit.engine.Engine;
import java.math.BigDecimal;
import java.math.BigInteger;
import java.math.RoundingMode;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

class PostgresToMariaDbFidelityIT extends FidelityIT {

  @Override
  Engine source() {
    return Engine.POSTGRESQL;
  }

  @Override
  Engine target() {
    return Engine.MARIADB;
  }

  @Override
  List<String> sourceSetup() {
    return List.of(PostgresTypes.SETUP, "CREATE TYPE spaced AS ENUM ('ok ', 'fine')");
  }

  @Override
  List<Case> cases() {
    List<Case> cases = new ArrayList<>();
    cases.add(Case.exact("smallint", Kind.NUMBER, Gen.integers(-32768, 32767)));
    cases.add(
        Case.exact("integer", Kind.NUMBER, Gen.integers(Integer.MIN_VALUE, Integer.MAX_VALUE)));
    cases.add(Case.exact("bigint", Kind.NUMBER, Gen.integers(Long.MIN_VALUE, Long.MAX_VALUE)));
    cases.add(Case.exact("oid", Kind.NUMBER, Gen.integers(0, 4294967295L)));
    cases.add(Case.exact("numeric(12,2)", Kind.NUMBER, Gen.decimals(12, 2, true)));
    cases.add(Case.exact("numeric(65,30)", Kind.NUMBER, Gen.decimals(65, 30, true)));
    cases.add(Case.exact("numeric(5,-2)", Kind.PLAIN, Gen.decimals(5, -2, true)));
    cases.add(Case.exact("numeric(3,5)", Kind.PLAIN, Gen.decimals(3, 5, true)));
    cases.add(
        Case.lossy(
            "numeric",
            "rounded half up to 30 decimals",
            Kind.NUMBER,
            Kind.NUMBER,
            Gen.of(
                "0",
                "1.5",
                "-0.000000000000000000000000000001",
                "1.00000000000000000000000000000049"),
            v ->
                Kind.NUMBER.normalise(
                    new BigDecimal(v).setScale(30, RoundingMode.HALF_UP).toPlainString())));
    cases.add(Case.exact("real", Kind.FLOAT4, Gen.floats(false)));
    cases.add(Case.exact("double precision", Kind.FLOAT8, Gen.doubles(false)));
    cases.add(Case.exact("boolean", Kind.BOOL, Gen.of("true", "false")));
    cases.add(Case.exact("varchar(40)", Kind.TEXT, Gen.strings(40, false, true)));
    cases.add(Case.exact("varchar", Kind.TEXT, Gen.strings(1000, false, true)));
    cases.add(Case.exact("text", Kind.TEXT, Gen.strings(1000, false, true)));
    cases.add(Case.exact("char(2)", Kind.TEXT, Gen.strings(2, false, false)));
    cases.add(Case.exact("bytea", Kind.BYTES, Gen.bytes(1000)));
    cases.add(Case.exact("date", Kind.DATE, Gen.dates("0001-01-01", "9999-12-31")));
    for (int p = 0; p <= 6; p++) {
      cases.add(
          Case.exact(
              "timestamp(%d)".formatted(p),
              Kind.DATETIME,
              Gen.datetimes(p, "0001-01-01 00:00:00", "9999-12-31 23:59:59")));
      cases.add(
          Case.exact(
              "timestamptz(%d)".formatted(p),
              Kind.INSTANT,
              Kind.DATETIME,
              Gen.datetimes(p, "0001-01-01 00:00:00", "9999-12-31 23:59:59")));
    }
    for (int p : new int[] {0, 3, 6}) {
      cases.add(Case.exact("time(%d)".formatted(p), Kind.TIME, Gen.times(p, false)));
    }
    cases.add(
        Case.lossy(
            "timetz",
            "the time of day in UTC, the offset dropped",
            Kind.PLAIN,
            Kind.TIME,
            PostgresTypes.timetz(),
            v -> Kind.TIME.normalise(PostgresTypes.utcTimeOfDay(v))));
    cases.add(Case.exact("interval", Kind.PLAIN, PostgresTypes.intervals()));
    cases.add(Case.exact("json", Kind.TEXT, Gen.json()));
    cases.add(Case.exact("jsonb", Kind.JSON, Gen.json()));
    cases.add(Case.exact("uuid", Kind.PLAIN, PostgresTypes.uuids()));
    cases.add(Case.exact("inet", Kind.PLAIN, PostgresTypes.addresses()));
    cases.add(Case.exact("cidr", Kind.PLAIN, PostgresTypes.networks()));
    cases.add(Case.exact("macaddr", Kind.PLAIN, PostgresTypes.macs()));
    cases.add(Case.exact("macaddr8", Kind.PLAIN, PostgresTypes.macs8()));
    cases.add(Case.exact("bit(1)", Kind.BITS, Gen.bits(1, false)));
    cases.add(Case.exact("bit(12)", Kind.BITS, Gen.bits(12, false)));
    cases.add(
        Case.lossy(
            "bit(100)",
            "the bits as big-endian bytes",
            Kind.PLAIN,
            Kind.BYTES,
            Gen.bits(100, false),
            v -> bitBytes(v)));
    cases.add(
        Case.lossy(
            "bit varying(12)",
            "leading zeros lost to the fixed-width bit(12)",
            Kind.PLAIN,
            Kind.BITS,
            Gen.bits(12, true),
            Kind.BITS::normalise));
    cases.add(
        Case.lossy(
            "bit varying",
            "the bits as big-endian bytes, the length lost",
            Kind.PLAIN,
            Kind.BYTES,
            Gen.bits(40, true),
            v -> bitBytes(v)));
    cases.add(Case.exact("money", Kind.MONEY, PostgresTypes.money()));
    cases.add(Case.exact("xml", Kind.PLAIN, PostgresTypes.xml()));
    cases.add(Case.exact("mood", Kind.PLAIN, PostgresTypes.moods()));
    cases.add(
        Case.lossy(
            "spaced",
            "enum labels lose their trailing spaces",
            Kind.PLAIN,
            Kind.PLAIN,
            Gen.of("'ok '", "'fine'"),
            String::stripTrailing));
    cases.add(
        Case.lossy(
            "integer[]",
            "the JSON array PostgreSQL makes of it (array_to_json)",
            Kind.ARRAY_AS_JSON,
            Kind.JSON,
            PostgresTypes.intArrays(),
            v -> v));
    cases.add(
        Case.lossy(
            "text[]",
            "the JSON array PostgreSQL makes of it (array_to_json)",
            Kind.ARRAY_AS_JSON,
            Kind.JSON,
            PostgresTypes.textArrays(),
            v -> v));
    return cases;
  }

  /** A bit string as MySQL bytes hold it: the number it spells, big-endian, in whole bytes. */
  private static String bitBytes(String bits) {
    int bytes = Math.max(1, (bits.length() + 7) / 8);
    String hex = new BigInteger(bits.isEmpty() ? "0" : bits, 2).toString(16);
    return ("0".repeat(bytes * 2) + hex).substring(hex.length()).toUpperCase(Locale.ROOT);
  }
}
