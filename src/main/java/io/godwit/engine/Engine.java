package io.godwit.engine;

import java.util.Locale;
import java.util.Optional;

/** A database engine Godwit reads from or writes to, recognised by its JDBC URL prefix. */
public enum Engine {
  POSTGRESQL("jdbc:postgresql:", "PostgreSQL"),
  MYSQL("jdbc:mysql:", "MySQL"),
  MARIADB("jdbc:mariadb:", "MariaDB");

  private final String urlPrefix;
  private final String displayName;

  Engine(String urlPrefix, String displayName) {
    this.urlPrefix = urlPrefix;
    this.displayName = displayName;
  }

  public String urlPrefix() {
    return urlPrefix;
  }

  public String displayName() {
    return displayName;
  }

  /** True for MySQL and MariaDB, which share SQL syntax, catalog and binlog capture. */
  public boolean isMySqlFamily() {
    return this != POSTGRESQL;
  }

  /**
   * True when {@code other} speaks this engine's SQL and takes its values' text forms: the same
   * engine, or MySQL and MariaDB.
   */
  public boolean sharesSqlWith(Engine other) {
    return isMySqlFamily() == other.isMySqlFamily();
  }

  /**
   * True when the server counts its running threads ({@code Threads_running} in {@code SHOW GLOBAL
   * STATUS}), which the snapshot reads to pause while the source is busy: MySQL and MariaDB.
   */
  public boolean countsRunningThreads() {
    return isMySqlFamily();
  }

  /**
   * True when a replica of this engine reports its lag behind the source ({@code SHOW REPLICA
   * STATUS}), which {@code snapshot.max-replica-lag} reads.
   */
  public boolean reportsReplicaLag() {
    return isMySqlFamily();
  }

  public static Optional<Engine> fromUrl(String url) {
    if (url == null) {
      return Optional.empty();
    }
    String lower = url.toLowerCase(Locale.ROOT);
    for (Engine engine : values()) {
      if (lower.startsWith(engine.urlPrefix)) {
        return Optional.of(engine);
      }
    }
    return Optional.empty();
  }
}
