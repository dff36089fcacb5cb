package io.godwit.live;

import io.godwit.db.Engine;

class MariaDbToPostgresLiveIT extends LiveMigrationIT {

  @Override
  Engine source() {
    return Engine.MARIADB;
  }

  @Override
  Engine target() {
    return Engine.POSTGRESQL;
  }
}
