package io.godwit.fidelity;

import io.godwit.engine.Engine;
import java.util.ArrayList;
import java.util.List;

/** Every type kept as declared: every value, infinities and BC dates included, prints the same. */
class PostgresToPostgresFidelityIT extends FidelityIT {

  @Override
  Engine source() {
    return Engine.POSTGRESQL;
  }

  @Override
  Engine target() {
    return Engine.POSTGRESQL;
  }

  @Override
  List<String> sourceSetup() {
    return List.of(
        PostgresTypes.SETUP,
        "CREATE DOMAIN email AS text CHECK (VALUE LIKE '%@%')",
        "CREATE DOMAIN hundreds AS numeric(5,-2)");
  }

  @Override
  List<Case> cases() {
    List<Case> cases = new ArrayList<>();
    cases.add(Case.exact("smallint", Kind.NUMBER, Gen.integers(-32768, 32767)));
    cases.add(
        Case.exact("integer", Kind.NUMBER, Gen.integers(Integer.MIN_VALUE, Integer.MAX_VALUE)));
    cases.add(Case.exact("bigint", Kind.NUMBER, Gen.integers(Long.MIN_VALUE, Long.MAX_VALUE)));
    cases.add(Case.exact("oid", Kind.PLAIN, Gen.integers(0, 4294967295L)));
    cases.add(Case.exact("numeric(12,2)", Kind.PLAIN, Gen.decimals(12, 2, true)));
    cases.add(Case.exact("numeric(80,40)", Kind.PLAIN, Gen.decimals(80, 40, true)));
    cases.add(Case.exact("numeric(5,-2)", Kind.PLAIN, Gen.decimals(5, -2, true)));
    cases.add(Case.exact("numeric(3,5)", Kind.PLAIN, Gen.decimals(3, 5, true)));
    cases.add(
        Case.exact(
            "numeric",
            Kind.PLAIN,
            Gen.of(
                "0", "1.50", "-0.000000000000000000000000000000000000000001", "'NaN'", "1e100")));
    cases.add(Case.exact("real", Kind.PLAIN, Gen.floats(true)));
    cases.add(Case.exact("double precision", Kind.PLAIN, Gen.doubles(true)));
    cases.add(Case.exact("boolean", Kind.PLAIN, Gen.of("true", "false")));
    cases.add(Case.exact("varchar(40)", Kind.TEXT, Gen.strings(40, false, true)));
    cases.add(Case.exact("text", Kind.TEXT, Gen.strings(1000, false, true)));
    cases.add(Case.exact("char(3)", Kind.PLAIN, Gen.strings(3, false, true)));
    cases.add(Case.exact("bytea", Kind.BYTES, Gen.bytes(1000)));
    cases.add(
        Case.exact(
            "date",
            Kind.PLAIN,
            (e, r) -> {
              List<String> out =
                  new ArrayList<>(Gen.dates("0001-01-01", "9999-12-31").literals(e, r));
              out.addAll(
                  List.of("'infinity'", "'-infinity'", "'4713-01-01 BC'", "'5874897-12-31'"));
              return out;
            }));
    for (int p = 0; p <= 6; p++) {
      cases.add(Case.exact("timestamp(%d)".formatted(p), Kind.PLAIN, timestamps(p)));
      cases.add(Case.exact("timestamptz(%d)".formatted(p), Kind.PLAIN, timestamps(p)));
    }
    for (int p : new int[] {0, 3, 6}) {
      cases.add(Case.exact("time(%d)".formatted(p), Kind.PLAIN, Gen.times(p, false)));
    }
    cases.add(
        Case.lossy(
            "timetz",
            "the same time in UTC, offset +00",
            Kind.PLAIN,
            Kind.PLAIN,
            PostgresTypes.timetz(),
            v -> PostgresTypes.utcTimeOfDay(v) + "+00"));
    cases.add(Case.exact("interval", Kind.PLAIN, PostgresTypes.intervals()));
    cases.add(Case.exact("json", Kind.TEXT, Gen.json()));
    cases.add(Case.exact("jsonb", Kind.PLAIN, Gen.json()));
    cases.add(Case.exact("uuid", Kind.PLAIN, PostgresTypes.uuids()));
    cases.add(Case.exact("inet", Kind.PLAIN, PostgresTypes.addresses()));
    cases.add(Case.exact("cidr", Kind.PLAIN, PostgresTypes.networks()));
    cases.add(Case.exact("macaddr", Kind.PLAIN, PostgresTypes.macs()));
    cases.add(Case.exact("macaddr8", Kind.PLAIN, PostgresTypes.macs8()));
    cases.add(Case.exact("bit(1)", Kind.PLAIN, Gen.bits(1, false)));
    cases.add(Case.exact("bit(12)", Kind.PLAIN, Gen.bits(12, false)));
    cases.add(Case.exact("bit varying(12)", Kind.PLAIN, Gen.bits(12, true)));
    cases.add(Case.exact("money", Kind.MONEY, PostgresTypes.money()));
    cases.add(Case.exact("xml", Kind.PLAIN, PostgresTypes.xml()));
    cases.add(Case.exact("mood", Kind.PLAIN, PostgresTypes.moods()));
    cases.add(Case.exact("email", Kind.TEXT, Gen.of("'a@b'", "'@'", "'x y@z '")));
    cases.add(Case.exact("hundreds", Kind.PLAIN, Gen.decimals(5, -2, true)));
    cases.add(Case.exact("int4range", Kind.PLAIN, Gen.of("'[1,10)'", "'empty'", "'(,5]'")));
    cases.add(Case.exact("int8range", Kind.PLAIN, Gen.of("'[1,10)'", "'(,)'")));
    cases.add(Case.exact("numrange", Kind.PLAIN, Gen.of("'[1.5,2.25]'")));
    cases.add(Case.exact("tsrange", Kind.PLAIN, Gen.of("'[2020-01-01 00:00,2020-01-02 00:00)'")));
    cases.add(Case.exact("tstzrange", Kind.PLAIN, Gen.of("'[2020-01-01 00:00+00,infinity)'")));
    cases.add(Case.exact("daterange", Kind.PLAIN, Gen.of("'[2020-01-01,2020-02-01)'")));
    cases.add(Case.exact("tsvector", Kind.PLAIN, Gen.of("'a fat cat'", "'x:1A y:2'")));
    cases.add(Case.exact("\"char\"", Kind.PLAIN, Gen.of("'a'", "'Z'")));
    cases.add(Case.exact("integer[]", Kind.PLAIN, PostgresTypes.intArrays()));
    cases.add(Case.exact("text[]", Kind.PLAIN, PostgresTypes.textArrays()));
    return cases;
  }

  /** The full range: year 1, BC and the infinities. */
  private static Gen timestamps(int p) {
    return (e, r) -> {
      List<String> out =
          new ArrayList<>(
              Gen.datetimes(p, "0001-01-01 00:00:00", "9999-12-31 23:59:59").literals(e, r));
      out.addAll(List.of("'infinity'", "'-infinity'", "'0044-03-15 12:00:00 BC'"));
      return out;
    };
  }
}
