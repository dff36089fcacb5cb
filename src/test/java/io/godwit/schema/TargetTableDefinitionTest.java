package io.godwit.schema;

import static io.godwit.schema.SourceTables.col;
import static io.godwit.schema.SourceTables.notNull;
import static io.godwit.schema.SourceTables.pk;
import static io.godwit.schema.SourceTables.table;
import static io.godwit.schema.SourceTables.translate;
import static org.assertj.core.api.Assertions.assertThat;

import io.godwit.engine.Engine;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** What a later run counts as a changed plan for a table created with an earlier one. */
class TargetTableDefinitionTest {

  private static final Engine MY = Engine.MARIADB;
  private static final Engine PG = Engine.POSTGRESQL;

  private static TargetTable items(Map<String, String> overrides, String... extraColumns) {
    List<Column> columns = new ArrayList<>();
    columns.add(notNull(col(MY, "id", "int(11)")));
    columns.add(col(MY, "code\twith tab", "varchar(20)"));
    for (String c : extraColumns) {
      columns.add(col(MY, c, "int(11)"));
    }
    Table source = table("items", columns, pk("id"), List.of(), List.of());
    return SourceTables.table(translate(MY, PG, overrides, source), "items");
  }

  @Test
  void theSamePlanIsNoChange() {
    assertThat(items(Map.of()).changesSince(items(Map.of()).definition())).isEmpty();
  }

  @Test
  void aColumnTypeChangeIsNamedWithBothTypes() {
    String before = items(Map.of("items.code\twith tab", "varchar(5)")).definition();
    assertThat(items(Map.of()).changesSince(before))
        .containsExactly("code\twith tab: varchar(5) -> varchar(20)");
  }

  @Test
  void columnsAddedOrDroppedOnTheSourceAreLeftToTheApplier() {
    String before = items(Map.of(), "gone").definition();
    assertThat(items(Map.of(), "added").changesSince(before)).isEmpty();
  }

  private static TargetTable filtered(String filter) {
    TargetTable t = items(Map.of(), "qty");
    return t.withRows(RowFilter.parse(filter).bind(t, MY));
  }

  @Test
  void aFilterAddedChangedOrRemovedIsAChange() {
    String none = items(Map.of(), "qty").definition();
    String some = filtered("qty > 5").definition();
    assertThat(filtered("qty > 5").changesSince(none))
        .singleElement()
        .asString()
        .startsWith("row filter: (all rows) -> ")
        .contains("qty", "> 5");
    assertThat(filtered("qty > 6").changesSince(some)).singleElement().asString().contains("> 6");
    assertThat(items(Map.of(), "qty").changesSince(some))
        .singleElement()
        .asString()
        .endsWith("-> (all rows)");
  }

  @Test
  void theSameFilterWrittenOtherwiseIsNoChange() {
    String recorded = filtered("qty > 5 and id in (1, 2)").definition();
    assertThat(filtered("  QTY>5   AND\n id IN (1,2)").changesSince(recorded)).isEmpty();
  }

  @Test
  void aTextConstantOnSeveralLinesStaysOneRecordedLine() {
    String recorded = filtered("\"code\twith tab\" = 'a\nb' or qty is null").definition();
    assertThat(recorded.lines().filter(l -> l.startsWith("filter\t"))).hasSize(1);
    assertThat(filtered("\"code\twith tab\" = 'a\nb' or qty is null").changesSince(recorded))
        .isEmpty();
    assertThat(filtered("\"code\twith tab\" = 'a b' or qty is null").changesSince(recorded))
        .hasSize(1);
  }

  private static TargetTable ruled(ColumnRules rules) {
    TargetTable t = items(Map.of(), "qty", "note");
    return new ColumnRuleBinder(t, rules, PG, java.util.Set.of()).bind().table();
  }

  @Test
  void columnRulesAddedChangedOrRemovedAreAChange() {
    String none = items(Map.of(), "qty", "note").definition();
    ColumnRules rename = new ColumnRules(List.of(), Map.of("qty", "quantity"), Map.of());
    String renamed = ruled(rename).definition();

    assertThat(ruled(rename).changesSince(none))
        .containsExactly("column rules: (none) -> {rename: qty -> quantity}");
    assertThat(ruled(new ColumnRules(List.of("qty"), Map.of(), Map.of())).changesSince(renamed))
        .containsExactly("column rules: {rename: qty -> quantity} -> {exclude: qty}");
    assertThat(items(Map.of(), "qty", "note").changesSince(renamed))
        .containsExactly("column rules: {rename: qty -> quantity} -> (none)");
    assertThat(ruled(rename).changesSince(renamed)).isEmpty();
  }
}
