package io.godwit.snapshot;

import io.godwit.engine.Engine;

class PostgresToPostgresSnapshotIT extends SnapshotScenarioIT {

  @Override
  Engine source() {
    return Engine.POSTGRESQL;
  }

  @Override
  Engine target() {
    return Engine.POSTGRESQL;
  }
}
