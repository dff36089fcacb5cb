package io.godwit.config;

import static io.godwit.config.Fixtures.loadMinimalWith;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.godwit.schema.ColumnRules;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** {@code tables.columns} read from the migration file, and its mistakes named at load. */
class ColumnRulesConfigTest {

  @Test
  void readsExcludeRenameAndMaskPerTable() {
    MigrationConfig config =
        loadMinimalWith(
            """
            tables:
              columns:
                customers: { exclude: [ssn], rename: { fname: first_name }, mask: { email: sha256 } }
                orders: { exclude: [note] }
            """);

    assertThat(config.tables().columns())
        .containsExactly(
            Map.entry(
                "customers",
                new ColumnRules(
                    List.of("ssn"),
                    Map.of("fname", "first_name"),
                    Map.of("email", ColumnRules.Mask.SHA256))),
            Map.entry("orders", new ColumnRules(List.of("note"), Map.of(), Map.of())));
    assertThat(loadMinimalWith("").tables().columns()).isEmpty();
  }

  @Test
  void anUnknownMaskOrRuleIsNamedWithTheChoices() {
    assertThatThrownBy(
            () ->
                loadMinimalWith(
                    """
                    tables:
                      columns:
                        customers: { mask: { email: md5 } }
                    """))
        .isInstanceOf(ConfigException.class)
        .hasMessageContaining(
            "tables.columns: table 'customers', mask: column 'email' has the unknown mask 'md5'")
        .hasMessageContaining("use one of sha256");
    assertThatThrownBy(
            () ->
                loadMinimalWith(
                    """
                    tables:
                      columns:
                        customers: { drop: [ssn] }
                    """))
        .hasMessageContaining("table 'customers', drop: unknown rule")
        .hasMessageContaining("use exclude, rename or mask");
  }

  @Test
  void aColumnWithTwoRulesOrTwoColumnsRenamedToOneNameAreRefused() {
    assertThatThrownBy(
            () ->
                loadMinimalWith(
                    """
                    tables:
                      columns:
                        customers:
                          exclude: [ssn]
                          mask: { ssn: sha256 }
                          rename: { a: x, b: x }
                    """))
        .isInstanceOf(ConfigException.class)
        .hasMessageContaining("table 'customers': column ssn is both excluded and masked")
        .hasMessageContaining("table 'customers': columns a and b are both renamed to x");
  }
}
