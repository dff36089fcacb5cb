package io.godwit.db;

import io.godwit.schema.Table;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/** Logical decoding settings, replication role, publication rights and replica identity. */
final class PostgresSourceChecks implements SourceChecks {

  private final Dialect dialect;

  PostgresSourceChecks(Dialect dialect) {
    this.dialect = dialect;
  }

  /** The publication a migration's capture reads from; its replication slot has the same name. */
  static String publicationName(String migration) {
    return "godwit_" + migration;
  }

  @Override
  public List<Finding> check(Connection connection, String migration, List<Table> tables)
      throws SQLException {
    List<Finding> findings = new ArrayList<>();
    checkSettings(connection, publicationName(migration), findings);
    boolean superuser = checkRole(connection, findings);
    checkTables(connection, migration, tables, superuser, findings);
    // the connector has no converter for these: it drops the column from every change event, or
    // (name) sends NULL for it
    UncapturedTypes.check(
        tables,
        UNCAPTURED,
        "which PostgreSQL's change capture does not stream"
            + " (Debezium leaves the column out of every change, and the table stops)",
        findings);
    return findings;
  }

  private static final Map<String, String> UNCAPTURED =
      Map.ofEntries(
          Map.entry("point", "text"),
          Map.entry("box", "text"),
          Map.entry("circle", "text"),
          Map.entry("line", "text"),
          Map.entry("lseg", "text"),
          Map.entry("path", "text"),
          Map.entry("polygon", "text"),
          Map.entry("tsquery", "text"),
          Map.entry("pg_lsn", "text"),
          Map.entry("jsonpath", "text"),
          Map.entry("name", "varchar(63)"),
          Map.entry("int4multirange", "text"),
          Map.entry("int8multirange", "text"),
          Map.entry("nummultirange", "text"),
          Map.entry("tsmultirange", "text"),
          Map.entry("tstzmultirange", "text"),
          Map.entry("datemultirange", "text"));

  @Override
  public List<Finding> captureServer(Connection connection, String slot) throws SQLException {
    List<Finding> findings = new ArrayList<>();
    checkSettings(connection, slot, findings);
    checkRole(connection, findings);
    return findings;
  }

  /**
   * The server's settings; the migration's own slot, left by an earlier run, takes no free slot,
   * since the capture reuses it.
   */
  private static void checkSettings(Connection connection, String slot, List<Finding> findings)
      throws SQLException {
    try (var st =
        connection.prepareStatement(
            """
            SELECT current_setting('wal_level'),
                   current_setting('max_replication_slots')::int
                     - (SELECT count(*) FROM pg_replication_slots WHERE slot_name <> ?),
                   current_setting('max_wal_senders')::int
                     - (SELECT count(*) FROM pg_stat_replication)""")) {
      st.setString(1, slot);
      try (var rs = st.executeQuery()) {
        rs.next();
        settings(rs, findings);
      }
    }
  }

  private static void settings(ResultSet rs, List<Finding> findings) throws SQLException {
    String walLevel = rs.getString(1);
    if (!"logical".equals(walLevel)) {
      findings.add(
          Finding.blocker(
              "wal_level",
              "wal_level must be logical, found " + walLevel,
              "ALTER SYSTEM SET wal_level = logical; then restart PostgreSQL"));
    }
    if (rs.getInt(2) < 1) {
      findings.add(
          Finding.blocker(
              "max_replication_slots",
              "a free replication slot must exist, found all slots in use",
              "drop an unused slot (pg_drop_replication_slot) or raise max_replication_slots"
                  + " and restart"));
    }
    if (rs.getInt(3) < 1) {
      findings.add(
          Finding.blocker(
              "max_wal_senders",
              "a free WAL sender must exist, found all in use",
              "raise max_wal_senders and restart PostgreSQL"));
    }
  }

