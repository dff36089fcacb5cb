package io.godwit.testing;

import io.godwit.engine.Engine;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/**
 * A fresh database on the local test server of one engine, dropped on close. The servers are made
 * ready by {@code ops/services.sh}; their admin URLs come from the {@code godwit.it.*.url} system
 * properties that the build sets.
 */
public final class TestDatabase implements AutoCloseable {

  private final Engine engine;
  private final String name;
  private final String adminUrl;
  private final String url;
  private final String user;

  private TestDatabase(Engine engine, String name) throws SQLException {
    this.engine = engine;
    this.name = name;
    this.user = engine == Engine.POSTGRESQL ? "postgres" : "root";
    if (engine == Engine.POSTGRESQL) {
      this.adminUrl =
          System.getProperty("godwit.it.pg.url", "jdbc:postgresql://127.0.0.1:5432/postgres");
      this.url = adminUrl.substring(0, adminUrl.lastIndexOf('/') + 1) + name;
    } else {
      String base = System.getProperty("godwit.it.mariadb.url", "jdbc:mariadb://127.0.0.1:3306/");
      this.adminUrl = engine == Engine.MYSQL ? base.replace("jdbc:mariadb:", "jdbc:mysql:") : base;
      this.url = adminUrl + name + (engine == Engine.MYSQL ? "?allowPublicKeyRetrieval=true" : "");
    }
    drop();
    admin("CREATE DATABASE " + quote(name));
  }

  private TestDatabase(ScratchServer server, String name) throws SQLException {
    this.engine = server.engine();
    this.name = name;
    if (engine == Engine.POSTGRESQL) {
      this.user = "postgres";
      this.adminUrl = server.url("postgres");
      this.url = server.url(name);
    } else {
      this.user = "root";
      this.adminUrl = server.url("");
      this.url = server.url(name);
    }
    drop();
    admin("CREATE DATABASE " + quote(name));
  }

  /**
   * A new, empty database named {@code godwit_it_<suffix>} on a scratch server, for cases that
   * change the server's global settings (a read-only freeze) or restart it.
   */
  public static TestDatabase on(ScratchServer server, String suffix) throws SQLException {
    return new TestDatabase(server, "godwit_it_" + suffix.toLowerCase(Locale.ROOT));
  }

  /** A new, empty database named {@code godwit_it_<suffix>} (lower case). */
  public static TestDatabase create(Engine engine, String suffix) throws SQLException {
    return new TestDatabase(engine, "godwit_it_" + suffix.toLowerCase(Locale.ROOT));
  }

  public static TestDatabase mariadb(String suffix) throws SQLException {
    return create(Engine.MARIADB, suffix);
  }

  public static TestDatabase postgres(String suffix) throws SQLException {
    return create(Engine.POSTGRESQL, suffix);
  }

  public Engine engine() {
    return engine;
  }

  public String name() {
    return name;
  }

  public String url() {
    return url;
  }

  public String user() {
    return user;
  }

  /** The schema tables land in: {@code public} on PostgreSQL, the database on MySQL. */
  public String schema() {
    return engine == Engine.POSTGRESQL ? "public" : name;
  }

  public Connection connect() throws SQLException {
    return DriverManager.getConnection(url, user, "");
  }

  /** Runs statements in order, each on its own. */
  public void execute(String... statements) throws SQLException {
    try (Connection c = connect();
        Statement st = c.createStatement()) {
      for (String sql : statements) {
        st.execute(sql);
      }
    }
  }

  /**
   * The application's login here, allowed to read and write this database's tables: a role {@code
   * role} without a password on PostgreSQL (kept if it exists: roles are server-wide), a user with
   * the password {@code app} on MariaDB and MySQL.
   */
  public void grantApplication(String role) throws SQLException {
    if (engine() == Engine.POSTGRESQL) {
      execute(
          "DO $$ BEGIN IF NOT EXISTS (SELECT FROM pg_roles WHERE rolname = '"
              + role
              + "') THEN CREATE ROLE "
              + role
              + " LOGIN; END IF; END $$",
          "GRANT SELECT, INSERT, UPDATE, DELETE ON ALL TABLES IN SCHEMA public TO " + role,
          "GRANT USAGE ON ALL SEQUENCES IN SCHEMA public TO " + role);
    } else {
      execute(
          "CREATE OR REPLACE USER '" + role + "'@'%' IDENTIFIED BY 'app'",
          "GRANT SELECT, INSERT, UPDATE, DELETE ON `" + name() + "`.* TO '" + role + "'@'%'");
    }
  }

