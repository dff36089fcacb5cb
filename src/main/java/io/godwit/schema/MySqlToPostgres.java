package io.godwit.schema;

import static io.godwit.schema.MappedType.exact;
import static io.godwit.schema.MappedType.lossy;
import static io.godwit.schema.MappedType.widened;

import io.godwit.engine.Engine;
import io.godwit.schema.MappedType.EnumType;
import io.godwit.schema.TypeOptions.EnumMapping;
import java.math.BigInteger;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/** MySQL and MariaDB types on PostgreSQL. */
final class MySqlToPostgres {

  private static final String UNSIGNED = "unsigned: the target also accepts negative values";
  private static final String UNSIGNED_RANGE =
      "unsigned: PostgreSQL has no unsigned integers, the next larger type holds every value";
  private static final String ENUM_ORDER = "sorts by label, not in declaration order";
  private static final String ZERO_DATES = "zero dates (0000-00-00, or a zero month or day)";
  private static final String NAN = "NaN";
  private static final String FLOAT_SPECIALS = "NaN and Infinity";
  private static final String NEGATIVE = "negative values";

  /**
   * PostgreSQL dates run from 4713 BC to 5874897 AD and take infinity; MySQL's from year 0 to 9999.
   */
  private static final String DATE_RANGE = "BC dates, years after 9999 and infinity";

  /**
   * A PostgreSQL text value holds at most 1 GB, more than every MySQL type but longtext and
   * longblob.
   */
  private static final String LONGER = "values longer than %s";

  private MySqlToPostgres() {}

