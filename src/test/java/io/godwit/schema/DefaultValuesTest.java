package io.godwit.schema;

import static io.godwit.schema.SourceTables.MY;
import static io.godwit.schema.SourceTables.PG;
import static io.godwit.schema.SourceTables.col;
import static io.godwit.schema.SourceTables.table;
import static io.godwit.schema.SourceTables.translate;
import static io.godwit.schema.SourceTables.withDefault;
import static org.assertj.core.api.Assertions.assertThat;

import io.godwit.engine.Engine;
import io.godwit.schema.TargetTable.TargetColumn;
import java.util.List;
import org.junit.jupiter.api.Test;

/** Column defaults through the translator: kept where safe, dropped with a warning otherwise. */
class DefaultValuesTest {

  @Test
  void translatesSafeDefaultsAndDropsOthersWithAWarning() {
    Table t =
        table(
            "d",
            List.of(
                withDefault(col(MY, "name", "varchar(20)"), "'it''s'"),
                withDefault(col(MY, "n", "int(11)"), "-5"),
                withDefault(col(MY, "flag", "tinyint(1)"), "0"),
                withDefault(col(MY, "on", "bit(1)"), "b'1'"),
                withDefault(col(MY, "bits", "bit(4)"), "b'11'"),
                withDefault(col(MY, "at", "timestamp(3)"), "current_timestamp(3)"),
                withDefault(col(MY, "zero", "datetime"), "'0000-00-00 00:00:00'"),
                withDefault(col(MY, "uid", "varchar(36)"), "uuid()"),
                withDefault(col(MY, "path", "varchar(20)"), "'a\\\\b'"),
                withDefault(col(MY, "none", "varchar(20)"), "NULL")),
            null,
            List.of(),
            List.of());
    Translation translation = translate(MY, PG, t);
    TargetTable target = table(translation, "d");
    assertThat(target.columns())
        .extracting(TargetColumn::defaultExpression)
        .containsExactly(
            "'it''s'",
            "-5",
            "false",
            "true",
            "B'0011'",
            "CURRENT_TIMESTAMP",
            null,
            null,
            null,
            null);
    assertThat(translation.warnings())
        .hasSize(3)
        .anySatisfy(w -> assertThat(w).startsWith("d.zero: default '0000-00-00 00:00:00'"))
        .anySatisfy(w -> assertThat(w).startsWith("d.uid: default uuid() is not kept"))
        .anySatisfy(w -> assertThat(w).startsWith("d.path: default"));
  }

  @Test
  void translatesPostgresDefaultsForMySql() {
    Table t =
        table(
            "d",
            List.of(
                withDefault(col(PG, "name", "character varying(20)"), "'it''s'::character varying"),
                withDefault(col(PG, "body", "text"), "''::text"),
                withDefault(col(PG, "doc", "jsonb"), "'{}'::jsonb"),
                withDefault(col(PG, "ok", "boolean"), "true"),
                withDefault(col(PG, "at", "timestamp with time zone"), "now()"),
                withDefault(col(PG, "n", "integer"), "'-1'::integer"),
                withDefault(col(PG, "id", "uuid"), "gen_random_uuid()"),
                withDefault(col(PG, "tags", "text[]"), "'{}'::text[]"),
                withDefault(col(PG, "path", "text"), "'a\\b'::text")),
            null,
            List.of(),
            List.of());
    Translation translation = translate(PG, MY, t);
    assertThat(table(translation, "d").columns())
        .extracting(TargetColumn::defaultExpression)
        .containsExactly(
            "'it''s'",
            "('')",
            "('{}')",
            "1",
            "CURRENT_TIMESTAMP(6)",
            "'-1'",
            null,
            null,
            "('a\\\\b')");
    assertThat(translation.warnings())
        .extracting(w -> w.substring(0, w.indexOf(':')))
        .containsExactly("d.id", "d.tags");
  }

  @Test
  void keepsExpressionDefaultsWithinAnEngineFamily() {
    Table pgTable =
        table(
            "d",
            List.of(
                withDefault(col(PG, "mood", "mood('a','b')"), "'a'::other.mood"),
                withDefault(col(PG, "due", "date"), "(CURRENT_DATE + '1 day'::interval)")),
            null,
            List.of(),
            List.of());
    assertThat(table(translate(PG, PG, pgTable), "d").columns())
        .extracting(TargetColumn::defaultExpression)
        .containsExactly("'a'", "(CURRENT_DATE + '1 day'::interval)");
    Table myTable =
        table(
            "d",
            List.of(
                withDefault(col(MY, "uid", "varchar(36)"), "uuid()"),
                withDefault(col(MY, "at", "datetime(6)"), "current_timestamp(6)")),
            null,
            List.of(),
            List.of());
    assertThat(table(translate(Engine.MARIADB, MY, myTable), "d").columns())
        .extracting(TargetColumn::defaultExpression)
        .containsExactly("(uuid())", "current_timestamp(6)");
  }
}
