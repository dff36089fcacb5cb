package io.godwit.schema;

import static io.godwit.schema.MappedType.exact;
import static io.godwit.schema.MappedType.lossy;
import static io.godwit.schema.MappedType.widened;

import io.godwit.engine.Engine;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Collectors;

/** PostgreSQL types on MySQL and MariaDB. */
final class PostgresToMySql {

  /** InnoDB keys hold at most 3072 bytes: 768 utf8mb4 characters. */
  static final int KEY_CHARS = 768;

  private static final String DATE_RANGE =
      "MySQL dates end at 9999-12-31: BC dates, later years and infinity do not fit";
  private static final String TEXT_FORM = "stored as text, not validated";
  private static final String OUT_OF_RANGE = "BC dates, years after 9999 or infinity";
  private static final String TOO_LARGE =
      "values with more than %d integer digits, NaN or infinity";
  private static final String ROUNDED = "values with more than %d decimals, which are rounded";
  private static final String ROUNDED_FIX = "none if the rounding is acceptable";
  private static final String CHANGE_ON_SOURCE =
      "change those rows on the source: MySQL cannot hold them";

  /** MySQL text can hold NUL characters, PostgreSQL text cannot. */
  private static final String NUL = "text containing NUL characters";

  /**
   * MySQL takes zero dates (0000-00-00, a zero month or day) unless its sql_mode has NO_ZERO_DATE
   * and NO_ZERO_IN_DATE (MariaDB's default has neither), and year 0, which PostgreSQL has not.
   */
  private static final String ZERO_DATES = "zero dates (a zero year, month or day)";

  private static final String AS_TEXT = "text that is not a valid %s";

  /**
   * What MariaDB's uuid type refuses: a version byte (the 7th) of 0x80 or more while the 9th byte
   * is 0x01 to 0x80 (MariaDB's {@code m_buffer[6] & -m_buffer[8] & 0x80}).
   */
  static final String MARIADB_REFUSED_UUIDS =
      "uuids whose version digit is 8 to f while their fourth group starts with 01 to 80, which"
          + " MariaDB's uuid type refuses";

  private static final String MYSQL_JSON =
      "date, time and binary scalars of MySQL json (from CAST or JSON functions), which go back as"
          + " plain strings";

  private PostgresToMySql() {}