  /** Returns whether the user is a superuser. */
  private static boolean checkRole(Connection connection, List<Finding> findings)
      throws SQLException {
    try (var st = connection.createStatement();
        var rs =
            st.executeQuery(
                "SELECT current_user, rolsuper, rolreplication FROM pg_roles"
                    + " WHERE rolname = current_user")) {
      rs.next();
      String user = rs.getString(1);
      boolean superuser = rs.getBoolean(2);
      if (!superuser && !rs.getBoolean(3)) {
        findings.add(
            Finding.blocker(
                "role " + user,
                user + " must have the REPLICATION attribute, found none",
                "ALTER ROLE \"" + user + "\" WITH REPLICATION"));
      }
      return superuser;
    }
  }

  private void checkTables(
      Connection connection,
      String migration,
      List<Table> tables,
      boolean superuser,
      List<Finding> findings)
      throws SQLException {
    List<String> unreadable = new ArrayList<>();
    List<String> notOwned = new ArrayList<>();
    String sql =
        """
        SELECT has_table_privilege(c.oid, 'SELECT'), pg_has_role(c.relowner, 'USAGE')
          FROM pg_class c JOIN pg_namespace n ON n.oid = c.relnamespace
         WHERE n.nspname = ? AND c.relname = ?""";
    try (PreparedStatement ps = connection.prepareStatement(sql)) {
      for (Table table : tables) {
        ps.setString(1, table.schema());
        ps.setString(2, table.name());
        try (var rs = ps.executeQuery()) {
          if (rs.next()) {
            if (!rs.getBoolean(1)) {
              unreadable.add(table.name());
            }
            if (!superuser && !rs.getBoolean(2)) {
              notOwned.add(table.name());
            }
          }
        }
      }
    }
    if (!unreadable.isEmpty()) {
      findings.add(
          Finding.blocker(
              "privileges",
              "the user must be able to SELECT %s, found no SELECT privilege"
                  .formatted(String.join(", ", unreadable)),
              "GRANT SELECT ON ALL TABLES IN SCHEMA %s TO <user>"
                  .formatted(dialect.quote(tables.get(0).schema()))));
    }
    String publication = publicationName(migration);
    if (!notOwned.isEmpty() && !publicationExists(connection, publication)) {
      findings.add(
          Finding.blocker(
              "publication " + publication,
              ("the user must own %s to create publication %s, found another owner and no such"
                      + " publication")
                  .formatted(String.join(", ", notOwned), publication),
              "have the tables' owner run CREATE PUBLICATION %s FOR TABLE %s"
                  .formatted(
                      dialect.quote(publication),
                      String.join(
                          ", ",
                          tables.stream()
                              .map(t -> dialect.qualify(t.schema(), t.name()))
                              .toList()))));
    }
    for (Table table : tables) {
      checkReplicaIdentity(table, findings);
    }
    RowKeyChecks.check(tables, findings);
  }

  private void checkReplicaIdentity(Table table, List<Finding> findings) {
    String identity = table.replicaIdentity();
    if (table.hasPrimaryKey() || "f".equals(identity) || "i".equals(identity)) {
      return;
    }
    String fix =
        table
            .rowKey()
            .map(
                key ->
                    "ALTER TABLE %s REPLICA IDENTITY USING INDEX %s"
                        .formatted(
                            dialect.qualify(table.schema(), table.name()),
                            dialect.quote(key.name())))
            .orElse(
                "ALTER TABLE %s REPLICA IDENTITY FULL"
                    .formatted(dialect.qualify(table.schema(), table.name())));
    findings.add(
        Finding.blocker(
            "table " + table.name(),
            ("%s must have a primary key or a replica identity other than default, found neither:"
                    + " once published, the application's UPDATE and DELETE on it would fail")
                .formatted(table.name()),
            fix));
  }

  private static boolean publicationExists(Connection connection, String name) throws SQLException {
    try (PreparedStatement ps =
        connection.prepareStatement("SELECT 1 FROM pg_publication WHERE pubname = ?")) {
      ps.setString(1, name);
      try (var rs = ps.executeQuery()) {
        return rs.next();
      }
    }
  }
}
