package io.godwit.db;

import static org.assertj.core.api.Assertions.assertThat;

import io.godwit.schema.Column;
import io.godwit.schema.ColumnType;
import io.godwit.schema.Index;
import io.godwit.schema.Table;
import io.godwit.testing.TestDatabase;
import java.sql.Connection;
import java.util.List;
import java.util.Map;
import java.util.function.Function;
import java.util.stream.Collectors;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

class MariaDbCatalogIT {

  private static TestDatabase db;
  private static Map<String, Table> tables;

  @BeforeAll
  static void createSchema() throws Exception {
    db = TestDatabase.mariadb("catalog");
    db.execute(
        """
        CREATE TABLE everything (
          id BIGINT UNSIGNED NOT NULL AUTO_INCREMENT PRIMARY KEY,
          flag TINYINT(1) NOT NULL DEFAULT 0,
          tiny TINYINT, small SMALLINT UNSIGNED, medium MEDIUMINT, num INT DEFAULT 5, big BIGINT,
          price DECIMAL(12,2) DEFAULT '0.00', ratio FLOAT, score DOUBLE,
          code CHAR(3), name VARCHAR(100) NOT NULL DEFAULT 'it''s', body TEXT,
          big_body LONGTEXT, latin VARCHAR(10) CHARACTER SET latin1,
          raw VARBINARY(16), blobby BLOB, fixed BINARY(4),
          born DATE, seen DATETIME(6), changed TIMESTAMP(3) NULL DEFAULT CURRENT_TIMESTAMP(3),
          at TIME(2), yr YEAR, doc JSON, mood ENUM('happy','it''s','a,b'), tags SET('x','y'),
          bits BIT(5), total INT AS (num * 2) STORED,
          UNIQUE KEY uq_name (name), KEY ix_seen (seen DESC), KEY ix_body (body(20)),
          FULLTEXT KEY ft_body (big_body)
        )""",
        """
        CREATE TABLE child (
          id INT PRIMARY KEY,
          parent_id BIGINT UNSIGNED,
          CONSTRAINT fk_parent FOREIGN KEY (parent_id) REFERENCES everything (id) ON DELETE CASCADE
        )""",
        "CREATE TABLE nokey (a INT, b INT)",
        "CREATE TABLE ukey (a INT NOT NULL, b VARCHAR(5), UNIQUE KEY uq_a (a))");
    try (Connection c = db.connect()) {
      tables =
          new MariaDbDialect()
              .catalog().tables(c, db.schema()).stream()
                  .collect(Collectors.toMap(Table::name, Function.identity()));
    }
  }

  @AfterAll
  static void dropSchema() throws Exception {
    db.close();
  }

  private static ColumnType type(String column) {
    return tables.get("everything").column(column).orElseThrow().type();
  }

  @Test
  void readsEveryBaseTable() {
    assertThat(tables).containsOnlyKeys("everything", "child", "nokey", "ukey");
  }

  @Test
  void readsIntegerWidthsAndUnsigned() {
    assertThat(type("flag"))
        .extracting(ColumnType::name, ColumnType::length)
        .containsExactly("tinyint", 1);
    assertThat(type("small").unsigned()).isTrue();
    assertThat(type("id").unsigned()).isTrue();
    assertThat(type("big").unsigned()).isFalse();
  }

  @Test
  void readsDecimalPrecisionAndFractionalSeconds() {
    assertThat(type("price"))
        .extracting(ColumnType::precision, ColumnType::scale)
        .containsExactly(12, 2);
    assertThat(type("seen").fractionalSeconds()).isEqualTo(6);
    assertThat(type("changed").fractionalSeconds()).isEqualTo(3);
    assertThat(type("at").fractionalSeconds()).isEqualTo(2);
  }

  @Test
  void readsLengthsCharsetsAndBits() {
    assertThat(type("name").length()).isEqualTo(100);
    assertThat(type("raw").length()).isEqualTo(16);
    assertThat(type("bits").length()).isEqualTo(5);
    assertThat(tables.get("everything").column("latin").orElseThrow().charset())
        .isEqualTo("latin1");
  }

  @Test
  void readsEnumAndSetLabelsWithQuotesAndCommas() {
    assertThat(type("mood").values()).containsExactly("happy", "it's", "a,b");
    assertThat(type("tags").values()).containsExactly("x", "y");
  }

  @Test
  void recognisesMariaDbJsonColumns() {
    assertThat(type("doc").name()).isEqualTo("json");
    assertThat(type("big_body").name()).isEqualTo("longtext");
  }

  @Test
  void readsDefaultsAsSqlExpressions() {
    Table t = tables.get("everything");
    assertThat(t.column("name").orElseThrow().defaultExpression()).isEqualTo("'it''s'");
    assertThat(t.column("num").orElseThrow().defaultExpression()).isEqualTo("5");
    assertThat(t.column("changed").orElseThrow().defaultExpression())
        .startsWithIgnoringCase("current_timestamp");
    assertThat(t.column("body").orElseThrow().defaultExpression()).isNull();
  }

  @Test
  void readsAutoIncrementAndGeneratedColumns() {
    Table t = tables.get("everything");
    assertThat(t.column("id").orElseThrow().autoIncrement()).isTrue();
    Column total = t.column("total").orElseThrow();
    assertThat(total.isGenerated()).isTrue();
    assertThat(total.generatedExpression()).contains("num");
  }

  @Test
  void readsKeysAndIndexesAndListsUnsupportedOnes() {
    Table t = tables.get("everything");
    assertThat(t.primaryKey().columnNames()).containsExactly("id");
    Map<String, Index> indexes =
        t.indexes().stream().collect(Collectors.toMap(Index::name, Function.identity()));
    assertThat(indexes).containsOnlyKeys("uq_name", "ix_seen", "ix_body");
    assertThat(indexes.get("uq_name").unique()).isTrue();
    assertThat(indexes.get("ix_seen").columns().get(0).descending()).isTrue();
    assertThat(indexes.get("ix_body").columns().get(0).prefixLength()).isEqualTo(20);
    assertThat(t.unsupportedIndexes()).containsExactly("ft_body (FULLTEXT)");
  }

  @Test
  void readsForeignKeys() {
    assertThat(tables.get("child").foreignKeys())
        .singleElement()
        .satisfies(
            fk -> {
              assertThat(fk.name()).isEqualTo("fk_parent");
              assertThat(fk.columns()).isEqualTo(List.of("parent_id"));
              assertThat(fk.referencedTable()).isEqualTo("everything");
              assertThat(fk.referencedColumns()).isEqualTo(List.of("id"));
              assertThat(fk.onDelete()).isEqualTo("CASCADE");
            });
  }

  @Test
  void findsTheRowKeyOfTablesWithoutPrimaryKey() {
    assertThat(tables.get("nokey").rowKey()).isEmpty();
    assertThat(tables.get("ukey").rowKey().orElseThrow().name()).isEqualTo("uq_a");
  }
}
