package io.godwit.config;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class TableSelectionTest {

  private final TableSelection tables =
      new TableSelection(
          List.of("*"),
          List.of("audit_*", "tmp_?"),
          Map.of("order", "orders"),
          Map.of("orders.total", "numeric(12,2)"));

  @Test
  void includesEverythingNotExcluded() {
    assertThat(tables.selects("users")).isTrue();
    assertThat(tables.selects("audit_log")).isFalse();
    assertThat(tables.selects("audit_")).isFalse();
    assertThat(tables.selects("tmp_1")).isFalse();
    assertThat(tables.selects("tmp_12")).isTrue();
  }

  @Test
  void globsMatchTheWholeNameCaseSensitively() {
    TableSelection only =
        new TableSelection(List.of("ord*s", "user?"), List.of(), Map.of(), Map.of());

    assertThat(only.selects("orders")).isTrue();
    assertThat(only.selects("ords")).isTrue();
    assertThat(only.selects("orders_x")).isFalse();
    assertThat(only.selects("Orders")).isFalse();
    assertThat(only.selects("users")).isTrue();
    assertThat(only.selects("user")).isFalse();
  }

  @Test
  void renamedTablesGetTheirTargetName() {
    assertThat(tables.targetName("order")).isEqualTo("orders");
    assertThat(tables.targetName("users")).isEqualTo("users");
  }

  @Test
  void columnTypeOverrideIsLookedUpByTableAndColumn() {
    assertThat(tables.columnTypeOverride("orders", "total")).contains("numeric(12,2)");
    assertThat(tables.columnTypeOverride("orders", "id")).isEmpty();
  }
}
