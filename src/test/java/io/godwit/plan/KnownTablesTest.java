package io.godwit.plan;

import static org.assertj.core.api.Assertions.assertThat;

import io.godwit.db.Dialect;
import io.godwit.db.Finding;
import io.godwit.engine.Engine;
import io.godwit.schema.Column;
import io.godwit.schema.ColumnType;
import io.godwit.schema.Index;
import io.godwit.schema.SchemaTranslator;
import io.godwit.schema.Table;
import io.godwit.schema.TargetTable;
import io.godwit.schema.TypeMappings;
import io.godwit.schema.TypeOptions;
import io.godwit.state.TablePhase;
import io.godwit.state.TableStates;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.UnaryOperator;
import org.junit.jupiter.api.Test;

class KnownTablesTest {

  private static final Dialect POSTGRES = Dialect.of(Engine.POSTGRESQL);

  @Test
  void aFirstRunSaysNothingAboutJoiningOrDroppedTables() {
    List<Finding> findings = new ArrayList<>();
    KnownTables.changes(translate("orders", "customers"), Map.of(), findings);
    assertThat(findings).isEmpty();
  }

  @Test
  void tablesNewSinceTheLastRunAndTablesLeftOutAreNamed() {
    Map<String, TableStates.Known> known = new LinkedHashMap<>();
    known.put("orders", known("orders", TablePhase.STREAMING));
    known.put("products", known("products", TablePhase.STREAMING));
    known.put("archive", known("archive", TablePhase.DROPPED));
    List<Finding> findings = new ArrayList<>();

    KnownTables.changes(translate("orders", "order_lines"), known, findings);

    assertThat(findings)
        .extracting(Finding::subject)
        .containsExactlyInAnyOrder("table order_lines", "table products");
    assertThat(findings).allMatch(f -> f.severity() == Finding.Severity.INFO);
    assertThat(findings)
        .filteredOn(f -> f.subject().equals("table order_lines"))
        .singleElement()
        .satisfies(f -> assertThat(f.message()).contains("new since the last run", "not copied"));
    assertThat(findings)
        .filteredOn(f -> f.subject().equals("table products"))
        .singleElement()
        .satisfies(
            f ->
                assertThat(f.message())
                    .contains("dropped since the last run", "target table products", "left"));
  }

  @Test
  void aDroppedTableSelectedAgainWhoseTargetTableStaysIsRefusedWithTheFix() {
    TargetTable products = translate("products").get(0);
    List<String> ddl = new ArrayList<>();
    List<Finding> findings = new ArrayList<>();

    KnownTables.plan(
        products, known("products", TablePhase.DROPPED), true, POSTGRES, ddl, findings);

    assertThat(ddl).isEmpty();
    assertThat(findings)
        .singleElement()
        .satisfies(
            f -> {
              assertThat(f.severity()).isEqualTo(Finding.Severity.BLOCKER);
              assertThat(f.message()).contains("products was dropped from the migration");
              assertThat(f.fix()).contains("DROP TABLE \"public\".\"products\"");
            });
  }

  @Test
  void aDroppedTableSelectedAgainWithoutItsTargetTableIsCreatedAndCopiedAfresh() {
    TargetTable products = translate("products").get(0);
    List<String> ddl = new ArrayList<>();
    List<Finding> findings = new ArrayList<>();

    KnownTables.plan(
        products, known("products", TablePhase.DROPPED), false, POSTGRES, ddl, findings);

    assertThat(ddl).anySatisfy(sql -> assertThat(sql).startsWith("CREATE TABLE"));
    assertThat(findings)
        .singleElement()
        .satisfies(
            f -> {
              assertThat(f.severity()).isEqualTo(Finding.Severity.INFO);
              assertThat(f.message()).contains("selected again", "afresh");
            });
  }

  private static TableStates.Known known(String table, TablePhase phase) {
    return new TableStates.Known(table, phase, null, 3, false);
  }

  private static List<TargetTable> translate(String... names) {
    List<Table> tables = new ArrayList<>();
    for (String name : names) {
      Column id =
          new Column(
              "id",
              1,
              new ColumnType("int", "int(11)", 4, 10, 0, null, false, List.of(), 0),
              false,
              null,
              false,
              null,
              null,
              null,
              null,
              null);
      Index key = new Index("PRIMARY", List.of(Index.Part.of("id")), true, true);
      tables.add(
          new Table("shop", name, List.of(id), key, List.of(), List.of(), 0, 0, null, List.of()));
    }
    return new SchemaTranslator(
            Engine.MARIADB,
            Engine.POSTGRESQL,
            TypeMappings.between(Engine.MARIADB, Engine.POSTGRESQL, TypeOptions.defaults()))
        .translate(tables, "public", UnaryOperator.identity())
        .tables();
  }
}
