package io.godwit.schema;

import java.util.List;
import java.util.Set;

/**
 * A column's type as the source catalog describes it.
 *
 * @param name base type name, lower case, as the engine spells it ({@code varchar}, {@code int},
 *     {@code numeric}, {@code timestamp with time zone}); for PostgreSQL arrays the element type
 * @param fullType the type exactly as the engine prints it ({@code int(10) unsigned}, {@code
 *     character varying(40)}), used for same-engine copies
 * @param length character or binary length, or display width for MySQL integers; null if none
 * @param precision numeric precision; null if none (PostgreSQL {@code numeric} without one)
 * @param scale numeric scale; null if none
 * @param fractionalSeconds fractional-second digits of time types; null if none
 * @param unsigned MySQL {@code UNSIGNED}
 * @param values the labels of an {@code enum} or {@code set}, else empty
 * @param arrayDimensions PostgreSQL array dimensions, 0 for a scalar
 */
public record ColumnType(
    String name,
    String fullType,
    Integer length,
    Integer precision,
    Integer scale,
    Integer fractionalSeconds,
    boolean unsigned,
    List<String> values,
    int arrayDimensions) {

  /**
   * MySQL's and MariaDB's spatial types, by the names their catalogs give: MySQL 8 calls {@code
   * GEOMETRYCOLLECTION} {@code geomcollection}.
   */
  private static final Set<String> MYSQL_SPATIAL =
      Set.of(
          "geometry",
          "point",
          "linestring",
          "polygon",
          "multipoint",
          "multilinestring",
          "multipolygon",
          "geometrycollection",
          "geomcollection");

  public ColumnType {
    values = List.copyOf(values);
  }

  public static ColumnType of(String name) {
    return new ColumnType(name, name, null, null, null, null, false, List.of(), 0);
  }

  /** A MySQL or MariaDB spatial type name (stored as WKB with an SRID prefix). */
  public static boolean isMySqlSpatial(String name) {
    return MYSQL_SPATIAL.contains(name);
  }

  public boolean isArray() {
    return arrayDimensions > 0;
  }
}
