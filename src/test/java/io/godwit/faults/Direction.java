package io.godwit.faults;

import io.godwit.engine.Engine;
import java.util.Locale;

/** A source engine and a target engine. */
public enum Direction {
  PG_PG(Engine.POSTGRESQL, Engine.POSTGRESQL),
  PG_MARIADB(Engine.POSTGRESQL, Engine.MARIADB),
  MARIADB_PG(Engine.MARIADB, Engine.POSTGRESQL),
  MARIADB_MARIADB(Engine.MARIADB, Engine.MARIADB);

  private final Engine source;
  private final Engine target;

  Direction(Engine source, Engine target) {
    this.source = source;
    this.target = target;
  }

  public Engine source() {
    return source;
  }

  public Engine target() {
    return target;
  }

  /** Lower case, for database, migration and case names: {@code pg_mariadb}. */
  public String id() {
    return name().toLowerCase(Locale.ROOT);
  }

  /** As the doc shows it: {@code PostgreSQL → MariaDB}. */
  public String label() {
    return source.displayName() + " → " + target.displayName();
  }
}
