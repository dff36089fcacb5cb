package io.godwit.live;

import io.godwit.engine.Engine;

class MariaDbToMariaDbLiveIT extends LiveMigrationIT {

  @Override
  Engine source() {
    return Engine.MARIADB;
  }

  @Override
  Engine target() {
    return Engine.MARIADB;
  }
}
