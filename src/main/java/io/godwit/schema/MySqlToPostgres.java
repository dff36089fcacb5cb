package io.godwit.schema;

import static io.godwit.schema.MappedType.exact;
import static io.godwit.schema.MappedType.lossy;
import static io.godwit.schema.MappedType.widened;

import io.godwit.engine.Engine;
import io.godwit.schema.MappedType.EnumType;
import io.godwit.schema.TypeOptions.EnumMapping;

/** MySQL and MariaDB types on PostgreSQL. */
final class MySqlToPostgres {

  private static final String UNSIGNED = "unsigned: the target also accepts negative values";
  private static final String UNSIGNED_RANGE =
      "unsigned: PostgreSQL has no unsigned integers, the next larger type holds every value";
  private static final String ENUM_ORDER = "sorts by label, not in declaration order";
  private static final String ZERO_DATES = "zero dates (0000-00-00, or a zero month or day)";

  private MySqlToPostgres() {}

  static RuleSet rules(Engine source, TypeOptions options) {
    return new RuleSet(source)
        .type(
            "tinyint", t -> tinyint(t, options), "tinyint(1)", "tinyint(4)", "tinyint(3) unsigned")
        .type(
            "smallint",
            t -> t.unsigned() ? widened("integer", UNSIGNED_RANGE) : exact("smallint"),
            "smallint(6)",
            "smallint(5) unsigned")
        .type(
            "mediumint",
            t -> widened("integer", "PostgreSQL has no 3-byte integer"),
            "mediumint(9)",
            "mediumint(8) unsigned")
        .type(
            "int",
            t -> t.unsigned() ? widened("bigint", UNSIGNED_RANGE) : exact("integer"),
            "int(11)",
            "int(10) unsigned")
        .column(
            "bigint",
            (table, c) -> bigint(c),
            "bigint(20)",
            "bigint(20) unsigned",
            "bigint(20) unsigned auto_increment")
        .type(
            "decimal",
            t -> signed(t, "numeric(%d,%d)".formatted(t.precision(), t.scale())),
            "decimal(12,2)",
            "decimal(10,0) unsigned")
        .type("float", t -> signed(t, "real"), "float", "float unsigned")
        .type("double", t -> signed(t, "double precision"), "double")
        .type(
            "bit",
            t -> exact(t.length() == 1 ? "boolean" : "bit(" + t.length() + ")"),
            "bit(1)",
            "bit(12)")
        .type(
            "char",
            t ->
                exact(
                    "varchar(" + t.length() + ")",
                    "MySQL strips trailing spaces from char values, so varchar reads back the same"),
            "char(2)")
        .type("varchar", t -> exact("varchar(" + t.length() + ")"), "varchar(255)")
        .type("tinytext text mediumtext longtext", t -> exact("text"))
        .type(
            "binary",
            t -> exact("bytea", "the zero bytes padding binary(n) are copied as data"),
            "binary(16)")
        .type(
            "varbinary tinyblob blob mediumblob longblob",
            t -> exact("bytea"),
            "varbinary(255)",
            "tinyblob",
            "blob",
            "mediumblob",
            "longblob")
        .column("date", (table, c) -> zeroDates(c, "date", options), "date")
        .column(
            "datetime",
            (table, c) -> zeroDates(c, "timestamp(" + fsp(c.type()) + ")", options),
            "datetime",
            "datetime(6)")
        .column(
            "timestamp",
            (table, c) -> zeroDates(c, "timestamptz(" + fsp(c.type()) + ")", options),
            "timestamp",
            "timestamp(3)")
        .type(
            "time",
            t ->
                lossy(
                        "time(" + fsp(t) + ")",
                        "negative times and times of 24:00:00 or more (durations) do not fit")
                    .withRejected(
                        "%1$s < '00:00:00' OR %1$s >= '24:00:00'",
                        "negative times or times of 24:00:00 or more",
                        "store the column as an interval: tables.column-types: {\"%1$s\": interval}"),
            "time",
            "time(3)")
        .type("year", t -> widened("smallint", "PostgreSQL has no year type"))
        .type(
            "json",
            t ->
                lossy(
                    "jsonb",
                    "jsonb normalises documents: whitespace, key order and duplicate keys (the last"
                        + " wins) change; the value stays semantically equal"))
        .column(
            "enum",
            (table, c) -> enumeration(table, c, options.enumMapping()),
            "enum('small','medium','large')")
        .type("set", t -> set(t, options.enumMapping()), "set('red','green','blue')")
        .type(
            "geometry point linestring polygon multipoint multilinestring multipolygon"
                + " geometrycollection geomcollection",
            t ->
                lossy(
                    "bytea",
                    "stored as MySQL's own bytes (a 4-byte little-endian SRID, then WKB), no"
                        + " longer a geometry; with PostGIS set an override to geometry"))
        .type("uuid", t -> exact("uuid"))
        .type(
            "inet6 inet4",
            t -> widened("inet", "inet also accepts the other address family and netmasks"));
  }

