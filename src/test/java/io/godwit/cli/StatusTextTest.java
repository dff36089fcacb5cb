package io.godwit.cli;

import static org.assertj.core.api.Assertions.assertThat;

import io.godwit.control.StatusView;
import io.godwit.state.AttemptState;
import io.godwit.state.CutoverRecords;
import io.godwit.state.ReverseProgress;
import io.godwit.state.StatusReader.TableStatus;
import io.godwit.state.TablePhase;
import io.godwit.state.ValidationRecords;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

class StatusTextTest {

  private static final Instant NOW = Instant.parse("2026-12-01T12:00:00Z");

  @Test
  void showsCopyProgressWithItsEtaValidationAndTheCutover() {
    List<TableStatus> tables =
        List.of(
            new TableStatus(
                "orders",
                "orders",
                TablePhase.COPYING,
                250_000,
                25,
                100,
                null,
                0,
                null,
                null,
                NOW.minusSeconds(60),
                null),
            new TableStatus(
                "customers",
                "customers",
                TablePhase.STREAMING,
                3000,
                3,
                3,
                null,
                1234,
                800L,
                NOW.minusSeconds(1),
                NOW.minusSeconds(90),
                NOW.minusSeconds(30)));
    List<ValidationRecords.Stored> validations =
        List.of(
            new ValidationRecords.Stored(
                "customers", NOW.minusSeconds(5), 3000, 2, 0, 0.4, "differences", null));
    CutoverRecords.Attempt attempt =
        new CutoverRecords.Attempt(
            2,
            AttemptState.ABORTED,
            "validate",
            "read-only",
            false,
            NOW.minusSeconds(30),
            NOW.minusSeconds(29),
            NOW.minusSeconds(20),
            null,
            "WAL LSN 0/1D0AAF48",
            "the final validation found differences",
            new ArrayList<>());

    String text = StatusText.render("shop", tables, validations, attempt, null, NOW);

    assertThat(text.lines().filter(l -> l.startsWith("orders")).findFirst().orElseThrow())
        .contains("COPYING", "25%", "250,000", "never", "3m00s");
    assertThat(text.lines().filter(l -> l.startsWith("customers")).findFirst().orElseThrow())
        .contains("STREAMING", "paused", "100%", "1,234", "0.8s", "2 differ");
    assertThat(text.lines().filter(l -> l.startsWith("orders")).findFirst().orElseThrow())
        .doesNotContain("paused");
    assertThat(text)
        .contains("Summary: 1 of 2 tables copied")
        .contains("chunks 28/103 (27%); snapshot ETA")
        .contains(
            "Applier paused for customers since %s (their changes wait in Kafka and their lag"
                    .formatted(NOW.minusSeconds(30))
                + " grows); resume: POST /api/apply/resume {\"tables\": [\"customers\"]}")
        .contains(
            "Cutover: attempt 2 aborted (step validate, freeze read-only); source position WAL LSN"
                + " 0/1D0AAF48; the final validation found differences");
  }

  @Test
  void aDroppedTableIsListedButLeftOutOfTheSummaryAndThePauses() {
    List<TableStatus> tables =
        List.of(
            new TableStatus(
                "customers",
                "customers",
                TablePhase.STREAMING,
                3000,
                3,
                3,
                null,
                1234,
                800L,
                NOW.minusSeconds(1),
                NOW.minusSeconds(90),
                null),
            new TableStatus(
                "products",
                "products",
                TablePhase.DROPPED,
                700,
                1,
                1,
                null,
                55,
                99_000L,
                NOW.minusSeconds(600),
                NOW.minusSeconds(900),
                NOW.minusSeconds(700)));

    String text = StatusText.render("shop", tables, List.of(), null, null, NOW);

    assertThat(text.lines().filter(l -> l.startsWith("products")).findFirst().orElseThrow())
        .contains("DROPPED")
        .doesNotContain("99.0s");
    assertThat(text)
        .contains(
            "Summary: 1 of 1 tables copied; 3,000 rows; chunks 3/3 (100%); 1,234 events applied;"
                + " lag 0.8s\n")
        .doesNotContain("snapshot ETA")
        .doesNotContain("Reverse stream")
        .doesNotContain("Applier paused")
        .contains("Dropped from the migration: products (no longer captured or applied");
  }

  @Test
  void estimatesNothingBeforeTheFirstChunkAndNothingAfterTheLast() {
    assertThat(StatusText.eta(false, 0, 10, NOW.minusSeconds(5), NOW)).isEqualTo("?");
    assertThat(StatusText.eta(true, 10, 10, NOW.minusSeconds(5), NOW)).isEqualTo("-");
    assertThat(StatusText.eta(false, 1, 2, NOW.minusSeconds(7200), NOW)).isEqualTo("2h00m");
  }

  @Test
  void showsTheReverseStreamsLagEventsAndStoppedTablesAndTheLatestRollback() {
    StatusView.ReverseView reverse =
        new StatusView.ReverseView(
            "0/16B3748",
            2.5,
            List.of(
                new StatusView.ReverseTable("customers", 1_042, 0.3, null, false, null),
                new StatusView.ReverseTable(
                    "orders", 7, 2.5, null, true, "the target rejected it: value out of range")),
            new StatusView.RollbackView(
                2, "aborted", "validate", null, "2026-12-01T11:59:00Z", "differences: customers"),
            null);

    String text = StatusText.reverse(reverse);

    assertThat(text)
        .startsWith(
            "Reverse stream (target to old source, from R0 0/16B3748): lag 2.5s; 1,049 events"
                + " applied; 1 of 2 tables stopped\n")
        .contains("Rollback: attempt 2 aborted (step validate); differences: customers\n");
    assertThat(text.lines().filter(l -> l.startsWith("  customers")).findFirst().orElseThrow())
        .contains("1,042", "0.3s")
        .doesNotContain("STOPPED");
    assertThat(text.lines().filter(l -> l.startsWith("  orders")).findFirst().orElseThrow())
        .contains("7", "2.5s", "STOPPED: the target rejected it: value out of range");
    assertThat(
            StatusText.reverse(
                new StatusView.ReverseView("0/16B3748", null, List.of(), null, null)))
        .contains("lag -; 0 events applied; 0 of 0 tables stopped")
        .contains("Rollback: not attempted");
    assertThat(
            StatusText.reverse(
                StatusView.ReverseView.of(
                    ReverseProgress.unreadable("0/1", "connection refused"), null)))
        .isEqualTo(
            "Reverse stream (target to old source, from R0 0/1): its progress on the old source"
                + " cannot be read: connection refused\n");
    assertThat(StatusText.reverse(null)).isEmpty();
  }
}
