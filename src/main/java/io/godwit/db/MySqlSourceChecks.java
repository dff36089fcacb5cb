package io.godwit.db;

import io.godwit.engine.Engine;
import io.godwit.schema.Table;
import java.sql.Connection;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/** Binlog settings, replication privileges and row keys of a MySQL or MariaDB source. */
final class MySqlSourceChecks implements SourceChecks {

  private final Engine engine;

  MySqlSourceChecks(Engine engine) {
    this.engine = engine;
  }

  @Override
  public List<Finding> check(Connection connection, String migration, List<Table> tables)
      throws SQLException {
    List<Finding> findings = new ArrayList<>();
    checkBinlog(connection, findings);
    checkPrivileges(connection, tables, findings);
    RowKeyChecks.check(tables, findings);
    if (engine == Engine.MARIADB) {
      // Debezium's MariaDB DDL parser (3.5) rejects the table's CREATE TABLE statement
      UncapturedTypes.check(
          tables,
          Map.of("inet4", "varchar(15)", "inet6", "varchar(39)"),
          "which MariaDB's change capture cannot read (its DDL parser rejects the table, and the"
              + " capture stops)",
          findings);
    }
    return findings;
  }

  @Override
  public List<Finding> captureServer(Connection connection, String slot) throws SQLException {
    List<Finding> findings = new ArrayList<>();
    checkBinlog(connection, findings);
    checkReplicationGrants(Grants.read(connection), findings);
    return findings;
  }

  private void checkBinlog(Connection connection, List<Finding> findings) throws SQLException {
    try (var st = connection.createStatement();
        var rs =
            st.executeQuery(
                "SELECT @@log_bin, @@binlog_format, @@binlog_row_image, @@server_id,"
                    + " @@binlog_expire_logs_seconds")) {
      rs.next();
      String logBin = rs.getString(1);
      if (!"1".equals(logBin) && !"ON".equalsIgnoreCase(logBin)) {
        findings.add(
            Finding.blocker(
                "log_bin",
                "log_bin must be ON, found OFF",
                "add log-bin=mysql-bin to the server's [mysqld] configuration and restart it"));
      }
      expect(findings, "binlog_format", "ROW", rs.getString(2), "binlog_format=ROW");
      expect(findings, "binlog_row_image", "FULL", rs.getString(3), "binlog_row_image=FULL");
      if (rs.getLong(4) == 0) {
        findings.add(
            Finding.blocker(
                "server_id",
                "server_id must be a non-zero number, found 0",
                "set server-id=1 (any number unique among the server's replicas) and restart"));
      }
      long expire = rs.getLong(5);
      if (expire > 0 && expire < 86_400) {
        findings.add(
            Finding.warning(
                "binlog_expire_logs_seconds",
                "binlog files are kept only %d s; a paused capture longer than that loses its place"
                    .formatted(expire),
                "SET GLOBAL binlog_expire_logs_seconds = 604800 (7 days) for the migration"));
      }
    }
  }

  private static void expect(
      List<Finding> findings, String variable, String wanted, String found, String setting) {
    if (!wanted.equalsIgnoreCase(found)) {
      findings.add(
          Finding.blocker(
              variable,
              "%s must be %s, found %s".formatted(variable, wanted, found),
              "SET GLOBAL %s (and %s in the server's configuration so it survives a restart)"
                  .formatted(setting, setting)));
    }
  }

  private void checkPrivileges(Connection connection, List<Table> tables, List<Finding> findings)
      throws SQLException {
    Grants grants = Grants.read(connection);
    checkReplicationGrants(grants, findings);
    List<String> unreadable =
        tables.stream()
            .filter(t -> !grants.hasOnTable(t.schema(), t.name(), "SELECT"))
            .map(Table::name)
            .toList();
    if (!unreadable.isEmpty()) {
      String schema = tables.get(0).schema();
      findings.add(
          Finding.blocker(
              "privileges of " + grants.user(),
              "%s must be able to SELECT %s, found no SELECT grant"
                  .formatted(grants.user(), String.join(", ", unreadable)),
              "GRANT SELECT ON `%s`.* TO %s".formatted(schema, grants.user())));
    }
    if (!grants.hasGlobal("RELOAD")) {
      findings.add(
          Finding.info(
              "privileges of " + grants.user(),
              "no RELOAD privilege: capture runs with snapshot.locking.mode=none, which Godwit"
                  + " uses anyway (its own loader copies the rows)"));
    }
  }

  private void checkReplicationGrants(Grants grants, List<Finding> findings) {
    List<String> missing = new ArrayList<>();
    if (!grants.hasGlobal("REPLICATION SLAVE")) {
      missing.add("REPLICATION SLAVE");
    }
    String monitor = engine == Engine.MARIADB ? "BINLOG MONITOR" : "REPLICATION CLIENT";
    if (!grants.hasGlobal(monitor) && !grants.hasGlobal("REPLICATION CLIENT")) {
      missing.add(monitor);
    }
    if (!missing.isEmpty()) {
      findings.add(
          Finding.blocker(
              "privileges of " + grants.user(),
              "%s must have %s, found only: %s"
                  .formatted(grants.user(), String.join(", ", missing), grants.summary()),
              "GRANT %s ON *.* TO %s".formatted(String.join(", ", missing), grants.user())));
    }
  }
}
