package io.godwit.db;

import io.godwit.schema.SourceObject;
import io.godwit.schema.SourceObject.Kind;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;

/**
 * The objects of a PostgreSQL schema that Godwit does not copy, from {@code pg_catalog}, each with
 * the SQL that recreates it. Objects that belong to an extension are left out: the extension
 * creates them.
 */
final class PostgresObjects implements SourceObjects {

  /**
   * Views with what they read; a plain view also with its CREATE and DROP for the target (a
   * materialized view holds rows and is not carried), and its SELECT for a target of the other
   * engine family.
   */
  private static final String VIEWS =
      """
      SELECT c.relname, NULL,
             format('CREATE %sVIEW %I.%I AS%s', CASE c.relkind WHEN 'm' THEN 'MATERIALIZED ' END,
                    n.nspname, c.relname, rtrim(pg_get_viewdef(c.oid, true), ';')),
             CASE c.relkind WHEN 'v' THEN
               format('CREATE OR REPLACE VIEW %I AS%s', c.relname,
                      rtrim(pg_get_viewdef(c.oid, true), ';')) END,
             format('DROP VIEW IF EXISTS %I', c.relname),
             ARRAY(SELECT DISTINCT CASE WHEN rn.oid = n.oid THEN r.relname
                                        ELSE rn.nspname || '.' || r.relname END
                     FROM pg_rewrite w
                     JOIN pg_depend d ON d.classid = 'pg_rewrite'::regclass AND d.objid = w.oid
                                     AND d.refclassid = 'pg_class'::regclass
                     JOIN pg_class r ON r.oid = d.refobjid
                     JOIN pg_namespace rn ON rn.oid = r.relnamespace
                    WHERE w.ev_class = c.oid AND r.oid <> c.oid),
             rtrim(pg_get_viewdef(c.oid, true), ';')
        FROM pg_class c JOIN pg_namespace n ON n.oid = c.relnamespace
       WHERE n.nspname = ? AND c.relkind IN ('v', 'm')
         AND NOT EXISTS (SELECT 1 FROM pg_depend e WHERE e.objid = c.oid AND e.deptype = 'e')
       ORDER BY c.relname""";

  private static final String TRIGGERS =
      """
      SELECT t.tgname, c.relname, pg_get_triggerdef(t.oid, true), pg_get_triggerdef(t.oid, true),
             format('DROP TRIGGER IF EXISTS %I ON %I', t.tgname, c.relname),
             ARRAY(SELECT format('%s(%s)', p.proname, pg_get_function_identity_arguments(p.oid))
                     FROM pg_proc p WHERE p.oid = t.tgfoid AND p.pronamespace = n.oid)
        FROM pg_trigger t
        JOIN pg_class c ON c.oid = t.tgrelid
        JOIN pg_namespace n ON n.oid = c.relnamespace
       WHERE n.nspname = ? AND NOT t.tgisinternal
       ORDER BY c.relname, t.tgname""";

  private static final String ROUTINES =
      """
      SELECT format('%s(%s)', p.proname, pg_get_function_identity_arguments(p.oid)), NULL,
             pg_get_functiondef(p.oid), pg_get_functiondef(p.oid),
             format('DROP %s IF EXISTS %I(%s)', CASE p.prokind WHEN 'p' THEN 'PROCEDURE'
                                                ELSE 'FUNCTION' END,
                    p.proname, pg_get_function_identity_arguments(p.oid)),
             ARRAY[format('%I.%I(', n.nspname, p.proname), format('%I(', p.proname)]
        FROM pg_proc p JOIN pg_namespace n ON n.oid = p.pronamespace
       WHERE n.nspname = ? AND p.prokind IN ('f', 'p')
         AND NOT EXISTS (SELECT 1 FROM pg_depend e WHERE e.objid = p.oid AND e.deptype = 'e')
       ORDER BY 1""";

  /**
   * Sequences no column owns (serial and identity sequences are owned): a migrated key fed by one
   * through {@code nextval} is an auto-increment key already ({@link PostgresCatalog#KEY_SEQUENCE})
   * and is filtered out by the caller.
   */
  private static final String SEQUENCES =
      """
      SELECT c.relname, NULL,
             format('CREATE SEQUENCE %I.%I AS %s INCREMENT BY %s MINVALUE %s MAXVALUE %s START WITH %s%s',
                    s.schemaname, s.sequencename, s.data_type, s.increment_by, s.min_value,
                    s.max_value, COALESCE(s.last_value + s.increment_by, s.start_value),
                    CASE WHEN s.cycle THEN ' CYCLE' ELSE '' END),
             format('CREATE SEQUENCE IF NOT EXISTS %I AS %s INCREMENT BY %s MINVALUE %s MAXVALUE %s START WITH %s%s',
                    s.sequencename, s.data_type, s.increment_by, s.min_value, s.max_value,
                    s.start_value, CASE WHEN s.cycle THEN ' CYCLE' ELSE '' END),
             format('DROP SEQUENCE IF EXISTS %I', s.sequencename),
             ARRAY[]::text[]
        FROM pg_class c
        JOIN pg_namespace n ON n.oid = c.relnamespace
        JOIN pg_sequences s ON s.schemaname = n.nspname AND s.sequencename = c.relname
       WHERE n.nspname = ? AND c.relkind = 'S'
         AND NOT EXISTS (SELECT 1 FROM pg_depend d
                          WHERE d.objid = c.oid AND d.classid = 'pg_class'::regclass
                            AND d.refobjsubid > 0 AND d.deptype IN ('a', 'i', 'e'))
       ORDER BY c.relname""";

