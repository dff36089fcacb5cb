package io.godwit.db;

import io.godwit.schema.SourceObject;
import io.godwit.schema.SourceObject.Kind;
import io.godwit.schema.SqlText;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;
import java.util.Set;

/**
 * The objects of a MySQL or MariaDB database that Godwit does not copy, from {@code
 * information_schema} and {@code SHOW CREATE}, each with the SQL that recreates it.
 */
final class MySqlObjects implements SourceObjects {

  private static final String VIEWS =
      """
      SELECT TABLE_NAME, VIEW_DEFINITION, SECURITY_TYPE, CHECK_OPTION FROM information_schema.VIEWS
       WHERE TABLE_SCHEMA = ? ORDER BY TABLE_NAME""";

  private static final String TRIGGERS =
      """
      SELECT TRIGGER_NAME, EVENT_OBJECT_TABLE, ACTION_TIMING, EVENT_MANIPULATION, ACTION_STATEMENT
        FROM information_schema.TRIGGERS
       WHERE TRIGGER_SCHEMA = ?
       ORDER BY EVENT_OBJECT_TABLE, ACTION_TIMING, EVENT_MANIPULATION, ACTION_ORDER""";

  private static final String ROUTINES =
      """
      SELECT ROUTINE_NAME, ROUTINE_TYPE FROM information_schema.ROUTINES
       WHERE ROUTINE_SCHEMA = ? ORDER BY ROUTINE_NAME""";

  private static final String EVENTS =
      """
      SELECT EVENT_NAME FROM information_schema.EVENTS WHERE EVENT_SCHEMA = ? ORDER BY EVENT_NAME""";

  /** MariaDB's sequences; MySQL has none. */
  private static final String SEQUENCES =
      """
      SELECT TABLE_NAME FROM information_schema.TABLES
       WHERE TABLE_SCHEMA = ? AND TABLE_TYPE = 'SEQUENCE' ORDER BY TABLE_NAME""";

  private static final String PARTITIONS =
      """
      SELECT TABLE_NAME, PARTITION_METHOD, PARTITION_EXPRESSION, PARTITION_NAME,
             PARTITION_DESCRIPTION
        FROM information_schema.PARTITIONS
       WHERE TABLE_SCHEMA = ? AND PARTITION_NAME IS NOT NULL
       ORDER BY TABLE_NAME, PARTITION_ORDINAL_POSITION""";

  /** MySQL names a CHECK constraint uniquely in its database. */
  private static final String MYSQL_CHECKS =
      """
      SELECT tc.CONSTRAINT_NAME, tc.TABLE_NAME, cc.CHECK_CLAUSE, tc.ENFORCED = 'YES'
        FROM information_schema.TABLE_CONSTRAINTS tc
        JOIN information_schema.CHECK_CONSTRAINTS cc
          ON cc.CONSTRAINT_SCHEMA = tc.CONSTRAINT_SCHEMA AND cc.CONSTRAINT_NAME = tc.CONSTRAINT_NAME
       WHERE tc.TABLE_SCHEMA = ? AND tc.CONSTRAINT_TYPE = 'CHECK'
       ORDER BY tc.TABLE_NAME, tc.CONSTRAINT_NAME""";

  /**
   * MariaDB names a CHECK per table (a column's check after the column), always enforces it, and
   * its {@code json_valid} check of a JSON column is part of the column's type.
   */
  private static final String MARIADB_CHECKS =
      """
      SELECT CONSTRAINT_NAME, TABLE_NAME, CHECK_CLAUSE, TRUE
        FROM information_schema.CHECK_CONSTRAINTS
       WHERE CONSTRAINT_SCHEMA = ? AND CHECK_CLAUSE NOT LIKE 'json_valid(%'
       ORDER BY TABLE_NAME, CONSTRAINT_NAME""";

