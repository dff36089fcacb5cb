package io.godwit.cutover;

import static org.assertj.core.api.Assertions.assertThat;

import com.zaxxer.hikari.HikariDataSource;
import io.godwit.apply.TestTables;
import io.godwit.config.CutoverSettings;
import io.godwit.db.Dialect;
import io.godwit.engine.Engine;
import io.godwit.schema.TargetTable;
import io.godwit.state.AttemptState;
import io.godwit.state.CutoverRecords;
import io.godwit.state.StateStore;
import io.godwit.state.ValidationRecords;
import io.godwit.state.ValidationResult;
import io.godwit.testing.TestDataSources;
import io.godwit.testing.TestDatabase;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.Test;

/**
 * The cutover's "last validation clean" precondition against a real state store: after a rollback
 * (a migration run forward again), the clean results from before it do not let a new cutover start.
 */
class ValidatorCheckIT {

  private static ValidationResult.TableResult clean(String table) {
    return new ValidationResult.TableResult(table, 3, 3, 0, 0, 0, 0, 0, 0, 0.1, List.of(), null);
  }

  @Test
  void aValidationFromBeforeTheRollbackDoesNotAllowTheNextCutover() throws Exception {
    String migration = "validated_before_rollback";
    try (TestDatabase db = TestDatabase.create(Engine.POSTGRESQL, migration);
        HikariDataSource pool = TestDataSources.pool(db)) {
      StateStore store = new StateStore(pool, Dialect.of(Engine.POSTGRESQL));
      store.install();
      store.register(migration, "source", "target");
      TargetTable orders =
          TestTables.table(
              Engine.MARIADB, Engine.POSTGRESQL, "public", "orders", List.of("id"), "id", "int");
      ValidationRecords validations = new ValidationRecords(pool, migration);
      CutoverRecords attempts = new CutoverRecords(pool, migration);
      ValidatorCheck check =
          new ValidatorCheck(
              null,
              validations,
              attempts,
              () -> List.of(orders),
              CutoverSettings.FinalValidation.FULL,
              (table, offsets) -> Optional.empty(),
              "godwit validate",
              "godwit cutover");

      assertThat(check.lastProblem())
          .contains("orders never validated; fix: run `godwit validate` (with --repair)");
      validations.record(clean("orders"), Map.of());
      assertThat(check.lastProblem()).isEmpty();

      int cutover = attempts.begin(AttemptState.RUNNING, "preconditions", "read-only");
      attempts.finish(cutover, AttemptState.DONE, 1200L, null);
      assertThat(check.lastProblem()).as("a done cutover leaves the results standing").isEmpty();

      int rollback = attempts.begin(AttemptState.ROLLED_BACK, "rollback", "read-only");
      attempts.finish(rollback, AttemptState.ROLLED_BACK, 900L, null);
      assertThat(check.lastProblem())
          .hasValueSatisfying(
              problem ->
                  assertThat(problem)
                      .startsWith("orders: last validated at ")
                      .contains(", before the rollback at ")
                      .endsWith("; fix: run `godwit validate` (with --repair)"));

      validations.record(clean("orders"), Map.of());
      assertThat(check.lastProblem()).isEmpty();
    }
  }
}
