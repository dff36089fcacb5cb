package io.godwit.schema;

import static org.assertj.core.api.Assertions.assertThat;

import io.godwit.engine.Engine;
import java.util.List;
import java.util.Map;
import java.util.function.UnaryOperator;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;

/**
 * View definitions as PostgreSQL 15 ({@code pg_get_viewdef(oid, true)}, search_path on the view's
 * schema) and MariaDB 10.11 ({@code information_schema.VIEWS.VIEW_DEFINITION}) print them, captured
 * from the servers: the simple ones render for the other engine, each other construct is named.
 */
class ViewTranslatorTest {

  private static final UnaryOperator<String> MYSQL_QUOTE = n -> "`" + n.replace("`", "``") + "`";
  private static final UnaryOperator<String> PG_QUOTE = n -> '"' + n.replace("\"", "\"\"") + '"';

  private static final Map<String, TargetTable> FROM_PG =
      tables(
          Engine.POSTGRESQL,
          Engine.MARIADB,
          List.of(
              "id integer primary key",
              "name character varying(40)",
              "code character(3)",
              "note text",
              "qty integer",
              "price numeric(10,2)",
              "active boolean",
              "born date",
              "seen timestamp without time zone",
              "big bigint",
              "ratio double precision",
              "stamp timestamp with time zone",
              "doc jsonb"));

  private static final Map<String, TargetTable> FROM_MARIADB =
      tables(
          Engine.MARIADB,
          Engine.POSTGRESQL,
          List.of(
              "id int(11) primary key",
              "name varchar(40) collate utf8mb4_nopad_bin",
              "title varchar(40)",
              "code char(3) collate utf8mb4_bin",
              "note text collate utf8mb4_general_ci",
              "qty int(11)",
              "price decimal(10,2)",
              "active tinyint(1)",
              "born date",
              "seen datetime",
              "ts timestamp",
              "ratio double"));

  @Test
  void postgresViewsRenderForMariaDb() {
    assertThat(
            fromPg(" SELECT item.id,\n    item.name AS title\n   FROM item\n  WHERE item.active"))
        .isEqualTo(
            "CREATE OR REPLACE VIEW `v` AS SELECT `id` AS `id`, `name` AS `title` FROM `item`"
                + " WHERE `active` <> 0");
    assertThat(
            fromPg(
                " SELECT item.id,\n    item.qty\n   FROM item\n  WHERE (item.name::text = ANY"
                    + " (ARRAY['a'::character varying, 'b''c'::character varying]::text[])) AND"
                    + " item.qty >= 1 AND item.qty <= 5 AND item.note IS NULL"))
        .isEqualTo(
            "CREATE OR REPLACE VIEW `v` AS SELECT `id` AS `id`, `qty` AS `qty` FROM `item` WHERE"
                + " `name` COLLATE utf8mb4_nopad_bin IN ('a', 'b''c') AND `qty` >= 1 AND `qty` <="
                + " 5 AND `note` IS NULL");
    assertThat(
            fromPg(
                " SELECT item.id\n   FROM item\n  WHERE item.active = true AND NOT item.qty <"
                    + " '-3'::integer OR item.price >= 5.5 AND item.name::text ~~ 'x%'::text AND"
                    + " item.code = 'abc'::bpchar AND item.born > '2020-01-01'::date AND item.note"
                    + " !~~ 'q\\_%'::text"))
        .isEqualTo(
            "CREATE OR REPLACE VIEW `v` AS SELECT `id` AS `id` FROM `item` WHERE `active` = 1 AND"
                + " NOT (`qty` < -3) OR `price` >= 5.5 AND `name` COLLATE utf8mb4_nopad_bin LIKE"
                + " 'x%' AND `code` COLLATE utf8mb4_bin = 'abc' AND `born` > '2020-01-01' AND"
                + " `note` COLLATE utf8mb4_nopad_bin NOT LIKE 'q\\\\_%'");
    assertThat(
            fromPg(
                " SELECT item.id\n   FROM item\n  WHERE (item.qty <> ALL (ARRAY[1, 2])) AND"
                    + " (item.price < 1::numeric OR item.price > 2::numeric) AND item.name IS NOT"
                    + " NULL AND item.active IS NOT TRUE AND NOT item.active AND item.big ="
                    + " '9000000000'::bigint AND item.ratio < '1500'::numeric::double precision AND"
                    + " item.price = 5::numeric AND item.seen < '2021-01-01 10:00:00'::timestamp"
                    + " without time zone AND (item.price = ANY (ARRAY[1.5, 2::numeric]))"))
        .isEqualTo(
            "CREATE OR REPLACE VIEW `v` AS SELECT `id` AS `id` FROM `item` WHERE `qty` NOT IN (1,"
                + " 2) AND (`price` < 1 OR `price` > 2) AND `name` IS NOT NULL AND `active` IS NOT"
                + " TRUE AND NOT (`active` <> 0) AND `big` = 9000000000 AND `ratio` < 1500 AND"
                + " `price` = 5 AND `seen` < '2021-01-01 10:00:00' AND `price` IN (1.5, 2)");
  }

