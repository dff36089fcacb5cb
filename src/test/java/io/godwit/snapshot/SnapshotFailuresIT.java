package io.godwit.snapshot;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.zaxxer.hikari.HikariDataSource;
import io.godwit.BlockedException;
import io.godwit.Godwit;
import io.godwit.db.Finding;
import io.godwit.state.StatusReader;
import io.godwit.state.TablePhase;
import io.godwit.testing.TestDataSources;
import io.godwit.testing.TestDatabase;
import io.godwit.testing.TestMigration;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.Statement;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** Bad input during a snapshot: a clear error naming table and key range, state fit to resume. */
class SnapshotFailuresIT {

  private TestDatabase src;
  private TestDatabase tgt;

  @BeforeEach
  void createDatabases() throws Exception {
    src = TestDatabase.mariadb("snapfail_src");
    tgt = TestDatabase.postgres("snapfail_tgt");
    src.execute(
        "CREATE TABLE items (id INT NOT NULL PRIMARY KEY, qty INT NOT NULL)",
        "INSERT INTO items SELECT seq, seq % 100 FROM seq_1_to_5000",
        "CREATE TABLE other (id INT NOT NULL PRIMARY KEY, v VARCHAR(5))",
        "INSERT INTO other VALUES (1, 'a')");
  }

  @AfterEach
  void dropDatabases() throws Exception {
    src.close();
    tgt.close();
  }

  private Godwit godwit(PausePoints pausePoints) {
    return new Godwit(
        TestMigration.config("failing", src, tgt, "snapshot: { workers: 1, chunk-rows: 1000 }"),
        new SimpleMeterRegistry(),
        pausePoints);
  }

  @Test
  void aTargetTableWithOtherColumnsStopsTheSnapshotBeforeAnythingIsCreated() throws Exception {
    tgt.execute("CREATE TABLE items (id int PRIMARY KEY, amount int)");
    assertThatThrownBy(() -> godwit(PausePoints.NONE).snapshot())
        .isInstanceOfSatisfying(
            BlockedException.class,
            e ->
                assertThat(e.plan().findings())
                    .filteredOn(Finding::isBlocker)
                    .singleElement()
                    .satisfies(f -> assertThat(f.message()).contains("target table public.items")));
    try (Connection c = tgt.connect();
        Statement st = c.createStatement();
        ResultSet rs =
            st.executeQuery(
                "SELECT count(*) FROM pg_class c JOIN pg_namespace n ON n.oid = c.relnamespace"
                    + " WHERE n.nspname IN ('public', '_godwit') AND c.relkind = 'r'"
                    + " AND c.relname <> 'items'")) {
      rs.next();
      assertThat(rs.getInt(1)).as("tables created on the target").isZero();
    }
  }

  @Test
  void aSourceTableThatVanishesMidCopyFailsNamingTableAndKeyRange() throws Exception {
    PausePoints dropAfterFirstChunk =
        (table, chunk) -> {
          if (table.equals("items") && chunk == 0) {
            src.execute("DROP TABLE items");
          }
        };
    assertThatThrownBy(() -> godwit(dropAfterFirstChunk).snapshot())
        .isInstanceOf(ChunkFailedException.class)
        .hasMessageContaining("copying items into public.items failed in chunk 1, key (id) > ('")
        .hasMessageContaining("doesn't exist")
        .hasMessageContaining("a resume copies it again");
    assertThat(SnapshotScenarioIT.count(tgt, "items")).isBetween(1L, 4999L);
  }

  @Test
  void aRowTheTargetRejectsFailsItsChunkAndAResumeFinishesAfterTheFix() throws Exception {
    PausePoints addCheckAfterFirstChunk =
        (table, chunk) -> {
          if (table.equals("items") && chunk == 0) {
            tgt.execute("ALTER TABLE items ADD CONSTRAINT no_99 CHECK (qty <> 99) NOT VALID");
          }
        };
    assertThatThrownBy(() -> godwit(addCheckAfterFirstChunk).snapshot())
        .isInstanceOf(ChunkFailedException.class)
        .hasMessageMatching(
            "(?s).*failed in chunk 1, key \\(id\\) > \\('\\d+'\\) and \\(id\\) <= \\('\\d+'\\).*")
        .hasMessageContaining("no_99")
        .hasMessageContaining("SQLState 23514");
    long firstChunk = SnapshotScenarioIT.count(tgt, "items");
    assertThat(firstChunk).isBetween(1L, 4999L);
    try (HikariDataSource pool = TestDataSources.pool(tgt)) {
      assertThat(new StatusReader(pool).tables("failing"))
          .filteredOn(t -> t.source().equals("items"))
          .singleElement()
          .satisfies(
              t -> {
                assertThat(t.phase()).isEqualTo(TablePhase.COPYING);
                assertThat(t.rowsCopied()).isEqualTo(firstChunk);
                assertThat(t.error()).contains("no_99");
              });
    }

    tgt.execute("ALTER TABLE items DROP CONSTRAINT no_99");
    SnapshotResult resumed = godwit(PausePoints.NONE).snapshot();
    assertThat(SnapshotScenarioIT.rows(tgt, "items"))
        .isEqualTo(SnapshotScenarioIT.rows(src, "items"));
    assertThat(resumed.tables())
        .filteredOn(t -> t.source().equals("items"))
        .singleElement()
        .satisfies(t -> assertThat(t.chunksResumed()).isEqualTo(1));
  }
}