  static RuleSet rules(Engine target) {
    boolean mariaDb = target == Engine.MARIADB;
    return new RuleSet(Engine.POSTGRESQL)
        .type("int2", t -> exact("smallint"), "smallint")
        .type("int4", t -> exact("int"), "integer")
        .type("int8", t -> exact("bigint"), "bigint")
        .type(
            "numeric",
            PostgresToMySql::numeric,
            "numeric(12,2)",
            "numeric",
            "numeric(80,10)",
            "numeric(20,40)",
            "numeric(5,-2)",
            "numeric(3,5)")
        .type("float4", t -> exact("float"), "real")
        .type("float8", t -> exact("double"), "double precision")
        .type(
            "bool",
            t ->
                widened(
                    "tinyint(1)",
                    "MySQL has no boolean; tinyint(1) also accepts -128..127",
                    "values other than 0 and 1"),
            "boolean")
        .column(
            "varchar text",
            (table, c) -> string(table, c, false),
            "character varying(40)",
            "character varying(20000)",
            "character varying",
            "text",
            "text primary key")
        .column(
            "bpchar",
            (table, c) -> string(table, c, true),
            "character(2)",
            "character(300)",
            "bpchar")
        .column("bytea", PostgresToMySql::bytea, "bytea", "bytea primary key")
        .type(
            "date",
            t ->
                lossy("date", DATE_RANGE, Reversibility.not(ZERO_DATES))
                    .withRejected(
                        "%1$s < '0001-01-01' OR %1$s >= '10000-01-01'",
                        OUT_OF_RANGE, CHANGE_ON_SOURCE),
            "date")
        .type(
            "timestamp",
            t ->
                lossy("datetime(" + fsp(t) + ")", DATE_RANGE, Reversibility.not(ZERO_DATES))
                    .withRejected(
                        "%1$s < '0001-01-01' OR %1$s >= '10000-01-01'",
                        OUT_OF_RANGE, CHANGE_ON_SOURCE),
            "timestamp without time zone",
            "timestamp(3) without time zone")
        .type(
            "timestamptz",
            t ->
                lossy(
                        "datetime(" + fsp(t) + ")",
                        "stored as a UTC datetime, the offset dropped (MySQL timestamp ends in"
                            + " 2038); "
                            + DATE_RANGE,
                        Reversibility.not(ZERO_DATES))
                    .withRejected(
                        "%1$s < '0001-01-01 00:00:00+00' OR %1$s >= '10000-01-01 00:00:00+00'",
                        OUT_OF_RANGE, CHANGE_ON_SOURCE),
            "timestamp with time zone")
        .type(
            "time",
            t ->
                widened(
                    "time(" + fsp(t) + ")",
                    "MySQL time also accepts negative and longer times",
                    "negative times and times past 24:00:00"),
            "time without time zone")
        .type(
            "timetz",
            t ->
                lossy(
                        "time(" + fsp(t) + ")",
                        "stored as the time of day in UTC, the offset dropped (10:00+05:30 as 04:30)",
                        Reversibility.not("negative times and times past 24:00:00"))
                    .withLoss(
                        "EXTRACT(timezone FROM %1$s) <> 0",
                        "times with an offset other than +00, which arrive as UTC times without it",
                        "keep the offset in a column of its own on the source if the application"
                            + " needs it"),
            "time with time zone")
        .type(
            "interval",
            t ->
                lossy(
                    "varchar(64)",
                    "stored as ISO 8601 text such as P1Y2M3DT4H5M6S",
                    Reversibility.not(AS_TEXT.formatted("interval"))),
            "interval")
        .type(
            "json",
            t ->
                mariaDb
                    ? exact("json", "MariaDB json is text checked by json_valid: kept as written")
                    : lossy(
                        "json",
                        "MySQL normalises JSON: key order and duplicate keys (the last wins) change,"
                            + " numbers beyond double precision are rounded",
                        Reversibility.not(MYSQL_JSON)),
            "json")
        .type(
            "jsonb",
            t ->
                mariaDb
                    ? exact("json")
                        .notBack(
                            "documents whose whitespace, key order or duplicate keys jsonb"
                                + " normalises")
                    : lossy(
                        "json",
                        "MySQL stores JSON numbers as doubles: long ones are rounded",
                        Reversibility.not(MYSQL_JSON)),
            "jsonb")
        .type(
            "uuid",
            t ->
                mariaDb
                    ? lossy(
                            "uuid",
                            "MariaDB's uuid type refuses some uuids PostgreSQL takes; plan counts"
                                + " them, char(36) holds every uuid",
                            Reversibility.REVERSIBLE)
                        .withRejected(
                            "get_byte(uuid_send(%1$s), 6) >= 128"
                                + " AND get_byte(uuid_send(%1$s), 8) BETWEEN 1 AND 128",
                            MARIADB_REFUSED_UUIDS,
                            "tables.column-types: {\"%1$s\": \"char(36)\"}, which holds every"
                                + " uuid as text")
                    : widened(
                        "char(36)",
                        "MySQL has no uuid type; " + TEXT_FORM,
                        AS_TEXT.formatted("uuid")),
            "uuid")
        .type(
            "inet cidr",
            t -> widened("varchar(43)", TEXT_FORM, AS_TEXT.formatted(t.name())),
            "inet",
            "cidr")
        .type(
            "macaddr",
            t -> widened("varchar(17)", TEXT_FORM, AS_TEXT.formatted("macaddr")),
            "macaddr")
        .type(
            "macaddr8",
            t -> widened("varchar(23)", TEXT_FORM, AS_TEXT.formatted("macaddr8")),
            "macaddr8")
        .type("bit", PostgresToMySql::bit, "bit(1)", "bit(12)", "bit(100)")
        .type("varbit", PostgresToMySql::varbit, "bit varying(12)", "bit varying")
        .type(
            "money",
            t ->
                lossy(
                        "decimal(19,2)",
                        "money depends on lc_monetary; copied with 2 decimals",
                        Reversibility.not(
                            "amounts outside -92233720368547758.08 to 92233720368547758.07"))
                    .withLoss(
                        "%1$s::numeric <> round(%1$s::numeric, 2)",
                        "amounts with more than 2 decimals, which are rounded",
                        "tables.column-types: {\"%1$s\": \"decimal(19,4)\"}"),
            "money")
        .type("xml", t -> widened("longtext", TEXT_FORM, AS_TEXT.formatted("xml document")), "xml")
        .type("oid", t -> exact("int unsigned"), "oid")
        .type(RuleSet.ENUM_TYPE, PostgresToMySql::enumType, "mood('happy','sad')", "mood('ok ')")
        .type(
            RuleSet.ARRAY,
            t ->
                lossy(
                    "json",
                    "the array is stored as a JSON array",
                    Reversibility.not("JSON other than an array of the element type")),
            "integer[]",
            "text[]");
  }