  @Test
  void aRenamedTableIsReadByItsTargetName() {
    ViewTranslator.Result view =
        new ViewTranslator(Engine.POSTGRESQL, Engine.MARIADB, MYSQL_QUOTE)
            .translate("v", " SELECT orders.id AS n\n   FROM orders", "src", FROM_PG);
    assertThat(view.create())
        .containsExactly("CREATE OR REPLACE VIEW `v` AS SELECT `id` AS `n` FROM `shop_orders`");
    assertThat(view.drop()).containsExactly("DROP VIEW IF EXISTS `v`");
  }

  @Test
  void mariaDbViewsRenderForPostgres() {
    String item = "`shop`.`item`";
    assertThat(
            fromMariaDb(
                "select %1$s.`id` AS `id`,%1$s.`title` AS `heading` from %1$s where %1$s.`active`"
                    + " <> 0"))
        .isEqualTo(
            "CREATE OR REPLACE VIEW \"v\" AS SELECT \"id\" AS \"id\", \"title\" AS \"heading\""
                + " FROM \"item\" WHERE \"active\" <> FALSE");
    assertThat(
            fromMariaDb(
                "select %1$s.`id` AS `id`,%1$s.`qty` AS `qty` from %1$s where %1$s.`name` in"
                    + " ('a','b\\'c','d\\\\e') and %1$s.`qty` between 1 and 5 and %1$s.`note` is"
                    + " null and %1$s.`active` = 1 and %1$s.`qty` >= -3 or %1$s.`ratio` < 1.5e3"
                    + " and %1$s.`code` = 'abc' and %1$s.`born` > '2020-01-01' and %1$s.`seen` <"
                    + " '2021-01-01 10:00:00' and %1$s.`name`  not like 'q%%' and %1$s.`qty` not"
                    + " in (1,2) and %1$s.`price` not between 1 and 2 and %1$s.`active` is not"
                    + " true and %1$s.`active` = 0"))
        .isEqualTo(
            "CREATE OR REPLACE VIEW \"v\" AS SELECT \"id\" AS \"id\", \"qty\" AS \"qty\" FROM"
                + " \"item\" WHERE \"name\" IN ('a', 'b''c', 'd\\e') AND \"qty\" BETWEEN 1 AND 5"
                + " AND \"note\" IS NULL AND \"active\" = TRUE AND \"qty\" >= -3 OR \"ratio\" <"
                + " 1.5e3 AND \"code\" = 'abc' AND \"born\" > '2020-01-01' AND \"seen\" <"
                + " '2021-01-01 10:00:00' AND \"name\" NOT LIKE 'q%' AND \"qty\" NOT IN (1, 2) AND"
                + " \"price\" NOT BETWEEN 1 AND 2 AND \"active\" IS NOT TRUE AND \"active\" ="
                + " FALSE");
  }

