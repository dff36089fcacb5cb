package io.godwit.db;

import java.sql.Connection;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.List;

/**
 * Database privileges on a MySQL/MariaDB target, read from {@code SHOW GRANTS} (as the source
 * checks read theirs).
 */
final class MySqlTargetChecks implements TargetChecks {

  /** What creating, copying into, indexing, applying to and replacing a table takes. */
  private static final List<String> TABLES =
      List.of(
          "SELECT", "INSERT", "UPDATE", "DELETE", "CREATE", "DROP", "ALTER", "INDEX", "REFERENCES");

  /** What installing and writing the state store takes. */
  private static final List<String> STATE =
      List.of("SELECT", "INSERT", "UPDATE", "DELETE", "CREATE", "ALTER");

  @Override
  public List<Finding> check(Connection connection, String schema, String stateSchema)
      throws SQLException {
    Grants grants = Grants.read(connection);
    List<Finding> findings = new ArrayList<>();
    missing(grants, schema, TABLES, "the migrated tables in", findings);
    missing(grants, stateSchema, STATE, "Godwit's state store in", findings);
    return findings;
  }

  private static void missing(
      Grants grants, String database, List<String> needed, String what, List<Finding> findings) {
    List<String> missing = needed.stream().filter(p -> !grants.hasOnDatabase(database, p)).toList();
    if (!missing.isEmpty()) {
      findings.add(
          Finding.blocker(
              "privileges of " + grants.user(),
              "%s must have %s on %s %s, found only: %s"
                  .formatted(
                      grants.user(), String.join(", ", missing), what, database, grants.summary()),
              "GRANT %s ON `%s`.* TO %s"
                  .formatted(String.join(", ", missing), database, grants.user())));
    }
  }
}
