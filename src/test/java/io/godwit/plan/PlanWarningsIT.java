package io.godwit.plan;

import static org.assertj.core.api.Assertions.assertThat;

import io.godwit.Godwit;
import io.godwit.config.ConfigLoader;
import io.godwit.db.Finding;
import io.godwit.testing.TestDatabase;
import io.godwit.testing.TestMigration;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;

/**
 * Every warning {@code plan} prints is true: for schemas that provoke each kind, the plan's DDL is
 * run on the real target and each warning's claim is checked in both catalogs (the source has what
 * the warning names; the target, after the DDL, lacks or changed it as the warning says). A warning
 * no check recognises fails the test, so a new kind of warning needs its check here.
 */
class PlanWarningsIT {

  /** What a warning claims, checked against the two databases. */
  private interface Claim {
    void check(Matcher m, Connection source, Connection target) throws SQLException;
  }

  private record Check(String name, Pattern pattern, Claim claim) {}

  private static final List<Check> TO_MARIADB =
      List.of(
          new Check(
              "generated column",
              Pattern.compile(
                  "(\\w+)\\.(\\w+): generated column \\((.+)\\) becomes a plain column.*"),
              (m, s, t) -> {
                assertThat(column(s, "is_generated", m)).isEqualTo("ALWAYS");
                assertThat(column(t, "GENERATION_EXPRESSION", m)).isNull();
              }),
          new Check(
              "default dropped",
              Pattern.compile("(\\w+)\\.(\\w+): default (.+) is not kept \\(.+\\); fix: .*"),
              (m, s, t) -> {
                assertThat(column(s, "column_default", m)).isEqualTo(m.group(3));
                assertThat(column(t, "COLUMN_DEFAULT", m)).isIn(null, "NULL");
              }),
          new Check(
              "auto-increment not leading the key",
              Pattern.compile(
                  "(\\w+)\\.(\\w+): generates values on the source, but MySQL allows"
                      + " AUTO_INCREMENT only on one column leading the primary key; created without"
                      + " it.*"),
              (m, s, t) -> {
                assertThat(column(s, "is_identity", m)).isEqualTo("YES");
                assertThat(column(t, "EXTRA", m)).doesNotContainIgnoringCase("auto_increment");
              }),
          new Check(
              "expression index",
              Pattern.compile("(\\w+): index (\\w+) has an expression and is not created on .*"),
              (m, s, t) -> {
                assertThat(
                        one(
                            s,
                            "SELECT (indexprs IS NOT NULL)::text FROM pg_index"
                                + " WHERE indexrelid = ?::regclass",
                            m.group(2)))
                    .isEqualTo("true");
                assertThat(myIndex(t, m.group(1), m.group(2))).isEmpty();
              }),
          new Check(
              "json index",
              Pattern.compile(
                  "(\\w+): index (\\w+) is on a json column, which MySQL cannot index;"
                      + " it is not created"),
              (m, s, t) -> {
                assertThat(
                        one(
                            s,
                            "SELECT string_agg(format_type(a.atttypid, a.atttypmod), ',')"
                                + " FROM pg_index i JOIN pg_attribute a ON a.attrelid = i.indrelid"
                                + " AND a.attnum = ANY(i.indkey) WHERE i.indexrelid = ?::regclass",
                            m.group(2)))
                    .contains("json");
                assertThat(myIndex(t, m.group(1), m.group(2))).isEmpty();
              }),
          new Check(
              "text prefix",
              Pattern.compile(
                  "(\\w+): index (\\w+): MySQL indexes only the first (\\d+) characters"
                      + " of the (.+) column (\\w+)"),
              (m, s, t) -> {
                assertThat(
                        one(s, "SELECT indexdef FROM pg_indexes WHERE indexname = ?", m.group(2)))
                    .contains("(" + m.group(5) + ")");
                assertThat(myIndex(t, m.group(1), m.group(2)))
                    .contains(m.group(5) + "(" + m.group(3) + ")");
              }),
          new Check(
              "index fitted to InnoDB",
              Pattern.compile(
                  "(\\w+): index (\\w+) takes (\\d+) bytes, more than InnoDB's 3072: it"
                      + " indexes the first (.+) characters instead"),
              (m, s, t) -> {
                assertThat(Integer.parseInt(m.group(3))).isGreaterThan(3072);
                List<String> parts = myIndex(t, m.group(1), m.group(2));
                for (String part : m.group(4).split(", ")) {
                  String[] nOfColumn = part.split(" of ");
                  assertThat(parts).contains(nOfColumn[1] + "(" + nOfColumn[0] + ")");
                }
                assertThat(
                        one(s, "SELECT indexdef FROM pg_indexes WHERE indexname = ?", m.group(2)))
                    .isNotNull();
              }),
          new Check(
              "foreign key to a table not migrated",
              Pattern.compile(
                  "(\\w+): foreign key (\\w+) references (\\w+)\\.(\\w+), which is not"
                      + " migrated; it is not created"),
              (m, s, t) -> {
                assertThat(
                        one(
                            s,
                            "SELECT confrelid::regclass::text FROM pg_constraint"
                                + " WHERE conname = ?",
                            m.group(2)))
                    .isEqualTo(m.group(4));
                assertThat(
                        one(
                            t,
                            "SELECT TABLE_NAME FROM information_schema.TABLES"
                                + " WHERE TABLE_SCHEMA = DATABASE() AND TABLE_NAME = ?",
                            m.group(4)))
                    .isNull();
                assertThat(myForeignKey(t, m.group(2))).isNull();
              }),
          new Check(
              "SET DEFAULT",
              Pattern.compile(
                  "(\\w+): foreign key (\\w+): InnoDB has no SET DEFAULT; NO ACTION is" + " used"),
              (m, s, t) -> {
                assertThat(
                        one(
                            s,
                            "SELECT confdeltype::text || confupdtype::text FROM pg_constraint"
                                + " WHERE conname = ?",
                            m.group(2)))
                    .contains("d");
                assertThat(myForeignKey(t, m.group(2))).doesNotContain("SET DEFAULT");
              }),
          new Check(
              "index kind not copied",
              Pattern.compile(
                  "index (\\w+) \\((\\w+)\\) of (\\w+) is not copied \\(Godwit copies"
                      + " b-tree indexes only\\)"),
              (m, s, t) -> {
                assertThat(
                        one(
                            s,
                            "SELECT am.amname FROM pg_class c JOIN pg_am am ON am.oid = c.relam"
                                + " WHERE c.oid = ?::regclass",
                            m.group(1)))
                    .isEqualTo(m.group(2));
                assertThat(myIndex(t, m.group(3), m.group(1))).isEmpty();
              }),
          new Check(
              "unique key as row key",
              Pattern.compile(
                  "(\\w+) has no primary key; its unique NOT NULL key (\\w+) \\((.+)\\)"
                      + " identifies rows"),
              (m, s, t) -> {
                assertThat(
                        one(
                            s,
                            "SELECT count(*)::text FROM pg_constraint WHERE contype = 'p'"
                                + " AND conrelid = ?::regclass",
                            m.group(1)))
                    .isEqualTo("0");
                assertThat(myIndex(t, m.group(1), "PRIMARY")).containsExactly(m.group(3));
              }));

