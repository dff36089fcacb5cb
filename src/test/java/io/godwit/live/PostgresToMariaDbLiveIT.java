package io.godwit.live;

import com.zaxxer.hikari.HikariDataSource;
import io.godwit.engine.Engine;

class PostgresToMariaDbLiveIT extends LiveMigrationIT {

  @Override
  Engine source() {
    return Engine.POSTGRESQL;
  }

  @Override
  Engine target() {
    return Engine.MARIADB;
  }

  @Override
  void cleanUpSource(HikariDataSource source, String migration) throws Exception {
    dropSlotOnceReleased(source, migration);
  }
}