  private static int fsp(ColumnType t) {
    return t.fractionalSeconds() == null ? 6 : t.fractionalSeconds();
  }

  private static MappedType numeric(ColumnType t) {
    if (t.precision() == null) {
      return lossy(
              "decimal(65,30)",
              "numeric without precision: values with more than 35 integer digits do not fit and"
                  + " decimals beyond 30 are rounded",
              Reversibility.REVERSIBLE)
          .withRejected(tooLarge(35), TOO_LARGE.formatted(35), CHANGE_ON_SOURCE)
          .withLoss(rounded(30), ROUNDED.formatted(30), ROUNDED_FIX);
    }
    int p = t.precision();
    int s = t.scale();
    int scale = Math.min(Math.max(s, 0), 30);
    int precision = Math.min(Math.max(p - s, 0) + scale, 65);
    String sqlType = "decimal(%d,%d)".formatted(precision, scale);
    if (precision == p && scale == s) {
      return exact(sqlType);
    }
    if (precision - scale >= p - s && scale >= s) {
      return widened(
          sqlType,
          "MySQL decimal needs a scale from 0 to the precision",
          numericBack(p - s, s, precision - scale, scale).reason());
    }
    return lossy(
            sqlType,
            "MySQL decimal holds 65 digits and 30 decimals: values with more than %d integer digits do not fit and decimals beyond %d are rounded"
                .formatted(precision - scale, scale),
            numericBack(p - s, s, precision - scale, scale))
        .withRejected(
            tooLarge(precision - scale), TOO_LARGE.formatted(precision - scale), CHANGE_ON_SOURCE)
        .withLoss(rounded(scale), ROUNDED.formatted(scale), ROUNDED_FIX);
  }

  /**
   * Which MySQL decimals a PostgreSQL numeric with {@code sourceDigits} integer digits (negative:
   * the value is below 1e-n) and {@code sourceScale} decimals (negative: rounded to tens, hundreds)
   * cannot take back.
   */
  private static Reversibility numericBack(
      int sourceDigits, int sourceScale, int targetDigits, int targetScale) {
    List<String> parts = new ArrayList<>();
    if (targetDigits > sourceDigits) {
      parts.add("values of 1e%d or more in magnitude".formatted(sourceDigits));
    }
    if (targetScale > sourceScale) {
      parts.add(
          sourceScale < 0
              ? "values that are not a multiple of 1e%d, which the source column would round"
                  .formatted(-sourceScale)
              : "values with more than %d decimals, which the source column would round"
                  .formatted(sourceScale));
    }
    return parts.isEmpty()
        ? Reversibility.REVERSIBLE
        : Reversibility.not(String.join(", and ", parts));
  }

  /** Values with more integer digits than the target keeps (NaN sorts above every number). */
  private static String tooLarge(int integerDigits) {
    return "abs(%%1$s) >= 1e%d".formatted(integerDigits);
  }

  /** Finite values with more decimals than the target keeps. */
  private static String rounded(int scale) {
    return "abs(%%1$s) < 1e300 AND %%1$s <> round(%%1$s, %d)".formatted(scale);
  }