  private static final List<Check> TO_POSTGRES =
      List.of(
          new Check(
              "generated column",
              Pattern.compile(
                  "(\\w+)\\.(\\w+): generated column \\((.+)\\) becomes a plain column.*"),
              (m, s, t) -> {
                assertThat(column(s, "EXTRA", m)).containsIgnoringCase("generated");
                assertThat(column(t, "is_generated", m)).isEqualTo("NEVER");
              }),
          new Check(
              "default dropped",
              Pattern.compile("(\\w+)\\.(\\w+): default (.+) is not kept \\(.+\\); fix: .*"),
              (m, s, t) -> {
                assertThat(column(s, "COLUMN_DEFAULT", m)).isEqualTo(m.group(3));
                assertThat(column(t, "column_default", m)).isNull();
              }),
          new Check(
              "auto-increment not an identity",
              Pattern.compile(
                  "(\\w+)\\.(\\w+): auto-increment column of type (.+) cannot be an"
                      + " identity.*"),
              (m, s, t) -> {
                assertThat(column(s, "EXTRA", m)).containsIgnoringCase("auto_increment");
                assertThat(column(t, "is_identity || coalesce(column_default, '')", m))
                    .isEqualTo("NO");
              }),
          new Check(
              "prefix dropped",
              Pattern.compile(
                  "(\\w+): index (\\w+) indexed the first (\\d+) characters of (\\w+);"
                      + " PostgreSQL indexes whole values.*"),
              (m, s, t) -> {
                assertThat(
                        one(
                            s,
                            "SELECT SUB_PART FROM information_schema.STATISTICS"
                                + " WHERE TABLE_SCHEMA = DATABASE() AND TABLE_NAME = ? AND INDEX_NAME = ?"
                                + " AND COLUMN_NAME = ?",
                            m.group(1),
                            m.group(2),
                            m.group(4)))
                    .isEqualTo(m.group(3));
                assertThat(
                        one(
                            t,
                            "SELECT indexdef FROM pg_indexes WHERE tablename = ?"
                                + " AND indexname LIKE '%' || ? || '%'",
                            m.group(1),
                            m.group(2)))
                    .contains("(" + m.group(4) + ")");
              }),
          new Check(
              "foreign key to a non-unique column",
              Pattern.compile(
                  "(\\w+): foreign key (\\w+) references (\\w+) \\[(.+)\\], which is not"
                      + " a primary or unique key as PostgreSQL requires; it is not created"),
              (m, s, t) -> {
                assertThat(
                        one(
                            s,
                            "SELECT REFERENCED_TABLE_NAME FROM"
                                + " information_schema.KEY_COLUMN_USAGE WHERE TABLE_SCHEMA = DATABASE()"
                                + " AND CONSTRAINT_NAME = ?",
                            m.group(2)))
                    .isEqualTo(m.group(3));
                assertThat(
                        one(
                            s,
                            "SELECT min(NON_UNIQUE) FROM information_schema.STATISTICS"
                                + " WHERE TABLE_SCHEMA = DATABASE() AND TABLE_NAME = ? AND COLUMN_NAME = ?",
                            m.group(3),
                            m.group(4)))
                    .isEqualTo("1");
                assertThat(
                        one(
                            t,
                            "SELECT conname FROM pg_constraint WHERE contype = 'f'"
                                + " AND conname = ?",
                            m.group(2)))
                    .isNull();
              }),
          new Check(
              "index kind not copied",
              Pattern.compile(
                  "index (\\w+) \\((\\w+)\\) of (\\w+) is not copied \\(Godwit copies"
                      + " b-tree indexes only\\)"),
              (m, s, t) -> {
                assertThat(
                        one(
                            s,
                            "SELECT INDEX_TYPE FROM information_schema.STATISTICS"
                                + " WHERE TABLE_SCHEMA = DATABASE() AND TABLE_NAME = ? AND INDEX_NAME = ?",
                            m.group(3),
                            m.group(1)))
                    .isEqualTo(m.group(2));
                assertThat(
                        one(
                            t,
                            "SELECT indexname FROM pg_indexes WHERE tablename = ?"
                                + " AND indexname LIKE '%' || ? || '%'",
                            m.group(3),
                            m.group(1)))
                    .isNull();
              }),
          new Check(
              "short binlog retention",
              Pattern.compile("binlog files are kept only (\\d+) s; .*"),
              (m, s, t) ->
                  assertThat(one(s, "SELECT @@binlog_expire_logs_seconds")).isEqualTo(m.group(1))));