  private static final String COMMENTS =
      """
      SELECT TABLE_NAME, NULL, TABLE_COMMENT, 0 FROM information_schema.TABLES
       WHERE TABLE_SCHEMA = ? AND TABLE_TYPE = 'BASE TABLE' AND TABLE_COMMENT <> ''
      UNION ALL
      SELECT c.TABLE_NAME, c.COLUMN_NAME, c.COLUMN_COMMENT, c.ORDINAL_POSITION
        FROM information_schema.COLUMNS c
        JOIN information_schema.TABLES t
          ON t.TABLE_SCHEMA = c.TABLE_SCHEMA AND t.TABLE_NAME = c.TABLE_NAME
       WHERE c.TABLE_SCHEMA = ? AND t.TABLE_TYPE = 'BASE TABLE' AND c.COLUMN_COMMENT <> ''
       ORDER BY 1, 4""";

  /** The grantee form of the user running plan, {@code 'user'@'host'}. */
  private static final String NOT_ME =
      """
      GRANTEE <> CONCAT('''', SUBSTRING_INDEX(CURRENT_USER(), '@', 1), '''@''',
                        SUBSTRING_INDEX(CURRENT_USER(), '@', -1), '''')""";

  private static final String TABLE_GRANTS =
      """
      SELECT GRANTEE, TABLE_NAME,
             GROUP_CONCAT(PRIVILEGE_TYPE ORDER BY PRIVILEGE_TYPE SEPARATOR ', ')
        FROM information_schema.TABLE_PRIVILEGES
       WHERE TABLE_SCHEMA = ? AND %s
       GROUP BY GRANTEE, TABLE_NAME ORDER BY TABLE_NAME, GRANTEE"""
          .formatted(NOT_ME);

  private static final String SCHEMA_GRANTS =
      """
      SELECT GRANTEE, NULL, GROUP_CONCAT(PRIVILEGE_TYPE ORDER BY PRIVILEGE_TYPE SEPARATOR ', ')
        FROM information_schema.SCHEMA_PRIVILEGES
       WHERE TABLE_SCHEMA = ? AND %s
       GROUP BY GRANTEE ORDER BY GRANTEE"""
          .formatted(NOT_ME);

  private final boolean mariadb;

  /**
   * @param mariadb read MariaDB's catalog, which differs in its CHECK constraints
   */
  MySqlObjects(boolean mariadb) {
    this.mariadb = mariadb;
  }

  @Override
  public List<SourceObject> read(Connection connection, String schema) throws SQLException {
    List<SourceObject> objects = new ArrayList<>();
    Jdbc.forEachRow(
        connection,
        VIEWS,
        rs -> objects.add(view(schema, rs.getString(1), rs.getString(2), rs)),
        schema);
    Jdbc.forEachRow(
        connection,
        TRIGGERS,
        rs -> {
          String body =
              "%s %s ON %s FOR EACH ROW %s"
                  .formatted(rs.getString(3), rs.getString(4), "%s", rs.getString(5));
          String name = rs.getString(1);
          String table = rs.getString(2);
          String drop = "DROP TRIGGER IF EXISTS " + quote(name);
          objects.add(
              new SourceObject(
                  Kind.TRIGGER,
                  name,
                  table,
                  "CREATE TRIGGER %s %s"
                      .formatted(qualified(schema, name), body.formatted(qualified(schema, table))),
                  null,
                  new SourceObject.Carry(
                      List.of(
                          drop,
                          "CREATE TRIGGER %s %s"
                              .formatted(quote(name), body.formatted(quote(table)))),
                      List.of(drop),
                      List.of())));
        },
        schema);
    List<String[]> routines = new ArrayList<>();
    Jdbc.forEachRow(
        connection,
        ROUTINES,
        rs -> routines.add(new String[] {rs.getString(1), rs.getString(2)}),
        schema);
    for (String[] r : routines) {
      String type = r[1].toUpperCase(Locale.ROOT);
      objects.add(created(Kind.ROUTINE, type, r[0], showCreate(connection, type, schema, r[0], 3)));
    }
    for (String event : names(connection, EVENTS, schema)) {
      objects.add(
          created(Kind.EVENT, "EVENT", event, showCreate(connection, "EVENT", schema, event, 4)));
    }
    for (String sequence : names(connection, SEQUENCES, schema)) {
      String definition = showCreate(connection, "SEQUENCE", schema, sequence, 2);
      String drop = "DROP SEQUENCE IF EXISTS " + quote(sequence);
      objects.add(
          new SourceObject(
              Kind.SEQUENCE,
              sequence,
              null,
              definition,
              null,
              definition == null
                  ? null
                  : new SourceObject.Carry(
                      List.of(
                          definition.replaceFirst(
                              "(?i)^CREATE\\s+SEQUENCE\\s", "CREATE SEQUENCE IF NOT EXISTS ")),
                      List.of(drop),
                      List.of())));
    }
    readPartitioning(connection, schema, objects);
    Jdbc.forEachRow(
        connection,
        mariadb ? MARIADB_CHECKS : MYSQL_CHECKS,
        rs -> {
          String clause = "CHECK (" + rs.getString(3) + ")";
          objects.add(
              new SourceObject(
                  Kind.CHECK,
                  rs.getString(1),
                  rs.getString(2),
                  "ALTER TABLE %s ADD CONSTRAINT %s %s"
                      .formatted(
                          qualified(schema, rs.getString(2)), quote(rs.getString(1)), clause),
                  rs.getBoolean(4) ? clause : null));
        },
        schema);
    readComments(connection, schema, objects);
    for (String sql : List.of(TABLE_GRANTS, SCHEMA_GRANTS)) {
      Jdbc.forEachRow(
          connection,
          sql,
          rs -> {
            String table = rs.getString(2);
            String grantee = rs.getString(1);
            String privileges = rs.getString(3);
            objects.add(
                new SourceObject(
                    Kind.GRANT,
                    grantee,
                    table,
                    "GRANT %s ON %s TO %s"
                        .formatted(
                            privileges,
                            table == null ? quote(schema) + ".*" : qualified(schema, table),
                            grantee),
                    null,
                    table == null
                        ? null
                        : new SourceObject.Carry(
                            List.of(
                                "GRANT %s ON %s TO %s"
                                    .formatted(privileges, quote(table), grantee)),
                            List.of(
                                "REVOKE %s ON %s FROM %s"
                                    .formatted(privileges, quote(table), grantee)),
                            List.of())));
          },
          schema);
    }
    return objects;
  }

