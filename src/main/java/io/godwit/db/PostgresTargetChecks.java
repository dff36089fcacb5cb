package io.godwit.db;

import java.sql.Connection;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.List;

/**
 * Schema rights on a PostgreSQL target, asked of the server ({@code has_*_privilege}), so grants
 * through role membership count.
 */
final class PostgresTargetChecks implements TargetChecks {

  @Override
  public List<Finding> check(Connection connection, String schema, String stateSchema)
      throws SQLException {
    List<Finding> findings = new ArrayList<>();
    try (var st =
        connection.prepareStatement(
            """
            SELECT current_user, current_database(),
                   (SELECT has_schema_privilege(oid, 'USAGE, CREATE')
                      FROM pg_namespace WHERE nspname = ?),
                   (SELECT has_schema_privilege(oid, 'USAGE, CREATE')
                      FROM pg_namespace WHERE nspname = ?),
                   has_database_privilege(current_database(), 'CREATE')""")) {
      st.setString(1, schema);
      st.setString(2, stateSchema);
      try (var rs = st.executeQuery()) {
        rs.next();
        String user = rs.getString(1);
        String database = rs.getString(2);
        String subject = "privileges of " + user;
        if (!rs.getBoolean(3)) {
          findings.add(
              Finding.blocker(
                  subject,
                  "%s must be able to create tables in schema %s, found no USAGE and CREATE on it"
                      .formatted(user, schema),
                  "GRANT USAGE, CREATE ON SCHEMA \"%s\" TO \"%s\"".formatted(schema, user)));
        }
        boolean stateUsable = rs.getBoolean(4);
        boolean stateExists = !rs.wasNull();
        if (stateExists && !stateUsable) {
          findings.add(
              Finding.blocker(
                  subject,
                  "%s must be able to use Godwit's state schema %s, found no USAGE and CREATE on it"
                      .formatted(user, stateSchema),
                  "GRANT USAGE, CREATE ON SCHEMA %s TO \"%s\"".formatted(stateSchema, user)));
        } else if (!stateExists && !rs.getBoolean(5)) {
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