  @Test
  void everyWarningFromPostgresToMariaDbIsTrue() throws Exception {
    try (TestDatabase source = TestDatabase.postgres("planwarn_pg");
        TestDatabase target = TestDatabase.mariadb("planwarn_tgt")) {
      source.execute(
          "CREATE TABLE parent (id int PRIMARY KEY, code text)",
          "CREATE TABLE outside (id int PRIMARY KEY)",
          """
          CREATE TABLE w (
            id int PRIMARY KEY,
            n int,
            g int GENERATED ALWAYS AS (n * 2) STORED,
            r double precision DEFAULT random(),
            seq int GENERATED BY DEFAULT AS IDENTITY,
            body text,
            doc jsonb,
            a varchar(1000), b varchar(1000), c varchar(1000), d varchar(1000),
            pid int DEFAULT 0 CONSTRAINT w_parent REFERENCES parent (id) ON DELETE SET DEFAULT,
            oid int CONSTRAINT w_outside REFERENCES outside (id)
          )""",
          "CREATE INDEX w_lower ON w (lower(body))",
          "CREATE INDEX w_doc ON w (doc)",
          "CREATE INDEX w_body ON w (body)",
          "CREATE INDEX w_abcd ON w (a, b, c, d)",
          "CREATE INDEX w_gin ON w USING gin (doc jsonb_path_ops)",
          "CREATE TABLE u (k int NOT NULL, v text, CONSTRAINT u_k UNIQUE (k))",
          "ALTER TABLE u REPLICA IDENTITY USING INDEX u_k");
      PlanResult plan =
          checkEveryWarning(source, target, TO_MARIADB, "tables: { exclude: [outside] }");
      assertThat(plan.findings())
          .as("a generated column MariaDB does not compute cannot follow the change stream")
          .filteredOn(f -> f.isBlocker() && f.subject().equals("column w.g"))
          .singleElement()
          .satisfies(f -> assertThat(f.fix()).contains("DROP EXPRESSION"));
    }
  }

  @Test
  void everyWarningFromMariaDbToPostgresIsTrue() throws Exception {
    try (TestDatabase source = TestDatabase.mariadb("planwarn_maria");
        TestDatabase target = TestDatabase.postgres("planwarn_tgt")) {
      source.execute(
          "CREATE TABLE parent (id INT PRIMARY KEY, code INT, KEY (code))",
          """
          CREATE TABLE m (
            id INT PRIMARY KEY,
            x DOUBLE NOT NULL AUTO_INCREMENT,
            n INT,
            g INT AS (n * 2) VIRTUAL,
            r DOUBLE DEFAULT (RAND()),
            title VARCHAR(500),
            body TEXT,
            pcode INT,
            KEY (x),
            KEY m_title (title(100)),
            FULLTEXT KEY m_ft (body),
            CONSTRAINT m_fk FOREIGN KEY (pcode) REFERENCES parent (code)
          )""");
      checkEveryWarning(source, target, TO_POSTGRES, "");
    }
  }

