package io.godwit.live;

import io.godwit.db.Engine;
import org.junit.jupiter.api.Test;

class MariaDbToPostgresLiveIT extends LiveMigrationIT {

  @Override
  Engine source() {
    return Engine.MARIADB;
  }

  @Override
  Engine target() {
    return Engine.POSTGRESQL;
  }

  /** The applier's target connections are killed mid-stream; it retries and still converges. */
  @Test
  void killedTargetConnectionsAreRetriedAndTheTargetStillConverges() throws Exception {
    convergesUnderWorkload(
        target ->
            target.execute(
                "SELECT pg_terminate_backend(pid) FROM pg_stat_activity"
                    + " WHERE datname = current_database() AND pid <> pg_backend_pid()"));
  }

  @Test
  void aProcessKilledBeforeTheSnapshotResumesWithoutLoss() throws Exception {
    convergesAfterACrashAt(HaltDuringRun.Point.BEFORE_SNAPSHOT);
  }

  @Test
  void aProcessKilledMidSnapshotResumesWithoutLoss() throws Exception {
    convergesAfterACrashAt(HaltDuringRun.Point.MID_SNAPSHOT);
  }

  @Test
  void aProcessKilledBetweenAnApplyWriteAndItsCommitResumesWithoutLoss() throws Exception {
    convergesAfterACrashAt(HaltDuringRun.Point.MID_APPLY);
  }

  @Test
  void aBrokerRestartMidStreamLosesNothing() throws Exception {
    convergesAcrossABrokerRestart();
  }

  @Test
  void aConnectorOnKafkaConnectFeedsTheApplierToEquality() throws Exception {
    convergesWithExternalCapture("mariadb.json");
  }
}