  /** Text in a key must fit InnoDB's key length; elsewhere it keeps its length. */
  private static MappedType string(Table table, Column c, boolean fixed) {
    Integer length = c.type().length();
    if (isKey(table, c) && (length == null || length > KEY_CHARS)) {
      return lossy(
              "varchar(" + KEY_CHARS + ")",
              "key column: InnoDB keys hold at most 768 utf8mb4 characters; longer values do not"
                  + " fit",
              Reversibility.not(NUL))
          .withRejected(
              "char_length(%1$s) > " + KEY_CHARS,
              "values longer than " + KEY_CHARS + " characters",
              CHANGE_ON_SOURCE);
    }
    if (length == null) {
      return exact("longtext").notBack(NUL + ", or longer than 1 GB");
    }
    if (fixed && length <= 255) {
      return exact("char(" + length + ")").notBack(NUL);
    }
    if (length <= 16383) {
      return exact(
              "varchar(" + length + ")", fixed ? "MySQL char holds at most 255 characters" : "")
          .notBack(NUL);
    }
    return widened(
        "mediumtext",
        "longer than MySQL's varchar limit of 16383 utf8mb4 characters",
        NUL + ", or longer than " + length + " characters");
  }

  private static MappedType bytea(Table table, Column c) {
    if (isKey(table, c)) {
      return lossy(
              "varbinary(3072)",
              "key column: InnoDB keys hold at most 3072 bytes; longer do not fit",
              Reversibility.REVERSIBLE)
          .withRejected(
              "octet_length(%1$s) > 3072", "values longer than 3072 bytes", CHANGE_ON_SOURCE);
    }
    return exact("longblob").notBack("values longer than 1 GB");
  }

  /** The column is part of the row key or of a unique index. */
  static boolean isKey(Table table, Column c) {
    boolean inRowKey = table.rowKey().map(k -> k.columnNames().contains(c.name())).orElse(false);
    return inRowKey
        || table.indexes().stream().anyMatch(i -> i.unique() && i.columnNames().contains(c.name()));
  }

  private static MappedType bit(ColumnType t) {
    int n = t.length() == null ? 1 : t.length();
    if (n <= 64) {
      return exact("bit(" + n + ")");
    }
    return lossy(
        "varbinary(" + (n + 7) / 8 + ")",
        "MySQL bit holds 64 bits: stored as bytes instead",
        Reversibility.not("values of another length than " + (n + 7) / 8 + " bytes"));
  }

  private static MappedType varbit(ColumnType t) {
    if (t.length() != null && t.length() <= 64) {
      return lossy(
              "bit(" + t.length() + ")",
              "MySQL bit is fixed width: shorter strings gain leading zeros",
              Reversibility.REVERSIBLE)
          .withLoss(
              "length(%1$s) <> " + t.length(),
              "bit strings shorter than " + t.length() + " bits, which gain leading zeros",
              "pad them on the source if their length matters");
    }
    return lossy(
        "longblob",
        "stored as bytes: the bit string's length is lost",
        Reversibility.not(
            t.length() == null
                ? "values longer than 10 MB (PostgreSQL's bit string limit)"
                : "values longer than " + t.length() + " bits"));
  }

  /**
   * A PostgreSQL enum as a MySQL enum of the same labels; MySQL strips trailing spaces from enum
   * labels, so a label that has them arrives without (found by the fidelity harness).
   */
  private static MappedType enumType(ColumnType t) {
    String sqlType =
        t.values().stream()
            .map(SqlText::mySqlString)
            .collect(Collectors.joining(",", "enum(", ")"));
    List<String> spaced = t.values().stream().filter(v -> !v.equals(v.stripTrailing())).toList();
    if (spaced.isEmpty()) {
      return exact(sqlType);
    }
    return lossy(
            sqlType,
            "MySQL drops the trailing spaces of enum labels: values %s arrive without them"
                .formatted(
                    spaced.stream().map(SqlText::mySqlString).collect(Collectors.joining(", "))),
            Reversibility.not("the labels that lost their trailing spaces"))
        .withLoss(
            "%1$s::text IN (" + SqlText.pgLabels(spaced) + ")",
            "labels ending in spaces, which arrive without them",
            "rename those labels on the source");
  }
}
