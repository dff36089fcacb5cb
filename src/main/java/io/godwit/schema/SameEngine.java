package io.godwit.schema;

import static io.godwit.schema.MappedType.exact;
import static io.godwit.schema.MappedType.lossy;
import static io.godwit.schema.MappedType.widened;

import io.godwit.engine.Engine;
import io.godwit.schema.MappedType.EnumType;
import java.util.Set;
import java.util.regex.Pattern;

/** PostgreSQL to PostgreSQL, and between MySQL and MariaDB: every type is kept as declared. */
final class SameEngine {

  private static final Pattern NAME = Pattern.compile("[A-Za-z0-9_]+");
  private static final Pattern VENDOR_COLLATION = Pattern.compile(".*(_0900_|_uca1400_).*");
  private static final Set<String> TEXT_TYPES =
      Set.of("char", "varchar", "tinytext", "text", "mediumtext", "longtext", "enum", "set");

  private static final String MYSQL_JSON =
      "date, time and binary scalars of MySQL json (from CAST or JSON functions), which go back as"
          + " plain strings";

  private SameEngine() {}

  static RuleSet postgres() {
    return new RuleSet(Engine.POSTGRESQL)
        .type(
            RuleSet.ENUM_TYPE,
            t ->
                exact(t.name() + "[]".repeat(t.arrayDimensions()))
                    .withEnumType(new EnumType(t.name(), t.values())),
            "mood('happy','sad')")
        .type(
            "timetz",
            t ->
                lossy(
                        t.fullType(),
                        "stored in UTC: the same time, its offset +00 (10:00+05:30 as 04:30+00);"
                            + " the change stream carries no offset",
                        Reversibility.REVERSIBLE)
                    .withLoss(
                        "EXTRACT(timezone FROM %1$s) <> 0",
                        "times with an offset other than +00, which arrive as UTC times",
                        "keep the offset in a column of its own on the source if the application"
                            + " needs it"),
            "time with time zone")
        .otherwise(
            (table, c) -> postgresType(c.type()),
            "integer",
            "numeric(12,2)",
            "timestamp(3) with time zone",
            "integer[]",
            "domain email over text");
  }

  static RuleSet mySql(Engine source, Engine target) {
    RuleSet rules = new RuleSet(source);
    if (source == Engine.MARIADB && target == Engine.MYSQL) {
      String text = "MySQL has no %s type; stored as text, not validated";
      String invalid = "text that is not a valid %s";
      rules
          .type("uuid", t -> widened("char(36)", text.formatted("uuid"), invalid.formatted("uuid")))
          .type(
              "inet6",
              t -> widened("varchar(39)", text.formatted("inet6"), invalid.formatted("inet6")))
          .type(
              "inet4",
              t -> widened("varchar(15)", text.formatted("inet4"), invalid.formatted("inet4")))
          .type(
              "json",
              t ->
                  lossy(
                      "json",
                      "MySQL normalises JSON: key order and duplicate keys (the last wins) change,"
                          + " numbers beyond double precision are rounded",
                      Reversibility.not(MYSQL_JSON)));
    }
    if (source == Engine.MYSQL && target == Engine.MARIADB) {
      rules.type(
          "json",
          t ->
              exact("json", "MariaDB json is text checked by json_valid: kept as written")
                  .notBack(
                      "documents whose whitespace, key order or duplicate keys MySQL json"
                          + " normalises"));
    }
    String collation = source == Engine.MYSQL ? "utf8mb4_0900_ai_ci" : "utf8mb4_uca1400_ai_ci";
    return rules.otherwise(
        (table, c) -> mySqlType(c, source != target, target),
        "int(10) unsigned",
        "varchar(100) character set latin1 collate latin1_swedish_ci",
        "varchar(100) character set utf8mb4 collate " + collation,
        "datetime(6)",
        "enum('small','large') character set utf8mb4 collate utf8mb4_general_ci");
  }

  /** The declared type, or a domain's base type (its constraints are not copied). */
  private static MappedType postgresType(ColumnType t) {
    String declared = t.fullType().replaceAll("\\([^)]*\\)", "").replace("[]", "");
    declared = declared.replace("\"", "").trim();
    boolean builtin =
        declared.equals(t.name())
            || declared.endsWith("." + t.name())
            || PgTypeNames.internal(declared).equals(t.name());
    if (builtin) {
      return exact(t.fullType());
    }
    return widened(
        baseType(t),
        "domain " + t.fullType() + ": its base type, without the domain's checks",
        "values the domain's checks refuse");
  }

  private static String baseType(ColumnType t) {
    String modifiers =
        switch (t.name()) {
          case "varchar", "bpchar", "bit", "varbit" ->
              t.length() == null ? "" : "(" + t.length() + ")";
          case "numeric" ->
              t.precision() == null ? "" : "(" + t.precision() + "," + t.scale() + ")";
          case "time", "timetz", "timestamp", "timestamptz", "interval" ->
              t.fractionalSeconds() == null ? "" : "(" + t.fractionalSeconds() + ")";
          default -> "";
        };
    return t.name() + modifiers + "[]".repeat(t.arrayDimensions());
  }

  /** The declared type with the column's character set and, where the target has it, collation. */
  private static MappedType mySqlType(Column c, boolean crossVendor, Engine target) {
    String charset = c.charset();
    if (charset == null
        || !TEXT_TYPES.contains(c.type().name())
        || !NAME.matcher(charset).matches()) {
      return exact(c.type().fullType());
    }
    String sqlType = c.type().fullType() + " CHARACTER SET " + charset;
    String collation = c.collation();
    if (collation == null || !NAME.matcher(collation).matches()) {
      return exact(sqlType);
    }
    if (crossVendor && VENDOR_COLLATION.matcher(collation).matches()) {
      return exact(
          sqlType,
          "collation %s does not exist on %s: the character set's default collation is used"
              .formatted(collation, target.displayName()));
    }
    return exact(sqlType + " COLLATE " + collation);
  }
}
