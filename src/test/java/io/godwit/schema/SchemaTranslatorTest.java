package io.godwit.schema;

import static io.godwit.schema.SourceTables.MY;
import static io.godwit.schema.SourceTables.PG;
import static io.godwit.schema.SourceTables.autoIncrement;
import static io.godwit.schema.SourceTables.col;
import static io.godwit.schema.SourceTables.column;
import static io.godwit.schema.SourceTables.generated;
import static io.godwit.schema.SourceTables.index;
import static io.godwit.schema.SourceTables.notNull;
import static io.godwit.schema.SourceTables.pk;
import static io.godwit.schema.SourceTables.table;
import static io.godwit.schema.SourceTables.translate;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.tuple;

import io.godwit.schema.TargetTable.TargetColumn;
import io.godwit.schema.TargetTable.TargetForeignKey;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class SchemaTranslatorTest {

  @Test
  void renamesTablesAndTheirForeignKeyTargets() {
    Table orders =
        table("orders", List.of(notNull(col(MY, "id", "int(11)"))), pk("id"), List.of(), List.of());
    Table items =
        table(
            "items",
            List.of(notNull(col(MY, "id", "int(11)")), col(MY, "order_id", "int(11)")),
            pk("id"),
            List.of(),
            List.of(
                new ForeignKey(
                    "fk_order",
                    List.of("order_id"),
                    "src",
                    "orders",
                    List.of("id"),
                    "CASCADE",
                    "RESTRICT")));
    Translation t = translate(MY, PG, orders, items);
    assertThat(t.tables()).extracting(TargetTable::name).containsExactly("shop_orders", "items");
    assertThat(table(t, "shop_orders").schema()).isEqualTo("dst");
    assertThat(table(t, "items").foreignKeys())
        .containsExactly(
            new TargetForeignKey(
                "fk_order",
                List.of("order_id"),
                "dst",
                "shop_orders",
                List.of("id"),
                "CASCADE",
                "RESTRICT"));
    assertThat(t.warnings()).isEmpty();
    assertThat(t.errors()).isEmpty();
  }

  @Test
  void aUniqueNotNullKeyBecomesThePrimaryKeyOfATableWithoutOne() {
    Index unique = index("uq_code", true, Index.Part.of("code"));
    Index other = index("ix_name", false, Index.Part.of("name"));
    Table t =
        table(
            "codes",
            List.of(notNull(col(MY, "code", "varchar(10)")), col(MY, "name", "varchar(50)")),
            null,
            List.of(unique, other),
            List.of());
    TargetTable target = table(translate(MY, PG, t), "codes");
    assertThat(target.primaryKey()).containsExactly("code");
    assertThat(target.primaryKeyIsUnique()).isTrue();
    assertThat(target.indexes()).extracting(Index::name).containsExactly("ix_name");
  }

  @Test
  void generatedColumnsBecomePlainColumnsWithAWarning() {
    Table t =
        table(
            "lines",
            List.of(col(MY, "qty", "int(11)"), generated(col(MY, "total", "int(11)"), "qty * 2")),
            null,
            List.of(),
            List.of());
    Translation translation = translate(MY, PG, t);
    TargetColumn total = column(table(translation, "lines"), "total");
    assertThat(total.defaultExpression()).isNull();
    assertThat(total.identity()).isFalse();
    assertThat(translation.warnings())
        .singleElement()
        .asString()
        .startsWith("lines.total: generated column (qty * 2) becomes a plain column");
  }

  @Test
  void dropsForeignKeysToTablesOutsideTheMigrationOrToNonUniqueColumns() {
    Table parent =
        table(
            "parent",
            List.of(notNull(col(MY, "id", "int(11)")), col(MY, "code", "int(11)")),
            pk("id"),
            List.of(index("ix_code", false, Index.Part.of("code"))),
            List.of());
    Table child =
        table(
            "child",
            List.of(col(MY, "a", "int(11)"), col(MY, "b", "int(11)")),
            null,
            List.of(),
            List.of(
                new ForeignKey(
                    "fk_gone",
                    List.of("a"),
                    "src",
                    "gone",
                    List.of("id"),
                    "NO ACTION",
                    "NO ACTION"),
                new ForeignKey(
                    "fk_other_db",
                    List.of("a"),
                    "elsewhere",
                    "parent",
                    List.of("id"),
                    "NO ACTION",
                    "NO ACTION"),
                new ForeignKey(
                    "fk_code",
                    List.of("b"),
                    "src",
                    "parent",
                    List.of("code"),
                    "NO ACTION",
                    "NO ACTION")));
    Translation translation = translate(MY, PG, parent, child);
    assertThat(table(translation, "child").foreignKeys()).isEmpty();
    assertThat(translation.warnings())
        .containsExactly(
            "child: foreign key fk_gone references src.gone, which is not migrated; it is not created",
            "child: foreign key fk_other_db references elsewhere.parent, which is not migrated; it is"
                + " not created",
            "child: foreign key fk_code references parent [code], which is not a primary or unique"
                + " key as PostgreSQL requires; it is not created");
  }

  @Test
  void foreignKeyColumnsTakeTheTypeOfTheColumnTheyReference() {
    Table parent =
        table(
            "parent",
            List.of(autoIncrement(col(MY, "id", "bigint(20) unsigned"))),
            pk("id"),
            List.of(),
            List.of());
    Table child =
        table(
            "child",
            List.of(
                col(MY, "parent_id", "bigint(20) unsigned"), col(MY, "n", "bigint(20) unsigned")),
            null,
            List.of(),
            List.of(
                new ForeignKey(
                    "fk",
                    List.of("parent_id"),
                    "src",
                    "parent",
                    List.of("id"),
                    "CASCADE",
                    "CASCADE")));
    Translation translation = translate(MY, PG, parent, child);
    assertThat(column(table(translation, "parent"), "id").identity()).isTrue();
    assertThat(translation.columns())
        .extracting(ColumnMapping::table, ColumnMapping::column, ColumnMapping::targetType)
        .containsExactly(
            org.assertj.core.groups.Tuple.tuple("parent", "id", "bigint"),
            org.assertj.core.groups.Tuple.tuple("child", "parent_id", "bigint"),
            org.assertj.core.groups.Tuple.tuple("child", "n", "numeric(20,0)"));
    assertThat(translation.columns().get(1).note())
        .startsWith("as the referenced column parent.id: ");
  }

  @Test
  void identityNeedsAnIntegerOnPostgresAndTheLeadingKeyColumnOnMySql() {
    Table numericId =
        table(
            "n", List.of(autoIncrement(col(MY, "id", "int(11)"))), pk("id"), List.of(), List.of());
    Translation overridden = translate(MY, PG, Map.of("n.id", "numeric(10,0)"), numericId);
    assertThat(column(table(overridden, "n"), "id").identity()).isFalse();
    assertThat(overridden.warnings()).singleElement().asString().startsWith("n.id: auto-increment");

    Table serials =
        table(
            "s",
            List.of(
                autoIncrement(col(PG, "tenant", "integer")),
                autoIncrement(col(PG, "id", "bigint")),
                autoIncrement(col(PG, "seq", "integer"))),
            pk("tenant", "id"),
            List.of(),
            List.of());
    Translation mysql = translate(PG, MY, serials);
    assertThat(table(mysql, "s").columns())
        .extracting(TargetColumn::identity)
        .containsExactly(true, false, false);
    assertThat(mysql.warnings()).hasSize(2).allMatch(w -> w.contains("AUTO_INCREMENT"));
  }

  @Test
  void prefixAndExpressionIndexesAcrossEngines() {
    Table t =
        table(
            "docs",
            List.of(
                notNull(col(MY, "id", "int(11)")),
                col(MY, "body", "text"),
                col(MY, "title", "varchar(200)")),
            pk("id"),
            List.of(
                index("ix_body", false, new Index.Part("body", false, 20, false)),
                index("ix_expr", false, new Index.Part("(expression)", false, null, true)),
                index("ix_title", true, new Index.Part("title", true, null, false))),
            List.of());
    Translation translation = translate(MY, PG, t);
    assertThat(table(translation, "docs").indexes())
        .containsExactly(
            index("ix_body", false, Index.Part.of("body")),
            index("ix_title", true, new Index.Part("title", true, null, false)));
    assertThat(translation.warnings())
        .hasSize(2)
        .anySatisfy(w -> assertThat(w).startsWith("docs: index ix_body indexed the first 20"))
        .anySatisfy(w -> assertThat(w).startsWith("docs: index ix_expr has an expression"));
    assertThat(table(translate(MY, MY, t), "docs").indexes()).hasSize(3);
  }

  @Test
  void mySqlIndexesOnLongTextUseAPrefixAndSkipJson() {
    Table t =
        table(
            "docs",
            List.of(
                notNull(col(PG, "id", "integer")),
                col(PG, "body", "text"),
                col(PG, "title", "character varying(1000)"),
                col(PG, "doc", "jsonb")),
            pk("id"),
            List.of(
                index("docs_body", false, Index.Part.of("body")),
                index("docs_title", false, Index.Part.of("title")),
                index("docs_doc", false, Index.Part.of("doc"))),
            List.of());
    Translation translation = translate(PG, MY, t);
    assertThat(table(translation, "docs").indexes())
        .containsExactly(
            index("docs_body", false, new Index.Part("body", false, 255, false)),
            index("docs_title", false, new Index.Part("title", false, 768, false)));
    assertThat(translation.warnings()).hasSize(3);
  }

  @Test
  void indexNamesSharedBetweenTablesArePrefixedOnPostgres() {
    Table a =
        table(
            "a",
            List.of(col(MY, "x", "int(11)")),
            null,
            List.of(
                index("ix_x", false, Index.Part.of("x")), index("b", false, Index.Part.of("x"))),
            List.of());
    Table b =
        table(
            "b",
            List.of(col(MY, "x", "int(11)")),
            null,
            List.of(index("ix_x", false, Index.Part.of("x"))),
            List.of());
    Translation translation = translate(MY, PG, a, b);
    assertThat(table(translation, "a").indexes())
        .extracting(Index::name)
        .containsExactly("a_ix_x", "a_b");
    assertThat(table(translation, "b").indexes()).extracting(Index::name).containsExactly("b_ix_x");
  }

  @Test
  void foreignKeyNamesSharedBetweenTablesArePrefixedOnMySql() {
    Table parent =
        table("p", List.of(notNull(col(PG, "id", "integer"))), pk("id"), List.of(), List.of());
    ForeignKey fk =
        new ForeignKey(
            "fk_p", List.of("p_id"), "src", "p", List.of("id"), "SET DEFAULT", "NO ACTION");
    Table a = table("a", List.of(col(PG, "p_id", "integer")), null, List.of(), List.of(fk));
    Table b = table("b", List.of(col(PG, "p_id", "integer")), null, List.of(), List.of(fk));
    Translation translation = translate(PG, MY, parent, a, b);
    assertThat(table(translation, "a").foreignKeys())
        .singleElement()
        .satisfies(
            f -> {
              assertThat(f.name()).isEqualTo("a_fk_p");
              assertThat(f.onUpdate()).isEqualTo("NO ACTION");
            });
    assertThat(table(translation, "b").foreignKeys())
        .extracting(TargetForeignKey::name)
        .containsExactly("b_fk_p");
    assertThat(translation.warnings()).hasSize(2).allMatch(w -> w.contains("SET DEFAULT"));
  }

  @Test
  void unsupportedTypesAndLongNamesAreErrorsAndLeaveTheTableOut() {
    Table bad = table("bad", List.of(col(PG, "v", "tsvector")), null, List.of(), List.of());
    Table good = table("good", List.of(col(PG, "n", "integer")), null, List.of(), List.of());
    Translation translation = translate(PG, MY, bad, good);
    assertThat(translation.tables()).extracting(TargetTable::name).containsExactly("good");
    assertThat(translation.errors())
        .singleElement()
        .asString()
        .startsWith("bad.v has type tsvector");
    String longName = "c".repeat(64);
    Table wide = table("wide", List.of(col(MY, longName, "int(11)")), null, List.of(), List.of());
    assertThat(translate(MY, PG, wide).errors())
        .singleElement()
        .asString()
        .startsWith("wide." + longName + ": the column name is longer than PostgreSQL's 63 bytes");
  }

  @Test
  void listsHowEveryColumnIsMapped() {
    Table t =
        table(
            "t",
            List.of(col(MY, "flag", "tinyint(1)"), col(MY, "n", "int(11)")),
            null,
            List.of(),
            List.of());
    assertThat(translate(MY, PG, t).columns())
        .extracting(
            ColumnMapping::table,
            ColumnMapping::column,
            ColumnMapping::sourceType,
            ColumnMapping::targetType,
            ColumnMapping::fidelity,
            ColumnMapping::note,
            m -> m.losses().stream().map(Loss::predicate).toList())
        .containsExactly(
            tuple(
                "t",
                "flag",
                "tinyint(1)",
                "boolean",
                Fidelity.LOSSY,
                "tinyint(1) as boolean: values other than 0 and 1 become true",
                List.of("%1$s NOT IN (0, 1)")),
            tuple("t", "n", "int(11)", "integer", Fidelity.EXACT, "", List.of()));
  }
}
