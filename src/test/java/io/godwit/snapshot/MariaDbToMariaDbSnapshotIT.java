package io.godwit.snapshot;

import io.godwit.engine.Engine;

class MariaDbToMariaDbSnapshotIT extends SnapshotScenarioIT {

  @Override
  Engine source() {
    return Engine.MARIADB;
  }

  @Override
  Engine target() {
    return Engine.MARIADB;
  }
}
