package io.godwit.db;

import io.godwit.config.Endpoint;
import io.godwit.engine.Engine;
import io.godwit.schema.ColumnType;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * What the reverse stream's applier needs of the old source's engine, after a cutover: sessions
 * that write past its freeze, and each column's type as that engine writes it in DDL.
 */
public final class OldSource {

  private OldSource() {}

  /**
   * The old source's endpoint for the reverse applier. On PostgreSQL its sessions override the
   * freeze's {@code default_transaction_read_only} (startup options take precedence over the
   * database's setting) and do not fire the old source's triggers ({@code session_replication_role
   * = replica}: the target's carried triggers did that work already; superuser, or {@code GRANT SET
   * ON PARAMETER}). MariaDB's {@code read_only} does not bind a user with {@code READ_ONLY ADMIN}
   * (10.11 binds a {@code SUPER}-only user), which the endpoint's user must have: it is returned as
   * it is.
   */
  public static Endpoint pastTheFreeze(Endpoint source) {
    return withOptions(
        source, "-c default_transaction_read_only=off -c session_replication_role=replica");
  }

  /**
   * {@code endpoint} with sessions that override a PostgreSQL read-only freeze ({@code
   * default_transaction_read_only = off}, which any role may), for Godwit's own clean-up on a side
   * the cutover or a rollback left frozen. Other engines' endpoints are returned as they are.
   */
  public static Endpoint writable(Endpoint endpoint) {
    return withOptions(endpoint, "-c default_transaction_read_only=off");
  }

  private static Endpoint withOptions(Endpoint source, String added) {
    if (source.engine() != Engine.POSTGRESQL) {
      return source;
    }
    Map<String, String> properties = new LinkedHashMap<>(source.properties());
    String options =
        added + (properties.containsKey("options") ? " " + properties.get("options") : "");
    properties.put("options", options);
    return new Endpoint(
        source.url(),
        source.user(),
        source.password(),
        source.schema(),
        properties,
        source.poolSize(),
        source.shownUrl(),
        source.shownUser(),
        source.redaction());
  }

  /** A column's type as {@code engine} writes it in DDL (a PostgreSQL array with its brackets). */
  public static String sqlType(ColumnType type, Engine engine) {
    return engine == Engine.POSTGRESQL && type.isArray()
        ? type.name() + "[]".repeat(type.arrayDimensions())
        : type.fullType();
  }
}
