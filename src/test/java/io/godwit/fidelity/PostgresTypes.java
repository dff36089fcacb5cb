package io.godwit.fidelity;

import java.time.LocalTime;
import java.time.OffsetTime;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.List;

/**
 * PostgreSQL's column types, from its documentation (chapter "Data Types"), with the variants that
 * change how a value is encoded: precision of numerics and of fractional seconds, fixed and varying
 * bit strings, json and jsonb, arrays, enums.
 */
final class PostgresTypes {

  private PostgresTypes() {}

  /** The enum type the cases use, created on the source first. */
  static final String SETUP = "CREATE TYPE mood AS ENUM ('happy', 'sad', 'so-so', '')";

  static Gen moods() {
    return Gen.of("'happy'", "'sad'", "'so-so'", "''");
  }

  static Gen intervals() {
    return Gen.of(
        "'1 year 2 mons 3 days 04:05:06'",
        "'0'",
        "'-1 year'",
        "'1 day -01:00:00'",
        "'00:00:00.000001'",
        "'178000000 years'",
        "'-100000:00:54.775807'",
        "'3 mons -20 days 00:00:01.5'");
  }

  static Gen timetz() {
    return Gen.of(
        "'10:00:00+05:30'",
        "'10:00:00.5+05:30'",
        "'23:59:59.999999-12'",
        "'00:00:00+00'",
        "'12:34:56.000001+14'",
        "'01:02:03-03:30'");
  }

  /**
   * A timetz as PostgreSQL prints it ({@code 10:00:00.5+05:30}) as the time of day in UTC, printed
   * as PostgreSQL prints a time ({@code 04:30:00.5}).
   */
  static String utcTimeOfDay(String pgText) {
    String iso = pgText.matches(".*[+-]\\d\\d$") ? pgText + ":00" : pgText;
    LocalTime utc = OffsetTime.parse(iso).withOffsetSameInstant(ZoneOffset.UTC).toLocalTime();
    String text = utc.format(DateTimeFormatter.ofPattern("HH:mm:ss.SSSSSS"));
    return text.replaceFirst("\\.?0+$", "");
  }

  static Gen uuids() {
    return Gen.of(
        "'00000000-0000-0000-0000-000000000000'",
        "'123e4567-e89b-12d3-a456-426614174000'",
        "'ffffffff-ffff-ffff-ffff-ffffffffffff'",
        "gen_random_uuid()",
        "gen_random_uuid()");
  }

  static Gen addresses() {
    return Gen.of("'127.0.0.1'", "'10.0.0.0/8'", "'::1'", "'2001:db8::/32'", "'192.168.1.5/24'");
  }

  static Gen networks() {
    return Gen.of("'10.0.0.0/8'", "'2001:db8::/32'", "'192.168.1.0/24'", "'127.0.0.1/32'");
  }

  static Gen macs() {
    return Gen.of("'08:00:2b:01:02:03'", "'00:00:00:00:00:00'", "'ff:ff:ff:ff:ff:ff'");
  }

  static Gen macs8() {
    return Gen.of("'08:00:2b:01:02:03:04:05'", "'00:00:00:00:00:00:00:00'");
  }

  static Gen money() {
    return Gen.of("'0'", "'12.34'", "'-92233720368547758.08'", "'92233720368547758.07'", "'0.01'");
  }

  static Gen intArrays() {
    return Gen.of(
        "ARRAY[1, 2, 3]",
        "'{}'::integer[]",
        "ARRAY[NULL, -2147483648, 2147483647]::integer[]",
        "ARRAY[0]");
  }

  static Gen textArrays() {
    return (e, r) -> {
      List<String> out = new ArrayList<>();
      out.add("'{}'::text[]");
      out.add("ARRAY['a', 'b c', '', NULL]::text[]");
      for (String s : Gen.strings(20, false, true).literals(e, r)) {
        out.add("ARRAY[" + s + ", " + s + "]");
      }
      return out;
    };
  }

  static Gen xml() {
    return Gen.of("'<a>1</a>'", "'<a b=\"c\"/>'", "'text only'", "'<?xml version=\"1.0\"?><r/>'");
  }
}
