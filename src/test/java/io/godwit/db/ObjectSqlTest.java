package io.godwit.db;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.godwit.engine.Engine;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class ObjectSqlTest {

  @Test
  void aMySqlViewReadsItsTablesInTheTargetDatabaseButLiteralsAndOtherNamesStay() {
    String view =
        "select `shop`.`t`.`id` AS `id`,'`shop`.`t`' AS `lit`,`shop2`.`u`.`x` AS `shop`"
            + " from (`shop`.`t` join `shop2`.`u`) where `shop`.`t`.`note` = \"shop.t\"";

    assertThat(ObjectSql.renameSchema(view, "shop", "shop_new", Engine.MARIADB))
        .isEqualTo(
            "select `shop_new`.`t`.`id` AS `id`,'`shop`.`t`' AS `lit`,`shop2`.`u`.`x` AS `shop`"
                + " from (`shop_new`.`t` join `shop2`.`u`) where `shop_new`.`t`.`note` ="
                + " \"shop.t\"");
  }

  @Test
  void aBacktickInANameAndAnEscapedQuoteInALiteralDoNotEndTheirToken() {
    String sql = "select 'it\\'s `shop`.`t`', `sh``op`.`t` from `shop`.`t` -- `shop`.`t`\n";

    assertThat(ObjectSql.renameSchema(sql, "shop", "x", Engine.MYSQL))
        .isEqualTo("select 'it\\'s `shop`.`t`', `sh``op`.`t` from `x`.`t` -- `shop`.`t`\n");
    assertThat(ObjectSql.renameSchema(sql, "sh`op", "x", Engine.MYSQL))
        .isEqualTo("select 'it\\'s `shop`.`t`', `x`.`t` from `shop`.`t` -- `shop`.`t`\n");
  }

  @Test
  void aPostgresFunctionBodyIsRewrittenInsideItsDollarQuotesButNotItsStrings() {
    String function =
        "CREATE OR REPLACE FUNCTION f()\n RETURNS bigint\n LANGUAGE plpgsql\nAS $function$"
            + " BEGIN RETURN (SELECT count(*) FROM Shop.orders o JOIN \"shop\".lines l USING (id)"
            + " WHERE o.note <> 'shop.x' AND o.shop = 1); END $function$";

    assertThat(ObjectSql.renameSchema(function, "shop", "shop_new", Engine.POSTGRESQL))
        .isEqualTo(
            "CREATE OR REPLACE FUNCTION f()\n RETURNS bigint\n LANGUAGE plpgsql\nAS $function$"
                + " BEGIN RETURN (SELECT count(*) FROM \"shop_new\".orders o JOIN \"shop_new\".lines"
                + " l USING (id) WHERE o.note <> 'shop.x' AND o.shop = 1); END $function$");
  }

  @Test
  void aQuotedPostgresNameIsComparedExactly() {
    assertThat(ObjectSql.renameSchema("SELECT * FROM \"Shop\".t", "shop", "x", Engine.POSTGRESQL))
        .isEqualTo("SELECT * FROM \"Shop\".t");
    assertThat(ObjectSql.renameSchema("SELECT $1 FROM a.shop.t", "shop", "x", Engine.POSTGRESQL))
        .as("a name after a dot is not a schema")
        .isEqualTo("SELECT $1 FROM a.shop.t");
  }

  @Test
  void theSameSchemaOnBothSidesLeavesTheStatementAlone() {
    String sql = "select `s`.`t`.`a` from `s`.`t`";
    assertThat(ObjectSql.renameSchema(sql, "s", "s", Engine.MARIADB)).isSameAs(sql);
  }

  @Test
  void aMySqlViewReadsTheRelationsItNamesInItsDatabaseAndOthers() {
    String view =
        "select `shop`.`v1`.`id` AS `id`,`other`.`u`.`x` AS `x`,`d`.`y` AS `y` from"
            + " ((`shop`.`v1` join `other`.`u`) join (select 1 AS `y`) `d`)"
            + " where `shop`.`t2`.`id` in (select 1) and 'shop'.'fake' = 1";

    assertThat(ObjectSql.mySqlReferences(view, "shop")).containsExactly("v1", "other.u", "t2");
  }

  @Test
  void theDefinerOfAShowCreateIsLeftOut() {
    assertThat(
            ObjectSql.withoutDefiner(
                "CREATE DEFINER=`root`@`localhost` FUNCTION `f`(a INT) RETURNS int RETURN a"))
        .isEqualTo("CREATE FUNCTION `f`(a INT) RETURNS int RETURN a");
    assertThat(
            ObjectSql.withoutDefiner(
                "CREATE DEFINER=`app`@`%` EVENT `e` ON SCHEDULE EVERY 1 HOUR DO DELETE FROM t"))
        .isEqualTo("CREATE EVENT `e` ON SCHEDULE EVERY 1 HOUR DO DELETE FROM t");
    assertThat(ObjectSql.withoutDefiner("CREATE PROCEDURE `p`() SELECT 1"))
        .isEqualTo("CREATE PROCEDURE `p`() SELECT 1");
  }

  @Test
  void nestedViewsComeAfterWhatTheyReadAndOtherwiseKeepTheirOrder() {
    Map<String, List<String>> uses = new LinkedHashMap<>();
    uses.put("a_top", List.of("m_middle", "orders"));
    uses.put("b_alone", List.of("orders"));
    uses.put("m_middle", List.of("z_base", "customers"));
    uses.put("z_base", List.of("orders"));

    assertThat(ObjectSql.dependencyOrder(uses))
        .containsExactly("z_base", "m_middle", "a_top", "b_alone");
  }

  @Test
  void objectsThatUseEachOtherAreNamedInTheError() {
    Map<String, List<String>> uses = new LinkedHashMap<>();
    uses.put("a", List.of("b"));
    uses.put("b", List.of("a"));

    assertThatThrownBy(() -> ObjectSql.dependencyOrder(uses)).hasMessageContaining("a -> b -> a");
  }
}
