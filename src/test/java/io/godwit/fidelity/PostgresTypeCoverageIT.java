package io.godwit.fidelity;

import static org.assertj.core.api.Assertions.assertThat;

import io.godwit.Godwit;
import io.godwit.db.Finding;
import io.godwit.plan.PlanResult;
import io.godwit.testing.TestDatabase;
import io.godwit.testing.TestMigration;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import org.junit.jupiter.api.Test;

/**
 * The fidelity harness's PostgreSQL type list is checked against PostgreSQL's own catalog, so a
 * type the harness does not send shows up here instead of as a silent gap: every built-in column
 * type is sent by the PostgreSQL -> PostgreSQL harness, refused by {@code plan} with a blocker
 * naming the column, or one of the system types below.
 */
class PostgresTypeCoverageIT {

  /** Types that hold references into the source's own catalog or planner state, not user data. */
  private static final Set<String> SYSTEM =
      Set.of(
          "aclitem",
          "cid",
          "tid",
          "xid",
          "xid8",
          "regclass",
          "regcollation",
          "regconfig",
          "regdictionary",
          "regnamespace",
          "regoper",
          "regoperator",
          "regproc",
          "regprocedure",
          "regrole",
          "regtype",
          "int2vector",
          "oidvector",
          "pg_node_tree",
          "pg_ndistinct",
          "pg_dependencies",
          "pg_mcv_list",
          "pg_snapshot",
          "txid_snapshot",
          "pg_brin_bloom_summary",
          "pg_brin_minmax_multi_summary",
          "gtsvector",
          "refcursor");

  @Test
  void everyCatalogTypeIsSentByTheHarnessRefusedByPlanOrASystemType() throws Exception {
    try (TestDatabase src = TestDatabase.postgres("coverage_src");
        TestDatabase tgt = TestDatabase.postgres("coverage_tgt")) {
      PostgresToPostgresFidelityIT harness = new PostgresToPostgresFidelityIT();
      src.execute(harness.sourceSetup().toArray(String[]::new));
      Set<String> sent = new TreeSet<>();
      Map<String, String> others = new LinkedHashMap<>();
      try (Connection c = src.connect();
          Statement st = c.createStatement()) {
        for (Case k : harness.cases()) {
          try (ResultSet rs =
              st.executeQuery(
                  "SELECT t.typname FROM pg_type t WHERE t.oid = '%s'::regtype"
                      .formatted(k.type().replace("'", "''")))) {
            rs.next();
            sent.add(rs.getString(1));
          }
        }
        try (ResultSet rs =
            st.executeQuery(
                "SELECT typname, format_type(oid, NULL) FROM pg_type"
                    + " WHERE typnamespace = 'pg_catalog'::regnamespace AND typtype IN ('b', 'r', 'm')"
                    + " AND typcategory NOT IN ('A', 'P', 'X') ORDER BY typname")) {
          while (rs.next()) {
            if (!sent.contains(rs.getString(1)) && !SYSTEM.contains(rs.getString(1))) {
              others.put(rs.getString(1), rs.getString(2));
            }
          }
        }
      }
      List<String> columns = new ArrayList<>();
      others.forEach((name, sql) -> columns.add("c_" + name + " " + sql));
      src.execute(
          "CREATE TABLE other_types (id int PRIMARY KEY, " + String.join(", ", columns) + ")");
      PlanResult plan =
          new Godwit(
                  TestMigration.config("coverage", src, tgt, "tables: { include: [other_types] }"),
                  new SimpleMeterRegistry())
              .plan();
      Set<String> refused = new TreeSet<>();
      plan.findings().stream()
          .filter(Finding::isBlocker)
          .map(Finding::subject)
          .filter(s -> s.startsWith("column other_types.c_"))
          .forEach(s -> refused.add(s.substring("column other_types.c_".length())));
      assertThat(others.keySet())
          .as(
              "built-in types that plan accepts but the fidelity harness does not send (sent: %s)",
              sent)
          .allMatch(refused::contains);
    }
  }
}
