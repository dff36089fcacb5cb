package io.godwit.snapshot;

import io.godwit.engine.Engine;

class PostgresToMariaDbSnapshotIT extends SnapshotScenarioIT {

  @Override
  Engine source() {
    return Engine.POSTGRESQL;
  }

  @Override
  Engine target() {
    return Engine.MARIADB;
  }
}