  /** JSqlParser 5.3 alone reads the first as {@code qty = 7 AND name IN ((...) OR ...)}. */
  @Test
  void anInListKeepsTheSqlPrecedenceOfAndAndOr() {
    assertThat(
            fromMariaDb(
                "select %1$s.`id` AS `id`,%1$s.`qty` AS `qty` from %1$s where %1$s.`qty` = 7 and"
                    + " %1$s.`name` in ('a','B') or %1$s.`price` in (10.00,-5.50) and"
                    + " %1$s.`active` <> 0 or %1$s.`qty` not in (0,1) and %1$s.`name` is null"))
        .isEqualTo(
            "CREATE OR REPLACE VIEW \"v\" AS SELECT \"id\" AS \"id\", \"qty\" AS \"qty\" FROM"
                + " \"item\" WHERE \"qty\" = 7 AND \"name\" IN ('a', 'B') OR \"price\" IN (10.00,"
                + " -5.50) AND \"active\" <> FALSE OR \"qty\" NOT IN (0, 1) AND \"name\" IS NULL");
    assertThat(
            fromMariaDb(
                "select %1$s.`id` AS `id` from %1$s where (%1$s.`qty` in (1,2) or %1$s.`qty` = 3)"
                    + " and (%1$s.`name` = 'in (' or %1$s.`active` = 0)"))
        .isEqualTo(
            "CREATE OR REPLACE VIEW \"v\" AS SELECT \"id\" AS \"id\" FROM \"item\" WHERE"
                + " (\"qty\" IN (1, 2) OR \"qty\" = 3) AND (\"name\" = 'in (' OR \"active\" ="
                + " FALSE)");
  }

  @Test
  void eachConstructThatIsNotSimpleIsNamed() {
    Map<String, String> pg =
        Map.ofEntries(
            Map.entry(" SELECT count(*) AS n\n   FROM item", "its select list has an aggregate"),
            Map.entry(
                " SELECT item.id,\n    upper(item.name::text) AS u\n   FROM item",
                "its select list has a call of function upper"),
            Map.entry(" SELECT DISTINCT item.qty\n   FROM item", "it uses DISTINCT"),
            Map.entry(
                " SELECT item.qty\n   FROM item\n  GROUP BY item.qty", "it groups rows (GROUP BY)"),
            Map.entry(
                " SELECT item.id\n   FROM item\n     JOIN orders ON orders.id = item.id",
                "it joins tables"),
            Map.entry(
                " SELECT item.id\n   FROM item\nUNION\n SELECT orders.id\n   FROM orders",
                "it combines queries"),
            Map.entry(
                " SELECT item.id\n   FROM item\n  WHERE item.id IN ( SELECT orders.id\n  "
                    + "         FROM orders)",
                "its IN reads a subquery"),
            Map.entry(
                " SELECT item.id\n   FROM item\n  WHERE item.stamp < '2021-01-01"
                    + " 00:00:00+00'::timestamp with time zone",
                "it compares timestamptz column stamp with <"),
            Map.entry(
                " SELECT item.id\n   FROM item\n  WHERE item.name::text > 'm'::text",
                "it orders text column name (>)"),
            Map.entry(
                " SELECT item.id\n   FROM item\n  WHERE item.name::text ~~* 'a%'::text",
                "its WHERE has ILIKE"),
            Map.entry(
                " SELECT item.id\n   FROM item\n  WHERE item.qty::text = '5'::text",
                "it casts column qty"),
            Map.entry(
                " SELECT item.id\n   FROM item\n  WHERE (item.qty + 1) = 2",
                "its WHERE has the expression item.qty + 1"),
            Map.entry(
                " SELECT item.id\n   FROM item\n  WHERE item.doc = '{}'::jsonb",
                "it compares jsonb column doc with"),
            Map.entry(" SELECT v.id\n   FROM v", "it reads v, which is not a migrated table"),
            Map.entry(
                " SELECT item.id\n   FROM item\n  ORDER BY item.id", "it orders rows (ORDER BY)"),
            Map.entry(" SELECT item.id\n   FROM item\n LIMIT 5", "it limits rows"),
            Map.entry(
                " SELECT item.id,\n    row_number() OVER (ORDER BY item.id) AS n\n   FROM item",
                "its select list has a window function"),
            Map.entry(
                " SELECT item.id\n   FROM item\n  WHERE item.qty = 5 OR item.qty IS NULL AND"
                    + " coalesce(item.qty, 0) = 0",
                "its WHERE has a call of function coalesce"));
    ViewTranslator translator = new ViewTranslator(Engine.POSTGRESQL, Engine.MARIADB, MYSQL_QUOTE);
    assertThat(rejections(translator, pg, FROM_PG)).isEqualTo(pg);

    String item = "`shop`.`item`";
    Map<String, String> mariaDb =
        Map.ofEntries(
            Map.entry("select count(0) AS `n` from " + item, "its select list has an aggregate"),
            Map.entry(
                "select %1$s.`id` AS `id`,ucase(%1$s.`name`) AS `u` from %1$s".formatted(item),
                "its select list has a call of function ucase"),
            Map.entry(
                "select %1$s.`id` AS `id` from %1$s where %1$s.`title` = 'x'".formatted(item),
                "it compares text column title, whose collation (the database default) ignores"
                    + " case or trailing spaces; PostgreSQL compares text exactly"),
            Map.entry(
                "select %1$s.`id` AS `id` from %1$s where %1$s.`note` like 'x%%'".formatted(item),
                "whose collation (utf8mb4_general_ci)"),
            Map.entry(
                "select %1$s.`id` AS `id` from %1$s where %1$s.`ts` < '2021-01-01'".formatted(item),
                "it compares timestamp column ts with"),
            Map.entry(
                "select %1$s.`id` AS `id` from %1$s where %1$s.`active` = 2".formatted(item),
                "it compares boolean column active with 2, which is neither true nor false"),
            Map.entry(
                "select %1$s.`id` AS `id` from `other`.`item` where 1".formatted(item),
                "it reads `other`.item, of another schema"),
            Map.entry(
                "select %1$s.`id` AS `id` from %1$s where %1$s.`qty` = '5'".formatted(item),
                "it compares int column qty with '5'"));
    ViewTranslator back = new ViewTranslator(Engine.MARIADB, Engine.POSTGRESQL, PG_QUOTE);
    assertThat(rejections(back, mariaDb, FROM_MARIADB)).isEqualTo(mariaDb);
  }

