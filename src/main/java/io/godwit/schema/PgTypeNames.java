package io.godwit.schema;

import java.util.Map;
import java.util.stream.Collectors;

/** PostgreSQL's internal type names ({@code pg_type.typname}) and how format_type() spells them. */
final class PgTypeNames {

  private static final Map<String, String> SPELLED =
      Map.ofEntries(
          Map.entry("int2", "smallint"),
          Map.entry("int4", "integer"),
          Map.entry("int8", "bigint"),
          Map.entry("float4", "real"),
          Map.entry("float8", "double precision"),
          Map.entry("bool", "boolean"),
          Map.entry("varchar", "character varying"),
          Map.entry("bpchar", "character"),
          Map.entry("varbit", "bit varying"),
          Map.entry("time", "time without time zone"),
          Map.entry("timetz", "time with time zone"),
          Map.entry("timestamp", "timestamp without time zone"),
          Map.entry("timestamptz", "timestamp with time zone"));

  private static final Map<String, String> INTERNAL =
      SPELLED.entrySet().stream().collect(Collectors.toMap(Map.Entry::getValue, Map.Entry::getKey));

  private PgTypeNames() {}

  /** How format_type() spells a type without modifiers ({@code int4} as {@code integer}). */
  static String spelled(String typname) {
    return SPELLED.getOrDefault(typname, typname);
  }

  /** The internal name of a spelled type ({@code character varying} as {@code varchar}). */
  static String internal(String spelled) {
    if (spelled.startsWith("interval")) {
      return "interval";
    }
    return INTERNAL.getOrDefault(spelled, spelled);
  }
}
