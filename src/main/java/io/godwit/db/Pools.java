package io.godwit.db;

import com.zaxxer.hikari.HikariConfig;
import com.zaxxer.hikari.HikariDataSource;
import com.zaxxer.hikari.metrics.micrometer.MicrometerMetricsTrackerFactory;
import com.zaxxer.hikari.pool.HikariPool;
import com.zaxxer.hikari.util.DriverDataSource;
import io.godwit.config.Endpoint;
import io.micrometer.core.instrument.MeterRegistry;
import java.sql.SQLException;
import java.util.concurrent.TimeUnit;

/** HikariCP pools on the source and target. */
public final class Pools {

  static {
    // HikariCP hands out a connection used in the last 500 ms without checking it is alive; after
    // a database restart or an administrator ending sessions, that connection fails its first
    // statement wherever it lands. Checking every borrow costs one round trip per borrow, which
    // Godwit does per chunk, per applied batch and per state-store write, never per row.
    System.getProperties().putIfAbsent("com.zaxxer.hikari.aliveBypassWindowMs", "0");
  }

  private Pools() {}

  /**
   * Opens a pool and checks one connection at once, so a wrong host, user or password fails here
   * with a message naming the side and the masked URL.
   *
   * @param side "source" or "target", for messages and the pool's name
   * @param workers connections held by parallel workers, added to the endpoint's pool size
   */
  public static HikariDataSource open(Endpoint endpoint, String side, int workers) {
    return open(endpoint, side, workers, null);
  }

  /** As {@link #open(Endpoint, String, int)}, with the pool's meters ({@code hikaricp_*}). */
  public static HikariDataSource open(
      Endpoint endpoint, String side, int workers, MeterRegistry meters) {
    Dialect dialect = Dialect.of(endpoint.engine());
    HikariConfig config = new HikariConfig();
    config.setPoolName("godwit-" + side);
    config.setJdbcUrl(endpoint.url());
    config.setUsername(endpoint.user());
    config.setPassword(endpoint.password().reveal());
    config.setMaximumPoolSize(endpoint.poolSize() + workers);
    config.setConnectionInitSql(dialect.sessionInitSql());
    dialect.driverProperties().forEach(config::addDataSourceProperty);
    config.setMinimumIdle(1);
    config.setConnectionTimeout(10_000);
    config.setInitializationFailTimeout(1);
    endpoint.properties().forEach(config::addDataSourceProperty);
    if (meters != null) {
      config.setMetricsTrackerFactory(new MicrometerMetricsTrackerFactory(meters));
    }
    try {
      probe(config);
      return new HikariDataSource(config);
    } catch (SQLException | HikariPool.PoolInitializationException e) {
      Throwable cause =
          e instanceof HikariPool.PoolInitializationException && e.getCause() != null
              ? e.getCause()
              : e;
      String fix =
          JdbcTls.failureFix(endpoint, side, cause)
              .orElseGet(() -> ConnectionFailures.fix(cause, side, endpoint.shownUser()));
      throw new ConnectionFailedException(
          "cannot connect to the %s %s as %s: %s; %s"
              .formatted(
                  side,
                  endpoint.shownUrl(),
                  endpoint.shownUser(),
                  endpoint.redaction().apply(cause.getMessage()),
                  fix),
          cause);
    }
  }

  /**
   * One connection straight from the driver, made as the pool would make it (same URL, properties
   * and login timeout). A database that cannot be used fails here at once: HikariCP's own first try
   * sleeps a second before it gives up, on every command given a wrong password or host.
   */
  private static void probe(HikariConfig config) throws SQLException {
    DriverDataSource driver =
        new DriverDataSource(
            config.getJdbcUrl(),
            config.getDriverClassName(),
            config.getDataSourceProperties(),
            config.getUsername(),
            config.getPassword());
    driver.setLoginTimeout((int) TimeUnit.MILLISECONDS.toSeconds(config.getConnectionTimeout()));
    driver.getConnection().close();
  }
}