  /**
   * {@code information_schema} lists a trigger only to a user with TRIGGER on its table, shows a
   * view's definition only with SHOW VIEW, and lists events only with EVENT.
   */
  @Override
  public List<Finding> blindSpots(Connection connection, String schema) throws SQLException {
    Grants grants = Grants.read(connection);
    List<String> missing =
        List.of("TRIGGER", "SHOW VIEW", "EVENT").stream()
            .filter(p -> !grants.hasOnDatabase(schema, p))
            .toList();
    if (missing.isEmpty()) {
      return List.of();
    }
    return List.of(
        Finding.warning(
            "inventory",
            ("the inventory of what is not migrated may miss triggers, view definitions or events:"
                    + " %s lacks %s on %s, and the catalog hides those from it")
                .formatted(grants.user(), String.join(", ", missing), schema),
            ("run plan once as a user who has them (an administrator) to see the whole inventory,"
                    + " or GRANT %s ON %s.* TO %s")
                .formatted(String.join(", ", missing), quote(schema), grants.user())));
  }

  @Override
  public Set<String> principals(Connection connection) {
    Set<String> users = new HashSet<>();
    try (Statement st = connection.createStatement();
        ResultSet rs =
            st.executeQuery("SELECT CONCAT(QUOTE(User), '@', QUOTE(Host)) FROM mysql.user")) {
      while (rs.next()) {
        users.add(rs.getString(1));
      }
    } catch (SQLException e) {
      return Set.of();
    }
    return users;
  }

  /**
   * A view; carried with its definition as {@code information_schema} shows it (empty without SHOW
   * VIEW), its SQL SECURITY and CHECK OPTION, and as definer the migration's user.
   */
  private static SourceObject view(String schema, String name, String body, ResultSet rs)
      throws SQLException {
    String definition = "CREATE VIEW %s AS %s".formatted(qualified(schema, name), body);
    if (body == null || body.isEmpty()) {
      return new SourceObject(Kind.VIEW, name, null, definition);
    }
    String check =
        "NONE".equals(rs.getString(4)) ? "" : " WITH %s CHECK OPTION".formatted(rs.getString(4));
    return new SourceObject(
        Kind.VIEW,
        name,
        null,
        definition,
        null,
        new SourceObject.Carry(
            List.of(
                "CREATE OR REPLACE SQL SECURITY %s VIEW %s AS %s%s"
                    .formatted(rs.getString(3), quote(name), body, check)),
            List.of("DROP VIEW IF EXISTS " + quote(name)),
            ObjectSql.mySqlReferences(body, schema),
            body));
  }

