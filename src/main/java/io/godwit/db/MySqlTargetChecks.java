package io.godwit.db;

import io.godwit.engine.Engine;
import java.sql.Connection;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

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

  /** What the reverse stream's applier does to a migrated table of the old source. */
  private static final List<String> REVERSE_APPLY = List.of("SELECT", "INSERT", "UPDATE", "DELETE");

  private final Engine engine;

  MySqlTargetChecks(Engine engine) {
    this.engine = engine;
  }

  @Override
  public List<Finding> check(Connection connection, String schema, String stateSchema)
      throws SQLException {
    Grants grants = Grants.read(connection);
    List<Finding> findings = new ArrayList<>();
    missing(grants, schema, TABLES, "the migrated tables in", findings);
    missing(grants, stateSchema, STATE, "Godwit's state store in", findings);
    return findings;
  }

  /**
   * MariaDB's {@code read_only} binds every user but those with {@code READ_ONLY ADMIN} (on 10.11
   * {@code SUPER} does not exempt a user: a {@code SUPER}-only user was refused with error 1290
   * here); MySQL's {@code super_read_only}, which the freeze also sets, binds every user.
   */
  @Override
  public List<Finding> checkOldSource(
      Connection connection,
      String schema,
      List<String> tables,
      String stateSchema,
      boolean readOnlyFreeze)
      throws SQLException {
    Grants grants = Grants.read(connection);
    List<Finding> findings = new ArrayList<>();
    Map<String, List<String>> missingByTable = new LinkedHashMap<>();
    for (String table : tables) {
      List<String> missing =
          REVERSE_APPLY.stream().filter(p -> !grants.hasOnTable(schema, table, p)).toList();
      if (!missing.isEmpty()) {
        missingByTable.put(table, missing);
      }
    }
    if (!missingByTable.isEmpty()) {
      findings.add(
          Finding.blocker(
              "privileges of " + grants.user(),
              "%s must have %s on the migrated tables of %s for the reverse stream to write them"
                      .formatted(grants.user(), String.join(", ", REVERSE_APPLY), schema)
                  + ", found: "
                  + describe(missingByTable),
              "GRANT %s ON `%s`.* TO %s"
                  .formatted(String.join(", ", REVERSE_APPLY), schema, grants.user())));
    }
    missing(grants, stateSchema, STATE, "the reverse stream's state store in", findings);
    if (readOnlyFreeze && engine == Engine.MYSQL) {
      findings.add(
          Finding.blocker(
              "cutover.freeze",
              "the read-only freeze sets MySQL's super_read_only, which refuses every user's"
                  + " writes: the reverse stream could not write to the frozen source",
              "set cutover.freeze: hook (lock the application's accounts in the hook, e.g. ALTER"
                  + " USER ... ACCOUNT LOCK) or manual"));
    } else if (readOnlyFreeze && !grants.hasGlobal("READ_ONLY ADMIN")) {
      findings.add(
          Finding.blocker(
              "privileges of " + grants.user(),
              ("%s must have READ_ONLY ADMIN to write past the read-only freeze for the reverse"
                      + " stream (SUPER does not exempt a user from read_only), found only: %s")
                  .formatted(grants.user(), grants.summary()),
              "GRANT READ_ONLY ADMIN ON *.* TO %s".formatted(grants.user())));
    }
    return findings;
  }

  private static String describe(Map<String, List<String>> missingByTable) {
    List<String> parts = new ArrayList<>();
    missingByTable.forEach(
        (table, missing) -> parts.add(table + " without " + String.join(", ", missing)));
    return String.join("; ", parts);
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
