package io.godwit.db;

import java.sql.Connection;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.List;

/**
 * Schema rights on a PostgreSQL target, asked of the server ({@code has_*_privilege}), so grants
 * through role membership count. Each privilege is asked on its own: given a list, {@code
 * has_schema_privilege} answers whether the user holds any of them.
 */
final class PostgresTargetChecks implements TargetChecks {

  @Override
  public List<Finding> check(Connection connection, String schema, String stateSchema)
      throws SQLException {
    List<Finding> findings = new ArrayList<>();
    try (var st =
        connection.prepareStatement(
            """
            SELECT current_user,
                   (SELECT has_schema_privilege(oid, 'USAGE') AND has_schema_privilege(oid, 'CREATE')
                      FROM pg_namespace WHERE nspname = ?)""")) {
      st.setString(1, schema);
      try (var rs = st.executeQuery()) {
        rs.next();
        String user = rs.getString(1);
        if (!rs.getBoolean(2)) {
          findings.add(
              Finding.blocker(
                  "privileges of " + user,
                  "%s must be able to create tables in schema %s, found no USAGE and CREATE on it"
                      .formatted(user, schema),
                  "GRANT USAGE, CREATE ON SCHEMA \"%s\" TO \"%s\"".formatted(schema, user)));
        }
      }
    }
    findings.addAll(stateStore(connection, stateSchema));
    return findings;
  }

  /**
   * The reverse applier's sessions set {@code session_replication_role} ({@link
   * OldSource#pastTheFreeze}): a superuser's right, or {@code GRANT SET ON PARAMETER} from
   * PostgreSQL 15 on; without it the old source refuses the connection. They also set {@code
   * default_transaction_read_only = off}, which any user may, so the read-only freeze needs nothing
   * more.
   */
  @Override
  public List<Finding> checkOldSource(
      Connection connection,
      String schema,
      List<String> tables,
      String stateSchema,
      boolean readOnlyFreeze)
      throws SQLException {
    List<Finding> findings = new ArrayList<>();
    String user;
    boolean mayReplicaRole;
    try (var st =
        connection.prepareStatement(
            "SELECT current_user, (SELECT rolsuper FROM pg_roles WHERE rolname = current_user)"
                + (connection.getMetaData().getDatabaseMajorVersion() >= 15
                    ? " OR has_parameter_privilege('session_replication_role', 'SET')"
                    : ""))) {
      try (var rs = st.executeQuery()) {
        rs.next();
        user = rs.getString(1);
        mayReplicaRole = rs.getBoolean(2);
      }
    }
    List<String> lacking = new ArrayList<>();
    try (var st =
        connection.prepareStatement(
            """
            SELECT c.relname
              FROM pg_class c JOIN pg_namespace n ON n.oid = c.relnamespace
             WHERE n.nspname = ? AND c.relname = ANY (?)
               AND NOT (has_schema_privilege(n.oid, 'USAGE')
                        AND has_table_privilege(c.oid, 'SELECT')
                        AND has_table_privilege(c.oid, 'INSERT')
                        AND has_table_privilege(c.oid, 'UPDATE')
                        AND has_table_privilege(c.oid, 'DELETE'))
             ORDER BY c.relname""")) {
      st.setString(1, schema);
      st.setArray(2, connection.createArrayOf("text", tables.toArray()));
      try (var rs = st.executeQuery()) {
        while (rs.next()) {
          lacking.add(rs.getString(1));
        }
      }
    }
    String subject = "privileges of " + user;
    if (!lacking.isEmpty()) {
      findings.add(
          Finding.blocker(
              subject,
              ("%s must have USAGE on schema %s and SELECT, INSERT, UPDATE, DELETE on the migrated"
                      + " tables for the reverse stream to write them, found them missing on: %s")
                  .formatted(user, schema, String.join(", ", lacking)),
              "GRANT USAGE ON SCHEMA \"%s\" TO \"%s\"; GRANT SELECT, INSERT, UPDATE, DELETE ON ALL TABLES IN SCHEMA \"%s\" TO \"%s\""
                  .formatted(schema, user, schema, user)));
    }
    if (!mayReplicaRole) {
      findings.add(
          Finding.blocker(
              subject,
              ("%s must be allowed to set session_replication_role: the reverse stream's sessions"
                      + " set it to replica so that the old source's triggers do not fire again")
                  .formatted(user),
              "GRANT SET ON PARAMETER session_replication_role TO \"%s\"".formatted(user)));
    }
    findings.addAll(stateStore(connection, stateSchema));
    return findings;
  }

  /** Whether the user can use Godwit's state schema, or create it where it does not exist yet. */
  private static List<Finding> stateStore(Connection connection, String stateSchema)
      throws SQLException {
    List<Finding> findings = new ArrayList<>();
    try (var st =
        connection.prepareStatement(
            """
            SELECT current_user, current_database(),
                   (SELECT has_schema_privilege(oid, 'USAGE') AND has_schema_privilege(oid, 'CREATE')
                      FROM pg_namespace WHERE nspname = ?),
                   has_database_privilege(current_database(), 'CREATE')""")) {
      st.setString(1, stateSchema);
      try (var rs = st.executeQuery()) {
        rs.next();
        String user = rs.getString(1);
        String database = rs.getString(2);
        String subject = "privileges of " + user;
        boolean stateUsable = rs.getBoolean(3);
        boolean stateExists = !rs.wasNull();
        if (stateExists && !stateUsable) {
          findings.add(
              Finding.blocker(
                  subject,
                  "%s must be able to use Godwit's state schema %s, found no USAGE and CREATE on it"
                      .formatted(user, stateSchema),
                  "GRANT USAGE, CREATE ON SCHEMA %s TO \"%s\"".formatted(stateSchema, user)));
        } else if (!stateExists && !rs.getBoolean(4)) {
          findings.add(
              Finding.blocker(
                  subject,
                  ("%s must be able to create Godwit's state schema %s in database %s, found no"
                          + " CREATE on the database")
                      .formatted(user, stateSchema, database),
                  ("GRANT CREATE ON DATABASE \"%s\" TO \"%s\", or have an administrator run"
                          + " CREATE SCHEMA %s AUTHORIZATION \"%s\"")
                      .formatted(database, user, stateSchema, user)));
        }
      }
    }
    return findings;
  }
}