  static RuleSet rules(Engine source, TypeOptions options) {
    return new RuleSet(source)
        .type(
            "tinyint", t -> tinyint(t, options), "tinyint(1)", "tinyint(4)", "tinyint(3) unsigned")
        .type(
            "smallint",
            t ->
                t.unsigned()
                    ? widened("integer", UNSIGNED_RANGE, outside(0, 65535))
                    : exact("smallint"),
            "smallint(6)",
            "smallint(5) unsigned")
        .type(
            "mediumint",
            t ->
                widened(
                    "integer",
                    "PostgreSQL has no 3-byte integer",
                    t.unsigned() ? outside(0, 16777215) : outside(-8388608, 8388607)),
            "mediumint(9)",
            "mediumint(8) unsigned")
        .type(
            "int",
            t ->
                t.unsigned()
                    ? widened("bigint", UNSIGNED_RANGE, outside(0, 4294967295L))
                    : exact("integer"),
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
            t -> signed(t, "numeric(%d,%d)".formatted(t.precision(), t.scale()), NAN),
            "decimal(12,2)",
            "decimal(10,0) unsigned")
        .type("float", t -> signed(t, "real", FLOAT_SPECIALS), "float", "float unsigned")
        .type("double", t -> signed(t, "double precision", FLOAT_SPECIALS), "double")
        .type(
            "bit",
            t -> exact(t.length() == 1 ? "boolean" : "bit(" + t.length() + ")"),
            "bit(1)",
            "bit(12)")
        .column(
            "char",
            (table, c) ->
                text(
                    table,
                    c,
                    exact(
                            "varchar(" + c.type().length() + ")",
                            "MySQL strips trailing spaces from char values, so varchar reads back"
                                + " the same")
                        .notBack("values ending in spaces, which MySQL char strips")),
            "char(2) character set utf8mb4")
        .column(
            "varchar",
            (table, c) -> text(table, c, exact("varchar(" + c.type().length() + ")")),
            "varchar(255) character set utf8mb4",
            "varchar(255) character set utf8mb3",
            "varchar(255) character set latin1",
            "varchar(20) character set utf8mb4 collate utf8mb4_general_ci primary key",
            "varchar(20) character set utf8mb4 collate utf8mb4_nopad_bin primary key",
            "varchar(20) character set utf8mb4 collate utf8mb4_0900_ai_ci primary key")
        .column(
            "tinytext text mediumtext",
            (table, c) ->
                text(table, c, exact("text").notBack(LONGER.formatted(maxBytes(c.type().name())))),
            "tinytext character set utf8mb4",
            "text character set utf8mb4",
            "mediumtext character set utf8mb4")
        .column(
            "longtext",
            (table, c) -> text(table, c, exact("text")),
            "longtext character set utf8mb4")
        .type(
            "binary",
            t ->
                exact("bytea", "the zero bytes padding binary(n) are copied as data")
                    .notBack("values of any other length than " + t.length() + " bytes"),
            "binary(16)")
        .type(
            "varbinary",
            t -> exact("bytea").notBack(LONGER.formatted(t.length() + " bytes")),
            "varbinary(255)")
        .type(
            "tinyblob blob mediumblob",
            t -> exact("bytea").notBack(LONGER.formatted(maxBytes(t.name()))),
            "tinyblob",
            "blob",
            "mediumblob")
        .type("longblob", t -> exact("bytea"))
        .column("date", (table, c) -> zeroDates(c, "date", options), "date")
        .column(
            "datetime",
            (table, c) -> zeroDates(c, "timestamp(" + fsp(c.type()) + ")", options),
            "datetime",
            "datetime(6)")
        .column(
            "timestamp",
            (table, c) ->
                zeroDates(c, "timestamptz(" + fsp(c.type()) + ")", options)
                    .notBack(
                        "instants before 1970-01-01 00:00:01 UTC or after 2038-01-19 03:14:07 UTC"
                            + " (the range of MySQL timestamp), and infinity"),
            "timestamp",
            "timestamp(3)")
        .type(
            "time",
            t ->
                lossy(
                        "time(" + fsp(t) + ")",
                        "negative times and times of 24:00:00 or more (durations) do not fit",
                        Reversibility.REVERSIBLE)
                    .withRejected(
                        "%1$s < '00:00:00' OR %1$s >= '24:00:00'",
                        "negative times or times of 24:00:00 or more",
                        "store the column as an interval: tables.column-types: {\"%1$s\": interval}"),
            "time",
            "time(3)")
        .type(
            "year",
            t ->
                widened(
                    "smallint",
                    "PostgreSQL has no year type",
                    "values other than 0 and 1901 to 2155"))
        .type(
            "json",
            t ->
                lossy(
                    "jsonb",
                    "jsonb normalises documents: whitespace, key order and duplicate keys (the last"
                        + " wins) change; the value stays semantically equal",
                    source == Engine.MARIADB
                        ? Reversibility.REVERSIBLE
                        : Reversibility.not(
                            "numbers beyond double precision, which MySQL json rounds")))
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
                        + " longer a geometry; with PostGIS set an override to geometry",
                    Reversibility.not("bytes that are not a valid geometry of the column's kind")))
        .type("uuid", t -> exact("uuid").notBack(PostgresToMySql.MARIADB_REFUSED_UUIDS))
        .type(
            "inet6 inet4",
            t ->
                widened(
                    "inet",
                    "inet also accepts the other address family and netmasks",
                    "addresses of the other family and addresses with a netmask"));
  }

  private static MappedType tinyint(ColumnType t, TypeOptions options) {
    if (options.tinyint1AsBoolean() && Integer.valueOf(1).equals(t.length()) && !t.unsigned()) {
      return lossy(
              "boolean",
              "tinyint(1) as boolean: values other than 0 and 1 become true",
              Reversibility.REVERSIBLE)
          .withLoss(
              "%1$s NOT IN (0, 1)",
              "values other than 0 and 1, which become true",
              "mapping.tinyint1: smallint, or tables.column-types: {\"%1$s\": smallint}");
    }
    return widened(
        "smallint",
        "PostgreSQL has no 1-byte integer",
        t.unsigned() ? outside(0, 255) : outside(-128, 127));
  }

  private static MappedType bigint(Column c) {
    if (!c.type().unsigned()) {
      return exact("bigint");
    }
    if (c.autoIncrement()) {
      return lossy(
              "bigint",
              "auto_increment ids above 9223372036854775807 do not fit; override with numeric(20,0)"
                  + " if ids are that large",
              Reversibility.not(NEGATIVE))
          .withRejected(
              "%1$s > 9223372036854775807",
              "ids above 9223372036854775807",
              "tables.column-types: {\"%1$s\": \"numeric(20,0)\"}");
    }
    return widened(
        "numeric(20,0)",
        "PostgreSQL has no unsigned 64-bit integer",
        outside(BigInteger.ZERO, BigInteger.ONE.shiftLeft(64).subtract(BigInteger.ONE)));
  }

  /** A signed type kept, or an unsigned one whose target also takes negative numbers. */
  private static MappedType signed(ColumnType t, String sqlType, String specials) {
    return t.unsigned()
        ? widened(sqlType, UNSIGNED, NEGATIVE + " and " + specials)
        : exact(sqlType).notBack(specials);
  }

  private static String outside(long min, long max) {
    return outside(BigInteger.valueOf(min), BigInteger.valueOf(max));
  }

  private static String outside(BigInteger min, BigInteger max) {
    return min.signum() == 0
        ? "values above %s or below 0".formatted(max)
        : "values outside %s to %s".formatted(min, max);
  }

  /**
   * Text on PostgreSQL (a UTF-8 database, compared byte by byte in its keys) goes back whole only
   * to a column whose character set holds every character, and, in a key, whose collation tells
   * apart every two values PostgreSQL's key does.
   */
  private static MappedType text(Table table, Column c, MappedType type) {
    List<String> reasons = new ArrayList<>();
    if (!type.back().reversible()) {
      reasons.add(type.back().reason());
    }
    String charset = c.charset() == null ? "" : c.charset().toLowerCase(Locale.ROOT);
    switch (charset) {
      case "utf8mb4" -> {}
      case "utf8", "utf8mb3" ->
          reasons.add("characters outside the Basic Multilingual Plane (emoji)");
      case "" -> reasons.add("characters the column's character set lacks");
      default -> reasons.add("characters that " + charset + " lacks");
    }
    if (PostgresToMySql.isKey(table, c)) {
      String equal = keyEquality(c.collation());
      if (!equal.isEmpty()) {
        reasons.add(
            "key values that differ only in %s, which collation %s compares as equal (a duplicate"
                    .formatted(equal, c.collation())
                + " key on the source)");
      }
    }
    return reasons.isEmpty() ? type : type.notBack(String.join("; ", reasons));
  }

  /**
   * What a MySQL collation ignores when it compares: letter case and accents ({@code _ci}, {@code
   * _ai}), trailing spaces (PAD SPACE: every collation but MySQL's {@code _0900_} ones and
   * MariaDB's {@code _nopad_} ones); empty for one that compares bytes.
   */
  private static String keyEquality(String collation) {
    if (collation == null) {
      return "what the column's collation ignores";
    }
    String name = collation.toLowerCase(Locale.ROOT);
    List<String> ignored = new ArrayList<>();
    if (name.endsWith("_ci") || name.contains("_ai_") || name.endsWith("_ai")) {
      ignored.add("letter case or accents");
    }
    if (!name.contains("_0900_") && !name.contains("_nopad_") && !name.equals("binary")) {
      ignored.add("trailing spaces");
    }
    return String.join(" or ", ignored);
  }

  /** The most a MySQL text or blob type holds. */
  private static String maxBytes(String type) {
    return switch (type) {
      case "tinytext", "tinyblob" -> "255 bytes";
      case "text", "blob" -> "65535 bytes";
      default -> "16 MB";
    };
  }

  private static int fsp(ColumnType t) {
    return t.fractionalSeconds() == null ? 0 : t.fractionalSeconds();
  }

  private static MappedType zeroDates(Column c, String sqlType, TypeOptions options) {
    String predicate = "(MONTH(%1$s) = 0 OR DAYOFMONTH(%1$s) = 0)";
    if (!options.zeroDatesToNull()) {
      return exact(sqlType, ZERO_DATES + " stop the copy unless zero dates are copied as NULL")
          .notBack(DATE_RANGE)
          .withRejected(
              predicate,
              ZERO_DATES + ", which stop the copy (mapping.zero-dates: error)",
              "mapping.zero-dates: null to copy them as NULL, or set them to real dates on the"
                  + " source");
    }
    String note = ZERO_DATES + " become NULL";
    if (c.nullable()) {
      return lossy(sqlType, note, Reversibility.not(DATE_RANGE))
          .withLoss(
              predicate,
              ZERO_DATES + ", which become NULL",
              "none if NULL is right for them; else set them to real dates on the source");
    }
    return lossy(
            sqlType, note + ", which this NOT NULL column rejects", Reversibility.not(DATE_RANGE))
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
      case TEXT ->
          widened("text", "labels are not enforced; " + ENUM_ORDER, "text other than the labels");
    };
  }

  private static MappedType set(ColumnType t, EnumMapping mapping) {
    if (mapping == EnumMapping.TEXT) {
      return widened(
          "text", "comma-separated labels, not enforced", "text other than a list of the labels");
    }
    return exact("text", "comma-separated labels")
        .notBack("labels out of declaration order or repeated, which MySQL sorts and keeps once")
        .withCheck(
            "%1$s = '' OR string_to_array(%1$s, ',') <@ ARRAY["
                + SqlText.pgLabels(t.values())
                + "]::text[]");
  }
}
