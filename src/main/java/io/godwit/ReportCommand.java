package io.godwit;

import com.zaxxer.hikari.HikariDataSource;
import io.godwit.config.EffectiveConfig;
import io.godwit.config.MigrationConfig;
import io.godwit.plan.PlanResult;
import io.godwit.plan.Planner;
import io.godwit.report.Report;
import io.godwit.state.CutoverRecords;
import io.godwit.state.ReverseProgress;
import io.godwit.state.RunHistory;
import io.godwit.state.ValidationRecords;
import io.micrometer.core.instrument.MeterRegistry;
import java.sql.SQLException;
import java.time.Instant;

/**
 * {@code godwit report}: the migration's record for a change board, from the target's state store
 * and the configuration; the plan is made again when the source can be reached, and the report says
 * so when it cannot.
 */
record ReportCommand(MigrationConfig config, MeterRegistry meters) {

  /**
   * @param version this Godwit's version, printed in the report
   */
  Report report(String version) throws SQLException {
    try (HikariDataSource target = PoolSizes.SERIAL.target(config, meters)) {
      PlanResult plan = null;
      String planError = null;
      try (HikariDataSource source = PoolSizes.SERIAL.source(config, meters)) {
        plan = new Planner(config, source, target).plan();
      } catch (RuntimeException | SQLException e) {
        planError = e.getMessage();
      }
      RunHistory history = new RunHistory(target, config.name());
      CutoverRecords cutovers = new CutoverRecords(target, config.name());
      ReverseProgress reverse;
      try (StoredReverse stored = new StoredReverse(config, meters)) {
        reverse = stored.read(cutovers).orElse(null);
      }
      return new Report(
          config.name(),
          version,
          Instant.now(),
          history.registration().orElse(null),
          EffectiveConfig.describe(config),
          plan,
          planError,
          history.tables(),
          history.lag(),
          config.cutover().lagThreshold().toMillis() / 1000.0,
          new ValidationRecords(target, config.name()).all(),
          cutovers.all(),
          history.events(),
          reverse);
    }
  }
}
