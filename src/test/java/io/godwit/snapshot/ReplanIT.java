package io.godwit.snapshot;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.godwit.BlockedException;
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
import java.util.List;
import java.util.concurrent.ThreadLocalRandom;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * A failed first attempt fixed in the migration file and run again, as an operator does it: a table
 * no row was copied into is created again from the file, one whose copy started says what to do, a
 * dropped target table is copied afresh, and a failed DDL leaves no half-created target. On both
 * target engines, from MariaDB.
 */
class ReplanIT {

  private TestDatabase src;
  private TestDatabase tgt;
  private String migration;

  private void databases(String target) throws Exception {
    src = TestDatabase.mariadb("replan_src");
    tgt =
        target.equals("postgresql")
            ? TestDatabase.postgres("replan_tgt")
            : TestDatabase.mariadb("replan_tgt");
    migration = "replan_" + Long.toHexString(ThreadLocalRandom.current().nextLong() >>> 8);
    src.execute(
        "CREATE TABLE items (id INT NOT NULL PRIMARY KEY, code VARCHAR(20) NOT NULL)",
        "INSERT INTO items SELECT seq, CONCAT('c', seq) FROM seq_1_to_3000",
        "CREATE TABLE other (id INT NOT NULL PRIMARY KEY, v VARCHAR(5))",
        "INSERT INTO other VALUES (1, 'a')");
  }

  @AfterEach
  void dropDatabases() throws Exception {
    if (src != null) {
      src.close();
    }
    if (tgt != null) {
      tgt.close();
    }
  }

  private Godwit godwit(String codeType) {
    return new Godwit(
        TestMigration.config(
            migration,
            src,
            tgt,
            "snapshot: { workers: 1, chunk-rows: 1000 }\n"
                + "tables: { column-types: { \"items.code\": \"%s\" } }".formatted(codeType)),
        new SimpleMeterRegistry(),
        PausePoints.NONE);
  }

  /** Found by a new user: the fix in the file was ignored and the same failure repeated. */
  @ParameterizedTest
  @ValueSource(strings = {"postgresql", "mariadb"})
  void aTypeFixedInTheFileIsUsedWhenNoRowWasCopiedYet(String target) throws Exception {
    databases(target);
    src.execute("UPDATE items SET code = 'far-too-long' WHERE id = 7");

    assertThatThrownBy(() -> godwit("varchar(5)").snapshot())
        .isInstanceOf(ChunkFailedException.class)
        .hasMessageContaining("chunk 0");
    assertThat(columnType("items", "code")).contains("5");

    PlanResult plan = godwit("varchar(20)").plan();
    assertThat(plan.hasBlockers()).isFalse();
    assertThat(plan.findings())
        .filteredOn(f -> f.subject().equals("table items"))
        .singleElement()
        .satisfies(f -> assertThat(f.message()).contains("created again", "code: varchar(5) ->"));
    assertThat(plan.ddl()).anySatisfy(s -> assertThat(s).startsWith("DROP TABLE"));

    godwit("varchar(20)").snapshot();
    assertThat(columnType("items", "code")).contains("20");
    assertThat(SnapshotScenarioIT.count(tgt, "items")).isEqualTo(3000);
  }

