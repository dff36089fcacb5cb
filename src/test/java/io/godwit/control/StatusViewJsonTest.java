package io.godwit.control;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import io.godwit.state.AttemptState;
import io.godwit.state.CutoverRecords;
import io.godwit.state.ReverseProgress;
import io.godwit.state.StatusReader.TableStatus;
import io.godwit.state.TablePhase;
import io.godwit.state.ValidationRecords;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * Pins the JSON of {@code /api/status} (which the status page and scripts read) and of {@code
 * godwit status --json}, and that the client reads back what the server writes.
 */
class StatusViewJsonTest {

  private static final Instant T0 = Instant.parse("2026-01-02T03:04:05Z");

  private static final List<TableStatus> TABLES =
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
              T0,
              T0,
              null),
          new TableStatus(
              "orders", "orders", TablePhase.COPYING, 250, 1, 4, "boom", 0, null, T0, T0, T0));

  private static final List<ValidationRecords.Stored> VALIDATIONS =
      List.of(
          new ValidationRecords.Stored("customers", T0, 2999, 1, 0, 0.5, "differences", "x"),
          new ValidationRecords.Stored("customers", T0, 3000, 0, 0, 0.5, "clean", "y"));

  private static JsonNode json(Object value) throws Exception {
    return ControlServer.JSON.readTree(ControlServer.JSON.writeValueAsString(value));
  }

  @Test
  void theRunningMigrationsStatusKeepsItsFieldNamesAndNulls() throws Exception {
    StatusView view =
        StatusView.live(
            "shop",
            TABLES,
            VALIDATIONS,
            CutoverDocument.idle(),
            new StatusView.Live(
                0.8444,
                Map.of("customers", 0.8444),
                12_345.4,
                Map.of("customers", 17L, "orders", 3L),
                List.<double[]>of(new double[] {1.0, 0.5}),
                5.0,
                new StatusView.ThrottleView(0, true, List.of("replica-lag"))),
            null);
    assertThat(json(view))
        .isEqualTo(
            ControlServer.JSON.readTree(
                """
                {"migration":"shop","phase":"error","lagSeconds":0.84,"applyRate":12345,
                 "recordsBehind":20,"lagHistory":[[1.0,0.5]],"lagThresholdSeconds":5.0,
                 "tables":[
                  {"table":"customers","target":"customers","phase":"streaming","rowsCopied":3000,
                   "chunksDone":3,"chunksTotal":3,"eventsApplied":1234,"lagSeconds":0.84,
                   "recordsBehind":17,"error":null,
                   "validation":{"outcome":"clean","differences":0,"rows":3000,
                                 "finishedAt":"2026-01-02T03:04:05Z"},
                   "applyPausedAt":null},
                  {"table":"orders","target":"orders","phase":"copying","rowsCopied":250,
                   "chunksDone":1,"chunksTotal":4,"eventsApplied":0,"lagSeconds":null,
                   "recordsBehind":3,"error":"boom","validation":null,
                   "applyPausedAt":"2026-01-02T03:04:05Z"}],
                 "cutover":{"state":"idle"},
                 "throttle":{"rowsPerSecond":0,"paused":true,"pausedBy":["replica-lag"]},
                 "reverse":null}
                """));
  }

  @Test
  void theStoredStatusHasNullsForWhatOnlyTheRunKnows() throws Exception {
    CutoverRecords.Attempt attempt =
        new CutoverRecords.Attempt(
            1,
            AttemptState.DONE,
            "done",
            "read-only",
            false,
            T0,
            T0,
            T0.plusSeconds(2),
            1500L,
            "binlog x:1",
            null,
            List.of(new CutoverRecords.StepRecord("done", T0, null, null, null)));
    StatusView view = StatusView.stored("shop", TABLES.subList(0, 1), List.of(), attempt, null);
    JsonNode json = json(view);
    assertThat(json.get("phase").asText())
        .as("a done attempt with a step still finishing shows running")
        .isEqualTo("cutover");
    assertThat(json.get("cutover").get("state").asText()).isEqualTo("running");
    assertThat(json.get("cutover").get("downtimeSeconds").asDouble()).isEqualTo(1.5);
    assertThat(json.get("lagSeconds").asDouble()).isEqualTo(0.8);
    assertThat(json.get("tables").get(0).get("lagSeconds").asDouble()).isEqualTo(0.8);
    for (String live :
        List.of("applyRate", "recordsBehind", "lagHistory", "lagThresholdSeconds", "throttle")) {
      assertThat(json.get(live).isNull()).as(live).isTrue();
    }
    assertThat(StatusView.stored("shop", List.of(), List.of(), null, null))
        .extracting(StatusView::phase, v -> v.cutover().state())
        .containsExactly("starting", AttemptState.IDLE);
  }

  @Test
  void aDroppedTablesLastLagIsNeitherShownNorCountedInTheWorstLag() throws Exception {
    TableStatus dropped =
        new TableStatus(
            "products", "products", TablePhase.DROPPED, 700, 1, 1, null, 55, 99_000L, T0, T0, T0);
    List<TableStatus> tables = List.of(TABLES.get(0), dropped);

    JsonNode stored = json(StatusView.stored("shop", tables, List.of(), null, null));
    assertThat(stored.get("lagSeconds").asDouble()).isEqualTo(0.8);
    assertThat(stored.get("tables").get(1).get("lagSeconds").isNull()).isTrue();

    StatusView.Live measured =
        new StatusView.Live(
            0.8,
            Map.of("customers", 0.8, "products", 99.0),
            10,
            Map.of("customers", 0L),
            List.of(),
            30,
            new StatusView.ThrottleView(0, false, List.of()));
    JsonNode live =
        json(StatusView.live("shop", tables, List.of(), CutoverDocument.idle(), measured, null));
    assertThat(live.get("tables").get(1).get("lagSeconds").isNull()).isTrue();
  }

  @Test
  void theReverseStreamShowsEachTablesLagEventsAndTheErrorThatStoppedIt() throws Exception {
    List<TableStatus> back =
        List.of(
            new TableStatus(
                "customers", "customers", TablePhase.COPIED, 0, 0, 0, null, 42, 300L, T0, T0, null),
            new TableStatus(
                "orders",
                "orders",
                TablePhase.COPIED,
                0,
                0,
                0,
                "the target rejected it: value out of range",
                7,
                2_500L,
                T0,
                T0,
                null));
    CutoverRecords.Attempt rollback =
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
            List.of(new CutoverRecords.StepRecord("validate", T0, T0, "failed", "1 differ")));

    JsonNode stored =
        json(
            StatusView.ReverseView.of(
                new ReverseProgress("0/16B3748", back, rollback, null), null));
    assertThat(stored)
        .isEqualTo(
            ControlServer.JSON.readTree(
                """
                {"r0":"0/16B3748","lagSeconds":2.5,
                 "tables":[
                  {"table":"customers","eventsApplied":42,"lagSeconds":0.3,"recordsBehind":null,
                   "stopped":false,"error":null},
                  {"table":"orders","eventsApplied":7,"lagSeconds":2.5,"recordsBehind":null,
                   "stopped":true,"error":"the target rejected it: value out of range"}],
                 "rollback":{"attempt":2,"state":"aborted","step":"validate",
                             "downtimeSeconds":null,"finishedAt":"2026-01-02T03:04:08Z",
                             "error":"the final validation found differences: customers"},
                 "unreadable":null}
                """));

    StatusView.ReverseView live =
        StatusView.ReverseView.of(
            new ReverseProgress("0/16B3748", back, null, null),
            new StatusView.ReverseLive(
                0.61, Map.of("customers", 0.6123), Map.of("customers", 0L, "orders", 5L)));
    assertThat(live.lagSeconds())
        .as("the lag the run measures, not the worst stored")
        .isEqualTo(0.61);
    assertThat(live.tables())
        .extracting(StatusView.ReverseTable::lagSeconds, StatusView.ReverseTable::recordsBehind)
        .containsExactly(
            org.assertj.core.groups.Tuple.tuple(0.61, 0L),
            org.assertj.core.groups.Tuple.tuple(null, 5L));
    assertThat(live.rollback()).isNull();
  }

  @Test
  void theClientReadsBackWhatTheServerWrites() throws Exception {
    CutoverDocument document =
        new CutoverDocument(
            new CutoverDocument.Checked(
                "shop",
                "manual",
                true,
                List.of(new CutoverDocument.Check("lag", false, "9 s")),
                null),
            AttemptState.ABORTED,
            new CutoverDocument.Recorded(
                3,
                "drain",
                false,
                T0,
                null,
                T0,
                null,
                null,
                "no",
                List.of(new CutoverDocument.Step("drain", T0, T0, 0.0, "aborted", "no"))));
    for (CutoverDocument d : List.of(document, CutoverDocument.idle())) {
      assertThat(
              ControlServer.JSON.readValue(
                  ControlServer.JSON.writeValueAsString(d), CutoverDocument.class))
          .isEqualTo(d);
    }
    StatusView status =
        StatusView.stored(
            "shop",
            TABLES,
            VALIDATIONS,
            null,
            StatusView.ReverseView.of(new ReverseProgress("0/16B3748", TABLES, null, null), null));
    assertThat(
            ControlServer.JSON.readValue(
                ControlServer.JSON.writeValueAsString(status), StatusView.class))
        .usingRecursiveComparison()
        .isEqualTo(status);
  }
}
