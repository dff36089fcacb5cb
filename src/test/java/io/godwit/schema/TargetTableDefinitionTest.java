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
}