  private static final String PARTITIONING =
      """
      SELECT c.relname, c.relname,
             format('PARTITION BY %s; partitions: %s', pg_get_partkeydef(c.oid),
                    (SELECT string_agg(format('%I.%I %s', pn.nspname, p.relname,
                                              pg_get_expr(p.relpartbound, p.oid)), ', '
                                       ORDER BY p.relname)
                       FROM pg_inherits i
                       JOIN pg_class p ON p.oid = i.inhrelid
                       JOIN pg_namespace pn ON pn.oid = p.relnamespace
                      WHERE i.inhparent = c.oid))
        FROM pg_class c JOIN pg_namespace n ON n.oid = c.relnamespace
       WHERE n.nspname = ? AND c.relkind = 'p' AND NOT c.relispartition
       ORDER BY c.relname""";

  /**
   * The clause of a CHECK constraint is kept only when it is validated and uses nothing but the
   * table's columns and built-in functions: a type or function of the schema may not exist on the
   * target, or not under that name.
   */
  private static final String CHECKS =
      """
      SELECT con.conname, c.relname,
             format('ALTER TABLE %I.%I ADD CONSTRAINT %I %s', n.nspname, c.relname, con.conname,
                    pg_get_constraintdef(con.oid, true)),
             CASE WHEN con.convalidated
                   AND NOT EXISTS (SELECT 1 FROM pg_depend d
                                    WHERE d.classid = 'pg_constraint'::regclass
                                      AND d.objid = con.oid
                                      AND d.refclassid <> 'pg_class'::regclass)
                  THEN pg_get_constraintdef(con.oid, true) END
        FROM pg_constraint con
        JOIN pg_class c ON c.oid = con.conrelid
        JOIN pg_namespace n ON n.oid = c.relnamespace
       WHERE n.nspname = ? AND con.contype = 'c'
       ORDER BY c.relname, con.conname""";

  private static final String COMMENTS =
      """
      SELECT CASE WHEN d.objsubid = 0 THEN c.relname ELSE c.relname || '.' || a.attname END,
             c.relname,
             CASE WHEN d.objsubid = 0
                  THEN format('COMMENT ON TABLE %I.%I IS %L', n.nspname, c.relname, d.description)
                  ELSE format('COMMENT ON COLUMN %I.%I.%I IS %L', n.nspname, c.relname, a.attname,
                              d.description) END,
             d.description
        FROM pg_description d
        JOIN pg_class c ON c.oid = d.objoid AND d.classoid = 'pg_class'::regclass
        JOIN pg_namespace n ON n.oid = c.relnamespace
        LEFT JOIN pg_attribute a ON a.attrelid = c.oid AND a.attnum = d.objsubid
       WHERE n.nspname = ? AND c.relkind IN ('r', 'p') AND NOT c.relispartition
       ORDER BY c.relname, d.objsubid""";

  /** Table privileges given to anyone but the table's owner and the user running plan. */
  private static final String GRANTS =
      """
      SELECT COALESCE(r.rolname, 'PUBLIC'), c.relname,
             format('GRANT %s ON %I.%I TO %s',
                    string_agg(g.privilege_type, ', ' ORDER BY g.privilege_type),
                    n.nspname, c.relname, COALESCE(quote_ident(r.rolname), 'PUBLIC')),
             format('GRANT %s ON %I TO %s',
                    string_agg(g.privilege_type, ', ' ORDER BY g.privilege_type),
                    c.relname, COALESCE(quote_ident(r.rolname), 'PUBLIC')),
             format('REVOKE %s ON %I FROM %s',
                    string_agg(g.privilege_type, ', ' ORDER BY g.privilege_type),
                    c.relname, COALESCE(quote_ident(r.rolname), 'PUBLIC')),
             ARRAY[]::text[]
        FROM pg_class c
        JOIN pg_namespace n ON n.oid = c.relnamespace
        CROSS JOIN LATERAL aclexplode(c.relacl) g
        LEFT JOIN pg_roles r ON r.oid = g.grantee
       WHERE n.nspname = ? AND c.relkind IN ('r', 'p') AND NOT c.relispartition
         AND g.grantee <> c.relowner AND r.rolname IS DISTINCT FROM current_user
       GROUP BY r.rolname, n.nspname, c.relname
       ORDER BY c.relname, 1""";