  /**
   * A routine or event from its {@code SHOW CREATE} (null when this user may not see it), carried
   * without its DEFINER, after dropping one of that name.
   */
  private static SourceObject created(Kind kind, String type, String name, String showCreate) {
    if (showCreate == null) {
      return new SourceObject(kind, name, null, null);
    }
    String drop = "DROP %s IF EXISTS %s".formatted(type, quote(name));
    return new SourceObject(
        kind,
        name,
        null,
        showCreate,
        null,
        new SourceObject.Carry(
            List.of(drop, ObjectSql.withoutDefiner(showCreate)), List.of(drop), List.of()));
  }

  /** One partitioning per table, its partitions in order (subpartitions are not listed). */
  private static void readPartitioning(
      Connection connection, String schema, List<SourceObject> objects) throws SQLException {
    Map<String, StringBuilder> byTable = new LinkedHashMap<>();
    Map<String, String> last = new LinkedHashMap<>();
    Jdbc.forEachRow(
        connection,
        PARTITIONS,
        rs -> {
          String table = rs.getString(1);
          String partition = rs.getString(4);
          if (partition.equals(last.put(table, partition))) {
            return;
          }
          String method = rs.getString(2);
          StringBuilder sql = byTable.get(table);
          if (sql == null) {
            sql =
                new StringBuilder(
                    "ALTER TABLE %s PARTITION BY %s (%s) ("
                        .formatted(
                            qualified(schema, table),
                            method,
                            Objects.toString(rs.getString(3), "")));
            byTable.put(table, sql);
          } else {
            sql.append(", ");
          }
          sql.append("PARTITION ").append(quote(partition));
          String values = rs.getString(5);
          if (values != null) {
            sql.append(method.startsWith("RANGE") ? " VALUES LESS THAN " : " VALUES IN ");
            sql.append(values.equals("MAXVALUE") ? values : "(" + values + ")");
          }
        },
        schema);
    byTable.forEach(
        (table, sql) ->
            objects.add(
                new SourceObject(Kind.PARTITIONING, table, table, sql.append(')').toString())));
  }

  private static void readComments(Connection connection, String schema, List<SourceObject> objects)
      throws SQLException {
    try (var ps = connection.prepareStatement(COMMENTS)) {
      ps.setString(1, schema);
      ps.setString(2, schema);
      try (ResultSet rs = ps.executeQuery()) {
        while (rs.next()) {
          String table = rs.getString(1);
          String column = rs.getString(2);
          String text = rs.getString(3);
          String comment = SqlText.mySqlString(text);
          objects.add(
              column == null
                  ? new SourceObject(
                      Kind.COMMENT,
                      table,
                      table,
                      "ALTER TABLE %s COMMENT = %s".formatted(qualified(schema, table), comment),
                      text)
                  : new SourceObject(
                      Kind.COMMENT, table + "." + column, table, "COMMENT " + comment, text));
        }
      }
    }
  }

  private static List<String> names(Connection connection, String sql, String schema)
      throws SQLException {
    List<String> names = new ArrayList<>();
    Jdbc.forEachRow(connection, sql, rs -> names.add(rs.getString(1)), schema);
    return names;
  }

  /** The statement {@code SHOW CREATE} prints, or null when this user may not see it. */
  private static String showCreate(
      Connection connection, String kind, String schema, String name, int column)
      throws SQLException {
    try (Statement st = connection.createStatement();
        ResultSet rs = st.executeQuery("SHOW CREATE " + kind + " " + qualified(schema, name))) {
      return rs.next() ? rs.getString(column) : null;
    }
  }

  private static String qualified(String schema, String name) {
    return quote(schema) + "." + quote(name);
  }

  private static String quote(String identifier) {
    return '`' + identifier.replace("`", "``") + '`';
  }
}
