package io.godwit.db;

import static io.godwit.db.PostgresDdlTest.column;
import static io.godwit.db.PostgresDdlTest.source;
import static io.godwit.db.PostgresDdlTest.table;
import static org.assertj.core.api.Assertions.assertThat;

import io.godwit.schema.Index;
import io.godwit.schema.MappedType;
import io.godwit.schema.TargetTable;
import io.godwit.schema.TargetTable.TargetColumn;
import io.godwit.schema.TargetTable.TargetForeignKey;
import java.util.List;
import org.junit.jupiter.api.Test;

class MySqlDdlTest {

  private final MySqlDdl ddl = new MySqlDdl(s -> '`' + s.replace("`", "``") + '`');

  @Test
  void createsTheDatabaseInUtf8mb4() {
    assertThat(ddl.createSchema("we`ird"))
        .isEqualTo("CREATE DATABASE IF NOT EXISTS `we``ird` CHARACTER SET utf8mb4");
  }

  @Test
  void createsATableWithAutoIncrementDefaultsChecksAndPrimaryKey() {
    TargetColumn id =
        new TargetColumn(source("id", false, 0), "id", MappedType.exact("bigint"), null, true);
    TargetTable t =
        table(
            "d`b",
            "we`ird",
            List.of(
                id,
                column("na`me", MappedType.exact("enum('a','it''s')"), false, "'a'"),
                column("at", MappedType.exact("datetime(6)"), true, "CURRENT_TIMESTAMP(6)"),
                column("n", MappedType.exact("int").withCheck("%s > 0"), true, null)),
            List.of("id"),
            List.of(),
            List.of());
    assertThat(ddl.createTable(t))
        .containsExactly(
            """
            CREATE TABLE `d``b`.`we``ird` (
              `id` bigint NOT NULL AUTO_INCREMENT,
              `na``me` enum('a','it''s') NOT NULL DEFAULT 'a',
              `at` datetime(6) NULL DEFAULT CURRENT_TIMESTAMP(6),
              `n` int NULL,
              CONSTRAINT `we``ird_n_check` CHECK (`n` > 0),
              PRIMARY KEY (`id`)
            ) ENGINE=InnoDB DEFAULT CHARSET=utf8mb4""");
  }

  @Test
  void createsIndexesWithPrefixesAndFunctionalParts() {
    TargetTable t =
        table(
            "s",
            "t",
            List.of(),
            List.of(),
            List.of(
                new Index(
                    "ix`1",
                    List.of(
                        new Index.Part("bo`dy", true, 255, false),
                        new Index.Part("lower(`c`)", false, null, true)),
                    false,
                    false),
                new Index("uq_" + "x".repeat(70), List.of(Index.Part.of("a")), true, false)),
            List.of());
    List<String> statements = ddl.createIndexes(t);
    assertThat(statements.get(0))
        .isEqualTo("CREATE INDEX `ix``1` ON `s`.`t` (`bo``dy`(255) DESC, (lower(`c`)))");
    assertThat(statements.get(1))
        .matches("CREATE UNIQUE INDEX `uq_x{52}_[0-9a-f]{8}` ON `s`.`t` \\(`a`\\)");
  }

  @Test
  void addsForeignKeys() {
    TargetTable t =
        table(
            "s",
            "child",
            List.of(),
            List.of(),
            List.of(),
            List.of(
                new TargetForeignKey(
                    "fk`p",
                    List.of("p_id"),
                    "s",
                    "pa`rent",
                    List.of("id"),
                    "NO ACTION",
                    "CASCADE")));
    assertThat(ddl.addForeignKeys(t))
        .containsExactly(
            "ALTER TABLE `s`.`child` ADD CONSTRAINT `fk``p` FOREIGN KEY (`p_id`) REFERENCES"
                + " `s`.`pa``rent` (`id`) ON UPDATE NO ACTION ON DELETE CASCADE");
  }
}
