package io.godwit.cutover;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import com.fasterxml.jackson.datatype.jsr310.JavaTimeModule;
import io.godwit.state.AttemptState;
import io.godwit.state.CutoverRecords;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.Test;

/**
 * Pins the JSON of the cutover's view as {@code /api/cutover}, the cutover's POST answers and
 * {@code /api/status} serve it: field names, explicit nulls, and which fields appear only with an
 * attempt. Scripts and the status page read these names.
 */
class CutoverViewJsonTest {

  private static final ObjectMapper JSON =
      new ObjectMapper()
          .registerModule(new JavaTimeModule())
          .disable(SerializationFeature.WRITE_DATES_AS_TIMESTAMPS);

  private static final Instant T0 = Instant.parse("2026-01-02T03:04:05Z");

  private static JsonNode json(CutoverView view) throws Exception {
    return JSON.readTree(JSON.writeValueAsString(view.document()));
  }

  @Test
  void beforeAnyAttemptHasOnlyTheChecks() throws Exception {
    CutoverView view =
        new CutoverView(
            "shop",
            Optional.empty(),
            List.of(new Cutover.Check("lag", true, "0.2 s"), new Cutover.Check("x", false, null)),
            Double.NaN,
            true,
            false,
            false,
            "read-only");
    assertThat(json(view))
        .isEqualTo(
            JSON.readTree(
                """
                {"migration":"shop","state":"idle","freezeMode":"read-only","dryRun":true,
                 "checks":[{"name":"lag","ok":true,"detail":"0.2 s"},
                           {"name":"x","ok":false,"detail":null}],
                 "expectedFreezeSeconds":null}
                """));
  }

  @Test
  void anAttemptAddsItsFieldsWithExplicitNulls() throws Exception {
    CutoverRecords.Attempt attempt =
        new CutoverRecords.Attempt(
            2,
            AttemptState.RUNNING,
            "drain",
            "hook",
            true,
            T0,
            null,
            null,
            null,
            null,
            null,
            List.of(
                new CutoverRecords.StepRecord(
                    "freeze", T0, T0.plusMillis(1500), "ok", "writes stopped"),
                new CutoverRecords.StepRecord("drain", T0.plusMillis(1500), null, null, null)));
    CutoverView view =
        new CutoverView(
            "shop", Optional.of(attempt), List.of(), 12.345, false, false, false, "hook");
    assertThat(json(view))
        .isEqualTo(
            JSON.readTree(
                """
                {"migration":"shop","state":"running","freezeMode":"hook","dryRun":false,
                 "checks":[],"expectedFreezeSeconds":12.3,
                 "attempt":2,"step":"drain","frozen":true,"startedAt":"2026-01-02T03:04:05Z",
                 "frozenAt":null,"finishedAt":null,"downtimeSeconds":null,"sourcePosition":null,
                 "error":null,
                 "steps":[{"step":"freeze","startedAt":"2026-01-02T03:04:05Z",
                           "finishedAt":"2026-01-02T03:04:06.500Z","seconds":1.5,"outcome":"ok",
                           "detail":"writes stopped"},
                          {"step":"drain","startedAt":"2026-01-02T03:04:06.500Z",
                           "finishedAt":null,"seconds":null,"outcome":null,"detail":null}]}
                """));
  }

  @Test
  void aFinishedAttemptShowsDowntimeInSeconds() throws Exception {
    CutoverRecords.Attempt attempt =
        new CutoverRecords.Attempt(
            1,
            AttemptState.DONE,
            "done",
            "read-only",
            false,
            T0,
            T0.plusSeconds(1),
            T0.plusSeconds(3),
            2250L,
            "mysql-bin.000003:1234",
            null,
            List.of());
    CutoverView view =
        new CutoverView(
            "shop", Optional.of(attempt), List.of(), 1.0, false, false, false, "read-only");
    JsonNode json = json(view);
    assertThat(json.get("state").asText()).isEqualTo("done");
    assertThat(json.get("downtimeSeconds").asDouble()).isEqualTo(2.25);
    assertThat(json.get("frozenAt").asText()).isEqualTo("2026-01-02T03:04:06Z");
    assertThat(json.get("sourcePosition").asText()).isEqualTo("mysql-bin.000003:1234");
  }

  /**
   * A rollback is recorded rolled back at its unfreeze step, before its done step starts: while the
   * steps still run the view says running, so `godwit rollback` waits for the done step (RollbackIT
   * saw the steps end at unfreeze without it).
   */
  @Test
  void anEndedAttemptWhoseStepsStillRunShowsRunning() throws Exception {
    CutoverRecords.Attempt attempt =
        new CutoverRecords.Attempt(
            1,
            AttemptState.ROLLED_BACK,
            "unfreeze",
            "read-only",
            false,
            T0,
            T0.plusSeconds(1),
            T0.plusSeconds(3),
            2250L,
            null,
            null,
            List.of(new CutoverRecords.StepRecord("unfreeze", T0, T0.plusSeconds(3), "ok", "")));
    assertThat(
            new CutoverView("shop", Optional.of(attempt), List.of(), 1.0, false, false, true, "x")
                .state())
        .isEqualTo(AttemptState.RUNNING);
    assertThat(
            new CutoverView("shop", Optional.of(attempt), List.of(), 1.0, false, false, false, "x")
                .state())
        .isEqualTo(AttemptState.ROLLED_BACK);
  }
}
