package io.godwit.schema;

import static io.godwit.schema.SourceTables.col;
import static io.godwit.schema.SourceTables.generated;
import static io.godwit.schema.SourceTables.index;
import static io.godwit.schema.SourceTables.notNull;
import static io.godwit.schema.SourceTables.pk;
import static io.godwit.schema.SourceTables.table;
import static io.godwit.schema.SourceTables.translate;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.godwit.engine.Engine;
import io.godwit.schema.TargetTable.TargetColumn;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.Test;

/** {@code tables.columns} applied to a translated table, and every way it can not fit. */
class ColumnRuleBinderTest {

  private static final Engine MY = Engine.MARIADB;
  private static final Engine PG = Engine.POSTGRESQL;

  private static TargetTable customers() {
    Table source =
        table(
            "customers",
            List.of(
                notNull(col(MY, "id", "int(11)")),
                col(MY, "fname", "varchar(40)"),
                col(MY, "email", "varchar(200)"),
                notNull(col(MY, "ssn", "char(11)")),
                col(MY, "score", "double"),
                col(MY, "bio", "text")),
            pk("id"),
            List.of(
                index("by_email", true, Index.Part.of("email")),
                index("by_ssn", false, Index.Part.of("ssn"), Index.Part.of("fname")),
                index("by_name", false, Index.Part.of("fname"))),
            List.of());
    return SourceTables.table(translate(MY, PG, source), "customers");
  }

  private static ColumnRules rules(
      List<String> exclude, Map<String, String> rename, Map<String, ColumnRules.Mask> mask) {
    return new ColumnRules(exclude, rename, mask);
  }

  private static ColumnRuleBinder.Bound bind(TargetTable t, ColumnRules rules) {
    return new ColumnRuleBinder(t, rules, PG, Set.of()).bind();
  }

  @Test
  void excludedColumnsLeaveRenamedOnesMoveAndMaskedOnesHoldSixtyFourCharacters() {
    ColumnRuleBinder.Bound bound =
        bind(
            customers(),
            rules(
                List.of("ssn"),
                Map.of("fname", "first_name", "id", "customer_id"),
                Map.of("email", ColumnRules.Mask.SHA256, "bio", ColumnRules.Mask.SHA256)));
    TargetTable t = bound.table();

    assertThat(t.columns().stream().map(TargetColumn::name))
        .containsExactly("customer_id", "first_name", "email", "score", "bio");
    assertThat(t.columns().stream().map(c -> c.source().name()))
        .containsExactly("id", "fname", "email", "score", "bio");
    assertThat(t.primaryKey()).containsExactly("customer_id");
    TargetColumn email = t.columns().get(2);
    assertThat(email.type().sqlType()).isEqualTo("char(64)");
    assertThat(email.mask()).isEqualTo(ColumnRules.Mask.SHA256);
    assertThat(t.columns().get(1).isMasked()).isFalse();
    assertThat(t.indexes().stream().map(Index::name)).containsExactly("by_email", "by_name");
    assertThat(t.indexes().get(1).columnNames()).containsExactly("first_name");
    assertThat(bound.warnings())
        .anyMatch(w -> w.contains("index by_ssn") && w.contains("excluded column ssn"))
        .anyMatch(w -> w.contains("ssn is NOT NULL without a default"));
    assertThat(t.columnRules().describe())
        .isEqualTo(
            "exclude: ssn; rename: fname -> first_name, id -> customer_id;"
                + " mask: bio sha256, email sha256");
  }

  @Test
  void everyProblemIsReportedAtOnceNamingTheColumnAndTheFix() {
    TargetTable plain = customers();
    TargetTable filtered = plain.withRows(RowFilter.parse("fname = 'x'").bind(plain, MY));
    ColumnRules bad =
        rules(
            List.of("id", "nope", "fname"),
            Map.of("score", "email", "bio", "email"),
            Map.of("score", ColumnRules.Mask.SHA256, "ssn", ColumnRules.Mask.SHA256));

    assertThatThrownBy(() -> bind(filtered, bad))
        .isInstanceOf(InvalidColumnRulesException.class)
        .hasMessageContaining("nope is not a column of table customers; fix: name one of id,")
        .hasMessageContaining("column id is part of the row key (id)")
        .hasMessageContaining("column fname is read by the table's row filter")
        .hasMessageContaining("are both renamed to email; fix: give each its own name")
        .hasMessageContaining(
            "column score is renamed to email, but the table keeps a column email")
        .hasMessageContaining("column score is double, which sha256 does not mask")
        .hasMessageContaining("column ssn is char(11), which sha256 does not mask");
  }

  @Test
  void aColumnBothExcludedAndMaskedOrRenamedIsRefused() {
    assertThat(
            rules(List.of("ssn"), Map.of("ssn", "x"), Map.of("ssn", ColumnRules.Mask.SHA256))
                .conflicts())
        .containsExactly(
            "column ssn is both excluded and masked; fix: keep it in one of exclude and mask",
            "column ssn is both excluded and renamed; fix: remove it from rename");
  }

  @Test
  void aMaskedOrExcludedColumnWithATypeOverrideIsRefused() {
    assertThatThrownBy(
            () ->
                new ColumnRuleBinder(
                        customers(),
                        rules(List.of("bio"), Map.of(), Map.of("email", ColumnRules.Mask.SHA256)),
                        PG,
                        Set.of("email", "bio"))
                    .bind())
        .hasMessageContaining("remove customers.email from tables.column-types")
        .hasMessageContaining("remove customers.bio from tables.column-types");
  }

  @Test
  void aColumnAGeneratedColumnMayReadCannotBeExcludedOrRenamed() {
    Table source =
        table(
            "t",
            List.of(
                notNull(col(PG, "id", "integer")),
                col(PG, "price", "integer"),
                generated(col(PG, "doubled", "integer"), "(price * 2)")),
            pk("id"),
            List.of(),
            List.of());
    TargetTable t = SourceTables.table(translate(PG, PG, source), "t");
    assertThatThrownBy(() -> bind(t, rules(List.of(), Map.of("price", "cost"), Map.of())))
        .hasMessageContaining("column price may be read by the generated column doubled");
    assertThat(bind(t, rules(List.of("doubled"), Map.of(), Map.of())).table().columns()).hasSize(2);
  }

  @Test
  void sha256IsTheLowercaseHexDigestOfTheUtf8TextAndNullStaysNull() throws Exception {
    for (String text : List.of("", "a", "é", "😀 4-byte", "x".repeat(10_000))) {
      String expected =
          HexFormat.of()
              .formatHex(
                  MessageDigest.getInstance("SHA-256")
                      .digest(text.getBytes(StandardCharsets.UTF_8)));
      assertThat(ColumnRules.Mask.SHA256.apply(text)).isEqualTo(expected).hasSize(64);
    }
    assertThat(ColumnRules.Mask.SHA256.apply(""))
        .isEqualTo("e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855");
    assertThat(ColumnRules.Mask.SHA256.apply(null)).isNull();
  }
}
