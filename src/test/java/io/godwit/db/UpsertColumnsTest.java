package io.godwit.db;

import static org.assertj.core.api.Assertions.assertThat;

import io.godwit.schema.MappedType;
import io.godwit.schema.TargetTable;
import io.godwit.schema.TargetTable.TargetColumn;
import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.Test;

class UpsertColumnsTest {

  @Test
  void writesTheColumnsNeitherKeptNorDefaultedAndUpdatesThoseOfThemOutsideTheKey() {
    TargetTable table =
        PostgresDdlTest.table(
            "shop",
            "orders",
            List.of(text("id"), text("region"), text("note"), text("added"), text("qty")),
            List.of("id", "region"),
            List.of(),
            List.of());

    UpsertColumns columns = UpsertColumns.of(table, Set.of("note"), Set.of("added"));

    assertThat(columns.names()).containsExactly("id", "region", "note", "added", "qty");
    assertThat(columns.written()).containsExactly("id", "region", "qty");
    assertThat(columns.updated()).containsExactly("qty");
    assertThat(columns.positions(List.of("qty", "id", "region"))).containsExactly(4, 0, 1);
  }

  private static TargetColumn text(String name) {
    return PostgresDdlTest.column(name, MappedType.exact("text"), true, null);
  }
}
