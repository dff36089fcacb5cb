package io.godwit.plan;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.tuple;

import io.godwit.config.InventorySettings;
import io.godwit.db.Dialect;
import io.godwit.engine.Engine;
import io.godwit.schema.CarriedObject;
import io.godwit.schema.CarriedObject.Stage;
import io.godwit.schema.ColumnRules;
import io.godwit.schema.RowFilter;
import io.godwit.schema.SourceObject;
import io.godwit.schema.SourceObject.Kind;
import io.godwit.schema.Table;
import io.godwit.schema.TargetTable;
import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.Test;

/**
 * Which objects a same-engine migration carries, in which order and stage, and why the others stay
 * behind; between engines nothing is carried.
 */
class InventoryTest {

  private static final String APP = "'app'@'%'";
  private static final String GONE = "'gone'@'%'";

  private static final List<SourceObject> OBJECTS =
      List.of(
          view("v_top", "`src`.`v_mid`.`id`", "v_mid"),
          view("v_mid", "`src`.`orders`.`id`", "orders"),
          view("v_renamed", "`src`.`t`.`id`", "t"),
          view("v_missing", "`src`.`other`.`id`", "other"),
          view("v_on_missing", "`src`.`v_missing`.`id`", "v_missing"),
          object(Kind.TRIGGER, "orders_log", "orders", List.of()),
          object(Kind.TRIGGER, "t_log", "t", List.of()),
          object(Kind.GRANT, APP, "orders", List.of()),
          object(Kind.GRANT, GONE, "orders", List.of()));

  @Test
  void nestedViewsFollowWhatTheyReadAndTheRestStaysBehindWithTheReason() {
    Inventory.Result result = inventory(Engine.MARIADB, List.of());

    assertThat(result.carried().objects())
        .extracting(CarriedObject::kind, CarriedObject::name, CarriedObject::stage)
        .containsExactly(
            tuple(Kind.VIEW, "v_mid", Stage.TABLES),
            tuple(Kind.VIEW, "v_top", Stage.TABLES),
            tuple(Kind.TRIGGER, "orders_log", Stage.CUTOVER),
            tuple(Kind.GRANT, APP, Stage.CUTOVER));
    assertThat(result.carried().objects().get(0).create())
        .containsExactly("CREATE OR REPLACE VIEW `v_mid` AS SELECT `tgt`.`orders`.`id`");
    assertThat(result.items())
        .filteredOn(i -> !i.carried())
        .extracting(InventoryItem::name, InventoryItem::reason)
        .containsExactlyInAnyOrder(
            tuple("v_renamed", "it names table t, which the target calls t2 (tables.rename)"),
            tuple("v_missing", "it reads other, which is not migrated"),
            tuple("v_on_missing", "it reads view v_missing, which is not carried"),
            tuple("t_log", "it names table t, which the target calls t2 (tables.rename)"),
            tuple(
                GONE,
                "the target has no role or user 'gone'@'%' (or plan's target user may not list"
                    + " them)"));
    assertThat(result.items())
        .filteredOn(i -> i.name().equals(GONE))
        .singleElement()
        .satisfies(
            i ->
                assertThat(i.fix())
                    .startsWith(
                        "create 'gone'@'%' on the target and run plan again: Godwit then carries"
                            + " the grant; or "));
  }

  @Test
  void skippedKindsAreListedAndNotCarried() {
    Inventory.Result result = inventory(Engine.MARIADB, List.of("views", "grants"));

    assertThat(result.carried().objects())
        .extracting(CarriedObject::name)
        .containsExactly("orders_log");
    assertThat(result.items())
        .filteredOn(i -> i.reason().equals("skipped by inventory.skip"))
        .extracting(InventoryItem::name)
        .containsExactlyInAnyOrder(
            "v_top", "v_mid", "v_renamed", "v_missing", "v_on_missing", APP, GONE);
  }

  @Test
  void betweenEnginesNothingIsCarried() {
    Inventory.Result result = inventory(Engine.POSTGRESQL, List.of());

    assertThat(result.carried().objects()).isEmpty();
    assertThat(result.items()).noneMatch(InventoryItem::carried);
  }

  private static Inventory.Result inventory(Engine target, List<String> skip) {
    Table orders = table("orders");
    Table t = table("t");
    return Inventory.of(
        OBJECTS,
        List.of(orders, t),
        List.of(translated(orders, "orders"), translated(t, "t2")),
        Set.of(),
        Engine.MARIADB,
        Dialect.of(target),
        new Inventory.Scope("src", "tgt", new InventorySettings(skip), Set.of(APP)));
  }

  private static Table table(String name) {
    return new Table("src", name, List.of(), null, List.of(), List.of(), 0, 0, null, List.of());
  }

  private static TargetTable translated(Table source, String name) {
    return new TargetTable(
        source,
        "tgt",
        name,
        List.of(),
        List.of(),
        false,
        List.of(),
        List.of(),
        List.of(),
        List.of(),
        RowFilter.ALL,
        ColumnRules.NONE);
  }

  private static SourceObject view(String name, String column, String reads) {
    return object(
        Kind.VIEW,
        name,
        null,
        List.of("CREATE OR REPLACE VIEW `%s` AS SELECT %s".formatted(name, column)),
        List.of(reads));
  }

  private static SourceObject object(Kind kind, String name, String table, List<String> uses) {
    return object(kind, name, table, List.of("CREATE " + name), uses);
  }

  private static SourceObject object(
      Kind kind, String name, String table, List<String> create, List<String> uses) {
    return new SourceObject(
        kind,
        name,
        table,
        "source definition of " + name,
        null,
        new SourceObject.Carry(create, List.of("DROP " + name), uses));
  }
}