  /**
   * Removes a migration's rows from the state store in this target, as a test reusing the name
   * needs. On MariaDB and MySQL the state store ({@code _godwit}) is one database per server shared
   * by every test, so dropping it would pull the state from under tests running beside this one; on
   * PostgreSQL it is a schema of this test's database and goes with it.
   */
  public void forgetMigration(String migration) throws SQLException {
    if (engine == Engine.POSTGRESQL) {
      return;
    }
    try (Connection c = connect();
        Statement st = c.createStatement()) {
      List<String> tables = new ArrayList<>();
      try (ResultSet rs =
          st.executeQuery(
              "SELECT table_name FROM information_schema.columns"
                  + " WHERE table_schema = '_godwit' AND column_name = 'migration'")) {
        while (rs.next()) {
          tables.add(rs.getString(1));
        }
      }
      for (String table : tables) {
        try (PreparedStatement ps =
            c.prepareStatement("DELETE FROM _godwit." + table + " WHERE migration = ?")) {
          ps.setString(1, migration);
          ps.executeUpdate();
        }
      }
      if (!tables.isEmpty()) {
        try (PreparedStatement ps =
            c.prepareStatement("DELETE FROM _godwit.migration WHERE name = ?")) {
          ps.setString(1, migration);
          ps.executeUpdate();
        }
      }
    }
  }

  /**
   * Ends every session on this database but the one doing it, as an administrator would, and waits
   * until the server no longer lists them. (HikariCP's 500 ms window in which it hands out a pooled
   * connection without checking it is alive is off in tests, as in production: the build sets
   * {@code com.zaxxer.hikari.aliveBypassWindowMs=0}.)
   */
  public void killOtherSessions() throws Exception {
    String others =
        engine == Engine.POSTGRESQL
            ? "SELECT pid FROM pg_stat_activity"
                + " WHERE datname = current_database() AND pid <> pg_backend_pid()"
            : "SELECT id FROM information_schema.processlist"
                + " WHERE db = DATABASE() AND id <> CONNECTION_ID()";
    try (Connection c = connect();
        Statement s = c.createStatement()) {
      List<Long> killed = ids(s, others);
      for (long id : killed) {
        s.execute(
            engine == Engine.POSTGRESQL ? "SELECT pg_terminate_backend(" + id + ")" : "KILL " + id);
      }
      Waits.waitUntil(
          Duration.ofSeconds(10),
          "sessions %s of %s to leave the session list once ended".formatted(killed, name),
          () -> ids(s, others).stream().noneMatch(killed::contains));
    }
  }

  private static List<Long> ids(Statement s, String query) throws SQLException {
    List<Long> ids = new ArrayList<>();
    try (ResultSet rs = s.executeQuery(query)) {
      while (rs.next()) {
        ids.add(rs.getLong(1));
      }
    }
    return ids;
  }

  private String quote(String identifier) {
    return engine == Engine.POSTGRESQL ? '"' + identifier + '"' : '`' + identifier + '`';
  }

  private void admin(String sql) throws SQLException {
    try (Connection c = DriverManager.getConnection(adminUrl, user, "");
        Statement st = c.createStatement()) {
      st.execute(sql);
    }
  }

  private void drop() throws SQLException {
    if (engine == Engine.POSTGRESQL) {
      admin("DROP DATABASE IF EXISTS " + quote(name) + " WITH (FORCE)");
    } else {
      admin("DROP DATABASE IF EXISTS " + quote(name));
    }
  }

  @Override
  public void close() throws SQLException {
    drop();
  }

  /** How many more replication slots the PostgreSQL server behind {@code st} can create now. */
  public static int freeReplicationSlots(Statement st) throws SQLException {
    try (ResultSet rs =
        st.executeQuery(
            "SELECT current_setting('max_replication_slots')::int"
                + " - (SELECT count(*) FROM pg_replication_slots)")) {
      rs.next();
      return rs.getInt(1);
    }
  }
}
