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
   * ON PARAMETER}), which also leaves foreign keys unchecked. MariaDB's {@code read_only} does not
   * bind a user with {@code READ_ONLY ADMIN} (10.11 binds a {@code SUPER}-only user), which the
   * endpoint's user must have; its sessions (and MySQL's) set {@code foreign_key_checks = 0}.
   *
   * <p>Foreign keys are left unchecked because the applier writes a batch table by table and each
   * table's changes coalesced by key, not in the order the other side committed them: a child row
   * can arrive before the parent inserted in the same transaction, a parent's delete before its
   * children's. The other side's own foreign keys held for every change it committed, so once the
   * batch commits the rows satisfy them again.
   */
  public static Endpoint pastTheFreeze(Endpoint source) {
    return source.engine() == Engine.POSTGRESQL
        ? withProperty(
            source,
            "options",
            "-c default_transaction_read_only=off -c session_replication_role=replica",
            " ")
        : withProperty(source, "sessionVariables", "foreign_key_checks=0", ",");
  }

  /**
   * {@code endpoint} with sessions that override a PostgreSQL read-only freeze ({@code
   * default_transaction_read_only = off}, which any role may), for Godwit's own clean-up on a side
   * the cutover or a rollback left frozen. Other engines' endpoints are returned as they are.
   */
  public static Endpoint writable(Endpoint endpoint) {
    return endpoint.engine() == Engine.POSTGRESQL
        ? withProperty(endpoint, "options", "-c default_transaction_read_only=off", " ")
        : endpoint;
  }

  /** {@code source} with {@code added} before the driver property's own value, if it has one. */
  private static Endpoint withProperty(
      Endpoint source, String property, String added, String separator) {
    Map<String, String> properties = new LinkedHashMap<>(source.properties());
    properties.merge(property, added, (own, ours) -> ours + separator + own);
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

  /**
   * A column's type as {@code engine} writes it in DDL: a PostgreSQL array with its element's
   * modifier ({@code numeric(10,2)[]}), which PostgreSQL applies to every element, and a pair of
   * brackets per dimension.
   */
  public static String sqlType(ColumnType type, Engine engine) {
    return engine == Engine.POSTGRESQL && type.isArray()
        ? type.fullType().replaceFirst("(\\[\\])+$", "") + "[]".repeat(type.arrayDimensions())
        : type.fullType();
  }
}
