package io.godwit.schema;

import static io.godwit.schema.SourceTables.col;
import static io.godwit.schema.SourceTables.notNull;
import static io.godwit.schema.SourceTables.pk;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.godwit.engine.Engine;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class RowFilterTest {

  private static final RowFilter.Sql SQL =
      new RowFilter.Sql() {
        @Override
        public String quote(String column) {
          return "\"" + column + "\"";
        }

        @Override
        public String exactText(String quotedColumn) {
          return "EXACT(" + quotedColumn + ")";
        }
      };

  private static TargetTable orders(Engine source) {
    boolean my = source.isMySqlFamily();
    Table table =
        SourceTables.table(
            "orders",
            List.of(
                notNull(col(source, "id", my ? "bigint(20)" : "bigint")),
                col(source, "tenant_id", my ? "int(11)" : "integer"),
                col(source, "total", my ? "decimal(12,2)" : "numeric(12,2)"),
                col(source, "created_at", my ? "datetime(6)" : "timestamp(6) without time zone"),
                col(source, "due", "date"),
                col(source, "status", my ? "varchar(20)" : "character varying(20)"),
                col(source, "weight", my ? "double" : "double precision"),
                col(source, "stamped", my ? "timestamp" : "timestamp with time zone")),
            pk("id"),
            List.of(),
            List.of());
    return SourceTables.translate(source, Engine.POSTGRESQL, table).tables().get(0);
  }

  private static RowFilter bound(String text) {
    return RowFilter.parse(text).bind(orders(Engine.MARIADB), Engine.MARIADB);
  }

  private static boolean accepts(RowFilter f, Object... pairs) {
    Map<String, String> row = new HashMap<>();
    for (int i = 0; i < pairs.length; i += 2) {
      row.put((String) pairs[i], (String) pairs[i + 1]);
    }
    return f.accepts(row::get);
  }

  @Test
  void rendersTheSubsetAsSqlWithTypedLiteralsAndExactText() {
    RowFilter f =
        bound(
            "created_at >= '2024-01-01' AND tenant_id IN (7, -9) OR NOT (status = 'it''s')"
                + " AND due BETWEEN '2024-01-01' AND '2024-12-31' AND total IS NOT NULL");
    assertThat(f.sql(SQL))
        .isEqualTo(
            "((\"created_at\" >= TIMESTAMP '2024-01-01 00:00:00' AND \"tenant_id\" IN (7, -9))"
                + " OR (((NOT EXACT(\"status\") = 'it''s') AND \"due\" BETWEEN DATE '2024-01-01'"
                + " AND DATE '2024-12-31') AND \"total\" IS NOT NULL))");
    assertThat(f.columns())
        .containsExactlyInAnyOrder("created_at", "tenant_id", "status", "due", "total");
  }

  @Test
  void givesNotAndOrTheirSqlPrecedence() {
    RowFilter f = bound("tenant_id IN (1) OR NOT tenant_id = 2 AND total > 0");
    assertThat(f.sql(SQL))
        .isEqualTo("(\"tenant_id\" IN (1) OR ((NOT \"tenant_id\" = 2) AND \"total\" > 0))");
    assertThat(accepts(f, "tenant_id", "1", "total", "-1")).isTrue();
    assertThat(accepts(f, "tenant_id", "3", "total", "-1")).isFalse();
    assertThat(accepts(f, "tenant_id", "3", "total", "1")).isTrue();
    assertThat(accepts(f, "tenant_id", "2", "total", "1")).isFalse();
  }

  @Test
  void followsThreeValuedLogicSoNullComparisonsAreNeverTrue() {
    RowFilter gt = bound("tenant_id > 5");
    assertThat(accepts(gt, "tenant_id", null)).isFalse();
    assertThat(accepts(bound("NOT (tenant_id > 5)"), "tenant_id", null)).isFalse();
    assertThat(accepts(bound("tenant_id NOT IN (1, 2)"), "tenant_id", null)).isFalse();
    assertThat(accepts(bound("tenant_id > 5 OR total > 0"), "tenant_id", null, "total", "1.00"))
        .isTrue();
    assertThat(
            accepts(bound("NOT (tenant_id > 5 AND total > 0)"), "tenant_id", null, "total", "-1"))
        .isTrue();
    assertThat(accepts(bound("NOT (tenant_id > 5 AND total > 0)"), "tenant_id", null, "total", "1"))
        .isFalse();
    assertThat(accepts(bound("tenant_id IS NULL"), "tenant_id", null)).isTrue();
    assertThat(accepts(bound("tenant_id IS NOT NULL"), "tenant_id", "0")).isTrue();
  }

  @Test
  void comparesNumbersExactlyAndTemporalsByTheirFields() {
    assertThat(accepts(bound("total = 12.5"), "total", "12.50")).isTrue();
    assertThat(accepts(bound("total < 0.1"), "total", "0.09")).isTrue();
    RowFilter from = bound("created_at >= '2024-01-01'");
    assertThat(accepts(from, "created_at", "2024-01-01 00:00:00")).isTrue();
    assertThat(accepts(from, "created_at", "2023-12-31 23:59:59.999999")).isFalse();
    assertThat(accepts(from, "created_at", "2024-01-01 00:00:00.000000")).isTrue();
    RowFilter exact = bound("created_at = '2024-01-01 10:00:00.5'");
    assertThat(accepts(exact, "created_at", "2024-01-01 10:00:00.500000")).isTrue();
    assertThat(accepts(exact, "created_at", "2024-01-01 10:00:00.5")).isTrue();
    assertThat(accepts(bound("due < '0001-01-01'"), "due", "0000-00-00")).isTrue();
    assertThat(accepts(bound("due > '9999-12-31'"), "due", "infinity")).isTrue();
    assertThat(accepts(bound("due < '0001-01-01'"), "due", "0044-03-15 BC")).isTrue();
    assertThat(accepts(bound("total > 100000"), "total", "NaN")).isTrue();
    assertThat(accepts(bound("status = 'Paid'"), "status", "paid")).isFalse();
    assertThat(accepts(bound("status = 'paid'"), "status", "paid ")).isFalse();
  }

  @Test
  void refusesWhatIsNotInTheLanguageNamingIt() {
    assertThatThrownBy(() -> RowFilter.parse("tenant_id = other_id"))
        .isInstanceOf(InvalidFilterException.class)
        .hasMessageContaining("number or a '...' constant");
    assertThatThrownBy(() -> RowFilter.parse("tenant_id = NULL")).hasMessageContaining("IS NULL");
    assertThatThrownBy(() -> RowFilter.parse("status LIKE 'a%'"))
        .hasMessageContaining("expected = <> != < <= > >=, IN, BETWEEN");
    assertThatThrownBy(() -> RowFilter.parse("lower(status) = 'a'"))
        .hasMessageContaining("plain columns");
    assertThatThrownBy(() -> RowFilter.parse("status = 'a\\b'")).hasMessageContaining("backslash");
    assertThatThrownBy(() -> RowFilter.parse("tenant_id IN (SELECT 1)"))
        .isInstanceOf(InvalidFilterException.class);
    assertThatThrownBy(() -> RowFilter.parse("tenant_id >")).hasMessageContaining("fix:");
    assertThatThrownBy(() -> RowFilter.parse(" ")).hasMessageContaining("empty");
  }

  @Test
  void bindingReportsEveryProblemWithItsFix() {
    assertThatThrownBy(
            () ->
                bound(
                    "tenantid = 7 AND weight > 1 AND status > 'a' AND due = '2024-02-30'"
                        + " AND total = 'x' AND stamped > '2024-01-01' AND created_at = 5"))
        .isInstanceOf(InvalidFilterException.class)
        .hasMessageContaining("tenantid is not a column of table orders; fix: name one of id,")
        .hasMessageContaining("column weight is double")
        .hasMessageContaining("column stamped is timestamp")
        .hasMessageContaining("text column status cannot be compared with >")
        .hasMessageContaining("'2024-02-30' is not a real date")
        .hasMessageContaining("column total: 'x' is text")
        .hasMessageContaining("column created_at: 5 is not a timestamp constant");
  }

  @Test
  void matchesUnquotedNamesRegardlessOfCaseAndQuotedOnesExactly() {
    assertThat(bound("TENANT_ID = 1").columns()).containsExactly("tenant_id");
    assertThatThrownBy(() -> bound("\"TENANT_ID\" = 1")).hasMessageContaining("not a column");
    assertThat(bound("`tenant_id` = 1").columns()).containsExactly("tenant_id");
  }

  @Test
  void timestampWithTimeZoneOnPostgresAndTimestampOnMariaDbAreRefused() {
    assertThatThrownBy(
            () ->
                RowFilter.parse("stamped > '2024-01-01'")
                    .bind(orders(Engine.POSTGRESQL), Engine.POSTGRESQL))
        .hasMessageContaining("timestamp with time zone");
    RowFilter pg =
        RowFilter.parse("created_at > '2024-01-01'")
            .bind(orders(Engine.POSTGRESQL), Engine.POSTGRESQL);
    assertThat(pg.sql(SQL)).isEqualTo("\"created_at\" > TIMESTAMP '2024-01-01 00:00:00'");
  }

  @Test
  void aColumnMappedToAnotherKindOfTypeIsRefused() {
    Table table =
        SourceTables.table(
            "t",
            List.of(
                notNull(col(Engine.MARIADB, "id", "int(11)")),
                col(Engine.MARIADB, "flag", "tinyint(1)"),
                col(Engine.MARIADB, "day", "date")),
            pk("id"),
            List.of(),
            List.of());
    TargetTable t =
        SourceTables.translate(Engine.MARIADB, Engine.POSTGRESQL, Map.of("t.day", "text"), table)
            .tables()
            .get(0);
    assertThatThrownBy(
            () -> RowFilter.parse("flag = 1 AND day = '2024-01-01'").bind(t, Engine.MARIADB))
        .hasMessageContaining("column flag is tinyint(1)")
        .hasMessageContaining("column day is date");
  }

  @Test
  void noFilterSelectsEveryRow() {
    assertThat(RowFilter.ALL.selectsAll()).isTrue();
    assertThat(RowFilter.ALL.accepts(c -> null)).isTrue();
    assertThat(orders(Engine.MARIADB).rows()).isEqualTo(RowFilter.ALL);
  }
}
