package io.godwit.plan;

import static org.assertj.core.api.Assertions.assertThat;

import io.godwit.db.Finding;
import io.godwit.engine.Engine;
import io.godwit.schema.Column;
import io.godwit.schema.ColumnMapping;
import io.godwit.schema.ColumnType;
import io.godwit.schema.Index;
import io.godwit.schema.SchemaTranslator;
import io.godwit.schema.Table;
import io.godwit.schema.TypeMappings;
import io.godwit.schema.TypeOptions;
import java.util.List;
import java.util.function.UnaryOperator;
import org.junit.jupiter.api.Test;

class RollbackReadinessTest {

  @Test
  void listsPerTableTheColumnsWhoseTargetValuesCannotGoBackWithTheReason() {
    List<ColumnMapping> columns =
        translate(
            table(
                "orders",
                column(
                    "id",
                    new ColumnType(
                        "int", "int(10) unsigned", null, 10, 0, null, true, List.of(), 0),
                    null),
                column(
                    "paid",
                    new ColumnType("tinyint", "tinyint(1)", 1, 3, 0, null, false, List.of(), 0),
                    null),
                column(
                    "total",
                    new ColumnType(
                        "decimal", "decimal(12,2)", null, 12, 2, null, false, List.of(), 0),
                    null),
                column(
                    "code",
                    new ColumnType(
                        "varchar", "varchar(20)", 20, null, null, null, false, List.of(), 0),
                    "utf8mb4")),
            table(
                "users",
                column(
                    "id",
                    new ColumnType("int", "int(11)", null, 10, 0, null, false, List.of(), 0),
                    null),
                column(
                    "name",
                    new ColumnType(
                        "varchar", "varchar(40)", 40, null, null, null, false, List.of(), 0),
                    "latin1")),
            table(
                "clean",
                column(
                    "id",
                    new ColumnType("bigint", "bigint(20)", null, 19, 0, null, false, List.of(), 0),
                    null)));

    List<Finding> findings = PlannedTables.rollbackReadiness(columns);

    assertThat(findings).hasSize(2);
    assertThat(findings)
        .allMatch(f -> f.severity() == Finding.Severity.INFO)
        .allMatch(f -> f.subject().equals("rollback readiness"));
    Finding orders = findings.get(0);
    assertThat(orders.message())
        .startsWith("table orders: 2 of its columns")
        .contains(
            "the first such value the old source rejects, or would round (a decimal"
                + " with more places than its column keeps), stops the table's")
        .contains("id int(10) unsigned -> bigint: values above 4294967295 or below 0")
        .contains("total decimal(12,2) -> numeric(12,2): NaN")
        .doesNotContain("paid")
        .doesNotContain("code");
    assertThat(findings.get(1).message())
        .startsWith("table users: 1 of its columns")
        .contains("name varchar(40) -> varchar(40): characters that latin1 lacks");
  }

  @Test
  void nothingWhenEveryMappingIsReversible() {
    assertThat(
            PlannedTables.rollbackReadiness(
                translate(
                    table(
                        "t",
                        column(
                            "id",
                            new ColumnType(
                                "int", "int(11)", null, 10, 0, null, false, List.of(), 0),
                            null),
                        column(
                            "on",
                            new ColumnType(
                                "tinyint", "tinyint(1)", 1, 3, 0, null, false, List.of(), 0),
                            null)))))
        .isEmpty();
  }

  private static List<ColumnMapping> translate(Table... tables) {
    return new SchemaTranslator(
            Engine.MARIADB,
            Engine.POSTGRESQL,
            TypeMappings.between(Engine.MARIADB, Engine.POSTGRESQL, TypeOptions.defaults()))
        .translate(List.of(tables), "public", UnaryOperator.identity())
        .columns();
  }

  private static Table table(String name, Column... columns) {
    Index key = new Index("PRIMARY", List.of(Index.Part.of(columns[0].name())), true, true);
    return new Table(
        "shop", name, List.of(columns), key, List.of(), List.of(), 0, 0, null, List.of());
  }

  private static Column column(String name, ColumnType type, String charset) {
    return new Column(name, 1, type, false, null, false, null, null, charset, null, null);
  }
}