  /**
   * Read with the source schema alone on the {@code search_path}: the definitions then name the
   * schema's own tables, types and functions without it, and a target of the same engine resolves
   * them in its schema.
   */
  @Override
  public List<SourceObject> read(Connection connection, String schema) throws SQLException {
    String searchPath;
    try (Statement st = connection.createStatement();
        ResultSet rs = st.executeQuery("SHOW search_path")) {
      rs.next();
      searchPath = rs.getString(1);
    }
    setSearchPath(connection, "quote_ident(?)", schema);
    try {
      return readObjects(connection, schema);
    } finally {
      setSearchPath(connection, "?", searchPath);
    }
  }

  private static void setSearchPath(Connection connection, String value, String argument)
      throws SQLException {
    try (PreparedStatement ps =
        connection.prepareStatement(
            "SELECT set_config('search_path', %s, false)".formatted(value))) {
      ps.setString(1, argument);
      ps.execute();
    }
  }

  private static List<SourceObject> readObjects(Connection connection, String schema)
      throws SQLException {
    List<SourceObject> objects = new ArrayList<>();
    readCarried(connection, schema, Kind.VIEW, VIEWS, objects);
    readCarried(connection, schema, Kind.TRIGGER, TRIGGERS, objects);
    readCarried(connection, schema, Kind.ROUTINE, ROUTINES, objects);
    readCarried(connection, schema, Kind.SEQUENCE, SEQUENCES, objects);
    read(connection, schema, Kind.PARTITIONING, PARTITIONING, objects);
    Jdbc.forEachRow(
        connection,
        CHECKS,
        rs ->
            objects.add(
                new SourceObject(
                    Kind.CHECK,
                    rs.getString(1),
                    rs.getString(2),
                    rs.getString(3),
                    rs.getString(4))),
        schema);
    Jdbc.forEachRow(
        connection,
        COMMENTS,
        rs ->
            objects.add(
                new SourceObject(
                    Kind.COMMENT,
                    rs.getString(1),
                    rs.getString(2),
                    rs.getString(3),
                    rs.getString(4))),
        schema);
    readCarried(connection, schema, Kind.GRANT, GRANTS, objects);
    return objects;
  }

  @Override
  public Set<String> principals(Connection connection) throws SQLException {
    Set<String> roles = new HashSet<>();
    roles.add("PUBLIC");
    try (Statement st = connection.createStatement();
        ResultSet rs = st.executeQuery("SELECT rolname FROM pg_roles")) {
      while (rs.next()) {
        roles.add(rs.getString(1));
      }
    }
    return roles;
  }

  /** None: {@code pg_catalog} shows every object's definition to every user. */
  @Override
  public List<Finding> blindSpots(Connection connection, String schema) {
    return List.of();
  }

  /** A query's rows as objects: name, table (or NULL) and definition. */
  private static void read(
      Connection connection, String schema, Kind kind, String sql, List<SourceObject> objects)
      throws SQLException {
    Jdbc.forEachRow(
        connection,
        sql,
        rs ->
            objects.add(new SourceObject(kind, rs.getString(1), rs.getString(2), rs.getString(3))),
        schema);
  }

  /**
   * A query's rows as objects a target of the same engine can be given: name, table (or NULL),
   * definition, the CREATE (NULL when not carriable), the DROP, and what it uses. For a routine the
   * last column holds its qualified and its bare name instead: {@code pg_get_functiondef} always
   * qualifies the name, and the target names it in its own schema. A view's row has its SELECT
   * after that.
   */
  private static void readCarried(
      Connection connection, String schema, Kind kind, String sql, List<SourceObject> objects)
      throws SQLException {
    Jdbc.forEachRow(
        connection,
        sql,
        rs -> {
          String create = rs.getString(4);
          List<String> uses = List.of((String[]) rs.getArray(6).getArray());
          List<String> creates = new ArrayList<>();
          if (kind == Kind.ROUTINE) {
            int header = create.indexOf(uses.get(0));
            creates.add(
                create.substring(0, header)
                    + uses.get(1)
                    + create.substring(header + uses.get(0).length()));
            uses = List.of();
          } else if (kind == Kind.TRIGGER) {
            creates.add(rs.getString(5));
            creates.add(create);
          } else if (create != null) {
            creates.add(create);
          }
          objects.add(
              new SourceObject(
                  kind,
                  rs.getString(1),
                  rs.getString(2),
                  rs.getString(3),
                  null,
                  create == null
                      ? null
                      : new SourceObject.Carry(
                          creates,
                          List.of(rs.getString(5)),
                          uses,
                          kind == Kind.VIEW ? rs.getString(7) : null)));
        },
        schema);
  }
}