  private static MappedType tinyint(ColumnType t, TypeOptions options) {
    if (options.tinyint1AsBoolean() && Integer.valueOf(1).equals(t.length()) && !t.unsigned()) {
      return lossy("boolean", "tinyint(1) as boolean: values other than 0 and 1 become true")
          .withLoss(
              "%1$s NOT IN (0, 1)",
              "values other than 0 and 1, which become true",
              "mapping.tinyint1: smallint, or tables.column-types: {\"%1$s\": smallint}");
    }
    return widened("smallint", "PostgreSQL has no 1-byte integer");
  }

  private static MappedType bigint(Column c) {
    if (!c.type().unsigned()) {
      return exact("bigint");
    }
    if (c.autoIncrement()) {
      return lossy(
              "bigint",
              "auto_increment ids above 9223372036854775807 do not fit; override with numeric(20,0)"
                  + " if ids are that large")
          .withRejected(
              "%1$s > 9223372036854775807",
              "ids above 9223372036854775807",
              "tables.column-types: {\"%1$s\": \"numeric(20,0)\"}");
    }
    return widened("numeric(20,0)", "PostgreSQL has no unsigned 64-bit integer");
  }

  private static MappedType signed(ColumnType t, String sqlType) {
    return t.unsigned() ? widened(sqlType, UNSIGNED) : exact(sqlType);
  }

  private static int fsp(ColumnType t) {
    return t.fractionalSeconds() == null ? 0 : t.fractionalSeconds();
  }

  private static MappedType zeroDates(Column c, String sqlType, TypeOptions options) {
    String predicate = "(MONTH(%1$s) = 0 OR DAYOFMONTH(%1$s) = 0)";
    if (!options.zeroDatesToNull()) {
      return exact(sqlType, ZERO_DATES + " stop the copy unless zero dates are copied as NULL")
          .withRejected(
              predicate,
              ZERO_DATES + ", which stop the copy (mapping.zero-dates: error)",
              "mapping.zero-dates: null to copy them as NULL, or set them to real dates on the"
                  + " source");
    }
    String note = ZERO_DATES + " become NULL";
    if (c.nullable()) {
      return lossy(sqlType, note)
          .withLoss(
              predicate,
              ZERO_DATES + ", which become NULL",
              "none if NULL is right for them; else set them to real dates on the source");
    }
    return lossy(sqlType, note + ", which this NOT NULL column rejects")
        .withRejected(
            predicate,
            ZERO_DATES + ", which become NULL, refused by this NOT NULL column",
            "set them to real dates on the source, or make %1$s nullable there");
  }

  private static MappedType enumeration(Table table, Column c, EnumMapping mapping) {
    var labels = c.type().values();
    return switch (mapping) {
      case CHECK -> exact("text", ENUM_ORDER).withCheck("%s IN (" + SqlText.pgLabels(labels) + ")");
      case NATIVE -> {
        String name = SqlText.fitName(table.name() + "_" + c.name(), 63);
        yield exact(name).withEnumType(new EnumType(name, labels));
      }
      case TEXT -> widened("text", "labels are not enforced; " + ENUM_ORDER);
    };
  }

  private static MappedType set(ColumnType t, EnumMapping mapping) {
    if (mapping == EnumMapping.TEXT) {
      return widened("text", "comma-separated labels, not enforced");
    }
    return exact("text", "comma-separated labels")
        .withCheck(
            "%1$s = '' OR string_to_array(%1$s, ',') <@ ARRAY["
                + SqlText.pgLabels(t.values())
                + "]::text[]");
  }
}
