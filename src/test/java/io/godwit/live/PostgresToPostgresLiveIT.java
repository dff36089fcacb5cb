package io.godwit.live;

import com.zaxxer.hikari.HikariDataSource;
import io.godwit.engine.Engine;
import io.godwit.faults.FaultChild;
import org.junit.jupiter.api.Test;

class PostgresToPostgresLiveIT extends LiveMigrationIT {

  @Override
  Engine source() {
    return Engine.POSTGRESQL;
  }

  @Override
  Engine target() {
    return Engine.POSTGRESQL;
  }

  @Override
  void cleanUpSource(HikariDataSource source, String migration) throws Exception {
    dropSlotOnceReleased(source, migration);
  }

  /**
   * The offsets of a PostgreSQL source (LSNs) in the target's transaction; a MariaDB source's
   * (binlog positions) are FaultMatrixIT's {@code mid_apply@mariadb_mariadb}.
   */
  @Test
  void aProcessKilledBetweenAnApplyWriteAndItsCommitResumesWithoutLoss() throws Exception {
    convergesAfterACrashAt(FaultChild.Point.MID_APPLY);
  }

  @Test
  void aConnectorOnKafkaConnectFeedsTheApplierToEquality() throws Exception {
    convergesWithExternalCapture("postgres.json");
  }
}
