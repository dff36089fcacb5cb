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
}
