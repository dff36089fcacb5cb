package io.godwit.testing;

import com.zaxxer.hikari.HikariConfig;
import com.zaxxer.hikari.HikariDataSource;

/** A small HikariCP pool on a test database. */
public final class TestDataSources {

  private TestDataSources() {}

  public static HikariDataSource pool(TestDatabase db) {
    HikariConfig config = new HikariConfig();
    config.setJdbcUrl(db.url());
    config.setUsername(db.user());
    config.setPassword("");
    config.setMaximumPoolSize(4);
    config.setPoolName("test-" + db.name());
    return new HikariDataSource(config);
  }
}
