package io.godwit.report;

import static org.assertj.core.api.Assertions.assertThat;

import io.godwit.plan.PlanResult;
import io.godwit.schema.ColumnMapping;
import io.godwit.schema.Fidelity;
import io.godwit.schema.Reversibility;
import io.godwit.state.AttemptState;
import io.godwit.state.CutoverRecords;
import io.godwit.state.ReverseProgress;
import io.godwit.state.RunHistory;
import io.godwit.state.StatusReader.TableStatus;
import io.godwit.state.TablePhase;
import java.time.Instant;
import java.util.List;
import org.junit.jupiter.api.Test;

class ReportRollbackReadinessTest {

  private static final Instant T0 = Instant.parse("2026-12-01T12:00:00Z");

  private static final PlanResult PLAN =
      new PlanResult(
          "shop",
          new PlanResult.Side("mariadb", "10.11", "jdbc:mariadb://s/shop", "shop"),
          new PlanResult.Side("postgresql", "16", "jdbc:postgresql://t/shop", "public"),
          List.of(),
          List.of(),
          List.of(),
          List.of(
              mapping("customers", "id", "int", "integer", Reversibility.REVERSIBLE),
              mapping(
                  "orders",
                  "qty",
                  "int unsigned",
                  "bigint",
                  Reversibility.not("above 4294967295 or below 0"))),
          List.of(),
          List.of());

  private static final List<RunHistory.TableCopy> TABLES =
      List.of(copied("customers"), copied("orders"), copied("products"));

  @Test
  void listsEachTablesReversibilityReverseStateAndTheLatestRollback() {
    ReverseProgress reverse =
        new ReverseProgress(
            "0/16B3748",
            List.of(
                streamed("customers", 1_042, 300L, null),
                streamed("orders", 7, 2_500L, "the target rejected it: value out of range")),
            new CutoverRecords.Attempt(
                2,
                AttemptState.ABORTED,
                "validate",
                "read-only",
                false,
                T0,
                T0,
                T0.plusSeconds(3),
                null,
                "0/16B3790",
                "the final validation found differences: customers",
                List.of()),
            null);

    String md = report(PLAN, reverse).render(Report.Format.MD);

    String section = md.substring(md.indexOf("## Rollback readiness"), md.indexOf("## Event log"));
    assertThat(section)
        .contains("from R0 0/16B3748")
        .contains(
            "Latest rollback: attempt 2 aborted at step validate, started 2026-12-01"
                + " 12:00:00.000Z; finished 2026-12-01 12:00:03.000Z; ended by: the final"
                + " validation found differences: customers.");
    assertThat(row(section, "customers")).contains("| none | streams back | 1,042 | 0.30 |");
    assertThat(row(section, "orders"))
        .contains(
            "| qty int unsigned -> bigint: above 4294967295 or below 0 | STOPPED | 7 | 2.50 |"
                + " the target rejected it: value out of range |");
    assertThat(row(section, "products")).contains("| none | no |");
  }

  @Test
  void saysWhenThereIsNoReverseStreamOrItsProgressCannotBeRead() {
    String none = report(PLAN, null).render(Report.Format.MD);
    assertThat(none)
        .contains("No reverse stream: the migration is not cut over")
        .doesNotContain("No rollback was attempted");
    assertThat(row(none.substring(none.indexOf("## Rollback readiness")), "orders"))
        .contains("qty int unsigned -> bigint")
        .contains("| no |");

    String unreadable =
        report(null, ReverseProgress.unreadable("0/1", "connection refused"))
            .render(Report.Format.MD);
    assertThat(unreadable)
        .contains("its progress on the old source could not be read: connection refused")
        .doesNotContain("No rollback was attempted");
    assertThat(row(unreadable.substring(unreadable.indexOf("## Rollback readiness")), "orders"))
        .contains("| unknown: no plan | no |");
  }

  private static Report report(PlanResult plan, ReverseProgress reverse) {
    return new Report(
        "shop",
        "test",
        T0,
        null,
        List.of(),
        plan,
        plan == null ? "the source cannot be reached" : null,
        TABLES,
        List.of(),
        10,
        List.of(),
        List.of(),
        List.of(),
        reverse);
  }

  private static String row(String markdown, String table) {
    return markdown
        .lines()
        .filter(l -> l.startsWith("| " + table + " |"))
        .findFirst()
        .orElseThrow(() -> new AssertionError("no row for " + table + " in " + markdown));
  }

  private static ColumnMapping mapping(
      String table, String column, String from, String to, Reversibility back) {
    return new ColumnMapping(table, column, from, to, Fidelity.EXACT, null, List.of(), back, null);
  }

  private static RunHistory.TableCopy copied(String table) {
    return new RunHistory.TableCopy(
        table, table, TablePhase.STREAMING, 10, 100, 1, T0, T0, 5, null);
  }

  private static TableStatus streamed(String table, long events, Long lagMs, String error) {
    return new TableStatus(
        table, table, TablePhase.COPIED, 0, 0, 0, error, events, lagMs, T0, null, null);
  }
}
