package io.godwit;

import com.zaxxer.hikari.HikariDataSource;
import io.godwit.config.MigrationConfig;
import io.godwit.plan.PlanResult;
import io.godwit.plan.Planner;
import io.micrometer.core.instrument.MeterRegistry;
import java.sql.SQLException;

/** {@code godwit plan}: reads both sides' catalogs and changes nothing. */
record PlanCommand(MigrationConfig config, MeterRegistry meters) {

  /** What a migration would do and what stands in its way. */
  PlanResult plan() throws SQLException {
    try (HikariDataSource source = PoolSizes.SERIAL.source(config, meters);
        HikariDataSource target = PoolSizes.SERIAL.target(config, meters)) {
      return new Planner(config, source, target).plan();
    }
  }
}