  private static String fromPg(String query) {
    ViewTranslator.Result view =
        new ViewTranslator(Engine.POSTGRESQL, Engine.MARIADB, MYSQL_QUOTE)
            .translate("v", query, "src", FROM_PG);
    assertThat(view.rejection()).as(query).isNull();
    return view.create().get(0);
  }

  private static String fromMariaDb(String query) {
    ViewTranslator.Result view =
        new ViewTranslator(Engine.MARIADB, Engine.POSTGRESQL, PG_QUOTE)
            .translate("v", query.formatted("`shop`.`item`"), "shop", FROM_MARIADB);
    assertThat(view.rejection()).as(query).isNull();
    return view.create().get(0);
  }

  /** For each definition, the expected text when its reason contains it, else its reason. */
  private static Map<String, String> rejections(
      ViewTranslator translator, Map<String, String> cases, Map<String, TargetTable> tables) {
    return cases.entrySet().stream()
        .collect(
            Collectors.toMap(
                Map.Entry::getKey,
                e -> {
                  String schema = tables == FROM_PG ? "src" : "shop";
                  String why =
                      String.valueOf(
                          translator.translate("v", e.getKey(), schema, tables).rejection());
                  return why.contains(e.getValue()) ? e.getValue() : why;
                }));
  }

  /** The table {@code item} with the given columns and {@code orders}, renamed shop_orders. */
  private static Map<String, TargetTable> tables(
      Engine source, Engine target, List<String> columns) {
    List<Column> item =
        columns.stream()
            .map(
                example -> {
                  String name = example.substring(0, example.indexOf(' '));
                  Column c =
                      SampleColumns.parse(source, example.substring(name.length() + 1)).column();
                  return new Column(
                      name,
                      1,
                      c.type(),
                      c.nullable(),
                      null,
                      false,
                      null,
                      null,
                      c.charset(),
                      c.collation(),
                      null);
                })
            .toList();
    Table orders =
        SourceTables.table(
            "orders",
            List.of(
                SourceTables.col(source, "id", source == Engine.POSTGRESQL ? "integer" : "int")),
            SourceTables.pk("id"),
            List.of(),
            List.of());
    Translation t =
        SourceTables.translate(
            source,
            target,
            SourceTables.table("item", item, SourceTables.pk("id"), List.of(), List.of()),
            orders);
    return t.tables().stream().collect(Collectors.toMap(x -> x.source().name(), x -> x));
  }
}