  private static PlanResult checkEveryWarning(
      TestDatabase source, TestDatabase target, List<Check> checks, String tables)
      throws Exception {
    String yaml = TestMigration.yaml("planwarn", source, target, tables);
    PlanResult plan =
        new Godwit(new ConfigLoader().load(yaml, "planwarn.yaml"), new SimpleMeterRegistry())
            .plan();
    assertThat(plan.findings())
        .as("blockers but for a generated column's changes, which the DDL does not concern")
        .filteredOn(Finding::isBlocker)
        .allMatch(f -> f.message().contains("change stream carries no value"));
    try (Connection t = target.connect();
        Statement st = t.createStatement()) {
      for (String sql : plan.ddl()) {
        st.execute(sql);
      }
      for (String sql : plan.deferredDdl()) {
        st.execute(sql);
      }
    }
    Set<String> used = new LinkedHashSet<>();
    List<String> unchecked = new ArrayList<>();
    try (Connection s = source.connect();
        Connection t = target.connect()) {
      for (Finding f : plan.findings()) {
        if (f.severity() != Finding.Severity.WARNING) {
          continue;
        }
        Check check =
            checks.stream()
                .filter(c -> c.pattern().matcher(f.message()).matches())
                .findFirst()
                .orElse(null);
        if (check == null) {
          unchecked.add(f.toString());
          continue;
        }
        Matcher m = check.pattern().matcher(f.message());
        assertThat(m.matches()).isTrue();
        try {
          check.claim().check(m, s, t);
        } catch (AssertionError e) {
          throw new AssertionError("untrue warning: " + f + "\n" + e.getMessage(), e);
        }
        used.add(check.name());
      }
    }
    assertThat(unchecked).as("warnings no check here recognises").isEmpty();
    List<String> expected = new ArrayList<>(checks.stream().map(Check::name).toList());
    expected.remove("short binlog retention");
    assertThat(used).as("kinds of warning the schema provokes").containsAll(expected);
    return plan;
  }

  private static String one(Connection c, String sql, String... args) throws SQLException {
    try (PreparedStatement ps = c.prepareStatement(sql)) {
      for (int i = 0; i < args.length; i++) {
        ps.setString(i + 1, args[i]);
      }
      try (ResultSet rs = ps.executeQuery()) {
        return rs.next() ? rs.getString(1) : null;
      }
    }
  }

  /**
   * One field of the column {@code table.column} named by the warning's first two groups, from
   * {@code information_schema.columns} of the connection's schema (PostgreSQL's {@code public}).
   */
  private static String column(Connection c, String field, Matcher m) throws SQLException {
    boolean postgres = c.getMetaData().getDatabaseProductName().equals("PostgreSQL");
    return one(
        c,
        "SELECT %s FROM information_schema.columns WHERE table_schema = %s AND table_name = ?"
                .formatted(field, postgres ? "'public'" : "DATABASE()")
            + " AND column_name = ?",
        m.group(1),
        m.group(2));
  }

  /** The index's parts on MySQL, as {@code column} or {@code column(prefix)}; empty if none. */
  private static List<String> myIndex(Connection c, String table, String index)
      throws SQLException {
    List<String> parts = new ArrayList<>();
    try (PreparedStatement ps =
        c.prepareStatement(
            "SELECT COLUMN_NAME, SUB_PART FROM information_schema.STATISTICS"
                + " WHERE TABLE_SCHEMA = DATABASE() AND TABLE_NAME = ? AND INDEX_NAME = ?"
                + " ORDER BY SEQ_IN_INDEX")) {
      ps.setString(1, table);
      ps.setString(2, index);
      try (ResultSet rs = ps.executeQuery()) {
        while (rs.next()) {
          String prefix = rs.getString(2);
          parts.add(rs.getString(1) + (prefix == null ? "" : "(" + prefix + ")"));
        }
      }
    }
    return parts;
  }

  /** The foreign key's delete and update rules on MySQL, or null if it does not exist. */
  private static String myForeignKey(Connection c, String name) throws SQLException {
    return one(
        c,
        "SELECT CONCAT(DELETE_RULE, ' ', UPDATE_RULE) FROM information_schema.REFERENTIAL_CONSTRAINTS"
            + " WHERE CONSTRAINT_SCHEMA = DATABASE() AND CONSTRAINT_NAME = ?",
        name);
  }
}