  @ParameterizedTest
  @ValueSource(strings = {"postgresql", "mariadb"})
  void aChangedPlanForATableWhoseCopyStartedNamesTheFixAndTheFixWorks(String target)
      throws Exception {
    databases(target);
    src.execute("UPDATE items SET code = 'far-too-long' WHERE id = 2500");
    // how many chunks come before id 2500 follows MariaDB's row estimate, which varies
    assertThatThrownBy(() -> godwit("varchar(5)").snapshot())
        .isInstanceOf(ChunkFailedException.class)
        .hasMessageMatching("(?s).*failed in chunk [1-9].*");
    assertThat(SnapshotScenarioIT.count(tgt, "items")).isPositive();

    assertThatThrownBy(() -> godwit("varchar(20)").snapshot())
        .isInstanceOfSatisfying(
            BlockedException.class,
            e ->
                assertThat(e.plan().findings())
                    .filteredOn(Finding::isBlocker)
                    .singleElement()
                    .satisfies(
                        f -> {
                          assertThat(f.message()).contains("code: varchar(5) -> ");
                          assertThat(f.fix()).contains("drop the target table (DROP TABLE ");
                          assertThat(f.fix()).contains("godwit resnapshot -c FILE items");
                        }));

    // the fix a live migration takes: asked for (no run holds the migration), the plan goes ahead
    assertThat(godwit("varchar(20)").resnapshot(List.of("items")).requested())
        .containsExactly("items");
    PlanResult asked = godwit("varchar(20)").plan();
    assertThat(asked.hasBlockers()).isFalse();
    assertThat(asked.findings())
        .filteredOn(f -> f.subject().equals("table items"))
        .singleElement()
        .satisfies(
            f ->
                assertThat(f.message()).contains("a re-copy is asked for", "code: varchar(5) -> "));

    tgt.execute("DROP TABLE items");
    assertThat(godwit("varchar(20)").plan().findings())
        .filteredOn(f -> f.subject().equals("table items"))
        .singleElement()
        .satisfies(f -> assertThat(f.message()).contains("copies items afresh"));
    godwit("varchar(20)").snapshot();
    assertThat(columnType("items", "code")).contains("20");
    assertThat(SnapshotScenarioIT.count(tgt, "items")).isEqualTo(3000);
  }

  @ParameterizedTest
  @ValueSource(strings = {"postgresql", "mariadb"})
  void aFailedDdlLeavesNoHalfCreatedTarget(String target) throws Exception {
    databases(target);
    tgt.execute("CREATE VIEW other AS SELECT 1 AS id");

    assertThatThrownBy(() -> godwit("varchar(20)").snapshot())
        .isInstanceOf(SnapshotException.class)
        .hasMessageContaining("preparing target table " + tgt.schema() + ".other failed")
        .hasMessageContaining(
            target.equals("postgresql")
                ? "nothing was created"
                : "dropped the 1 tables this attempt had created");
    assertThat(tables()).isEmpty();
    assertThat(stateRows()).isZero();

    tgt.execute("DROP VIEW other");
    godwit("varchar(20)").snapshot();
    assertThat(SnapshotScenarioIT.count(tgt, "items")).isEqualTo(3000);
    assertThat(SnapshotScenarioIT.count(tgt, "other")).isEqualTo(1);
  }

  private String columnType(String table, String column) throws Exception {
    try (Connection c = tgt.connect();
        Statement st = c.createStatement();
        ResultSet rs =
            st.executeQuery(
                ("SELECT character_maximum_length FROM information_schema.columns"
                        + " WHERE table_schema = '%s' AND table_name = '%s' AND column_name = '%s'")
                    .formatted(tgt.schema(), table, column))) {
      assertThat(rs.next()).as("column %s.%s on the target", table, column).isTrue();
      return rs.getString(1);
    }
  }

  private List<String> tables() throws Exception {
    List<String> names = new ArrayList<>();
    try (Connection c = tgt.connect();
        Statement st = c.createStatement();
        ResultSet rs =
            st.executeQuery(
                "SELECT table_name FROM information_schema.tables WHERE table_schema = '%s'"
                        .formatted(tgt.schema())
                    + " AND table_type = 'BASE TABLE'")) {
      while (rs.next()) {
        names.add(rs.getString(1));
      }
    }
    return names;
  }

  private long stateRows() throws Exception {
    try (Connection c = tgt.connect();
        Statement st = c.createStatement();
        ResultSet rs =
            st.executeQuery(
                "SELECT count(*) FROM _godwit.table_state WHERE migration = '%s'"
                    .formatted(migration))) {
      rs.next();
      return rs.getLong(1);
    }
  }
}
