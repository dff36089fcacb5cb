package io.godwit.snapshot;

import io.godwit.engine.Engine;

class MariaDbToPostgresSnapshotIT extends SnapshotScenarioIT {

  @Override
  Engine source() {
    return Engine.MARIADB;
  }

  @Override
  Engine target() {
    return Engine.POSTGRESQL;
  }
}
