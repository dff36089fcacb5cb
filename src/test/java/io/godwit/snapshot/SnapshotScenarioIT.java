package io.godwit.snapshot;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.zaxxer.hikari.HikariDataSource;
import io.godwit.Godwit;
import io.godwit.db.Dialect;
import io.godwit.engine.Engine;
import io.godwit.schema.Table;
import io.godwit.state.StatusReader;
import io.godwit.state.TablePhase;
import io.godwit.testing.TestDataSources;
import io.godwit.testing.TestDatabase;
import io.godwit.testing.TestMigration;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.function.Function;
import java.util.stream.Collectors;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * {@code godwit snapshot} end to end in one direction: integer, string and composite keys, a table
 * without a key, an empty and a one-row table, several chunks per table, then indexes, foreign keys
 * and sequences; a re-run that does nothing; and a crash after a chunk that a second run resumes
 * without losing or doubling a row. Subclasses name the direction.
 */
abstract class SnapshotScenarioIT {

  static final List<String> TABLES =
      List.of("customers", "orders", "tags", "order_lines", "empty_t", "one_row", "no_key");

  abstract Engine source();

  abstract Engine target();

  TestDatabase src;
  TestDatabase tgt;

  @BeforeEach
  void createSource() throws Exception {
    String suffix = (source() + "_" + target()).toLowerCase(Locale.ROOT);
    src = TestDatabase.create(source(), "snap_src_" + suffix);
    tgt = TestDatabase.create(target(), "snap_tgt_" + suffix);
    src.execute(SourceSchema.statements(source()).toArray(String[]::new));
  }

  @AfterEach
  void dropDatabases() throws Exception {
    src.close();
    tgt.forgetMigration("scenario");
    tgt.close();
  }

  Godwit godwit(PausePoints pausePoints) {
    return new Godwit(
        TestMigration.config("scenario", src, tgt, "snapshot: { workers: 2, chunk-rows: 1000 }"),
        new SimpleMeterRegistry(),
        pausePoints);
  }

  @Test
  void copiesEveryTableExactlyThenIndexesKeysAndSequences() throws Exception {
    SnapshotResult result = godwit(PausePoints.NONE).snapshot();

    assertThat(result.alreadyCopied()).isFalse();
    Map<String, SnapshotResult.TableResult> byTable =
        result.tables().stream()
            .collect(Collectors.toMap(SnapshotResult.TableResult::source, Function.identity()));
    assertThat(byTable).containsOnlyKeys(TABLES);
    assertThat(byTable.get("orders").rows()).isEqualTo(5000);
    assertThat(byTable.get("orders").chunks()).isGreaterThan(3);
    assertThat(byTable.get("tags").chunks()).isGreaterThan(1);
    assertThat(byTable.get("order_lines").chunks()).isGreaterThan(1);
    assertThat(byTable.get("no_key").chunks()).isEqualTo(1);
    assertThat(byTable.get("empty_t").rows()).isZero();
    assertThat(byTable.get("orders").indexSeconds())
        .as("orders' index on customer_id, built once its last chunk was copied")
        .isPositive();
    assertThat(byTable.get("tags").indexSeconds()).as("no secondary index").isZero();
    SnapshotResult.Step indexStep = result.steps().get(Snapshot.INDEX_STEP - 1);
    assertThat(indexStep.number()).isEqualTo(Snapshot.INDEX_STEP);
    assertThat(result.indexWaitSeconds()).isBetween(0.0, indexStep.seconds());
    assertSameRows();
    assertThat(status())
        .allSatisfy(t -> assertThat(t.phase()).isEqualTo(TablePhase.COPIED))
        .filteredOn(t -> t.source().equals("orders"))
        .singleElement()
        .satisfies(t -> assertThat(t.rowsCopied()).isEqualTo(5000));

    try (Connection c = tgt.connect()) {
      Map<String, Table> tables =
          Dialect.of(target()).catalog().tables(c, tgt.schema()).stream()
              .collect(Collectors.toMap(Table::name, Function.identity()));
      assertThat(tables.get("orders").indexes())
          .anySatisfy(i -> assertThat(i.columnNames()).containsExactly("customer_id"));
      assertThat(tables.get("orders").foreignKeys())
          .singleElement()
          .satisfies(fk -> assertThat(fk.referencedTable()).isEqualTo("customers"));
      try (Statement st = c.createStatement()) {
        st.execute("INSERT INTO customers (name, email) VALUES ('new', 'new@example.com')");
        try (ResultSet rs =
            st.executeQuery("SELECT id FROM customers WHERE email = 'new@example.com'")) {
          rs.next();
          assertThat(rs.getLong(1)).isEqualTo(3001);
        }
      }
    }
  }

  @Test
  void aFinishedSnapshotRunAgainDoesNothingAndSaysSo() throws Exception {
    godwit(PausePoints.NONE).snapshot();
    SnapshotResult again = godwit(PausePoints.NONE).snapshot();
    assertThat(again.alreadyCopied()).isTrue();
    assertThat(again.tables()).allSatisfy(t -> assertThat(t.chunksResumed()).isEqualTo(t.chunks()));
    assertThat(again.tables())
        .as("no index built while tables copied: none copied")
        .allSatisfy(t -> assertThat(t.indexSeconds()).isZero());
    assertSameRows();
  }

  @Test
  void aCrashAfterAChunkIsResumedWithoutLosingOrDoublingRows() throws Exception {
    AtomicBoolean crashed = new AtomicBoolean();
    PausePoints crashAfterSecondOrdersChunk =
        (table, chunk) -> {
          if (table.equals("orders") && chunk == 1 && crashed.compareAndSet(false, true)) {
            throw new IllegalStateException("simulated crash after orders chunk 1");
          }
          // the other worker copies no later chunk of orders before the crash: on a loaded
          // machine it had copied all of them, and no chunk was left to resume
          long deadline = System.nanoTime() + 10_000_000_000L;
          while (table.equals("orders") && chunk > 1 && !crashed.get()) {
            if (System.nanoTime() > deadline) {
              throw new IllegalStateException("orders chunk 1 was never copied");
            }
            Thread.onSpinWait();
          }
        };
    assertThatThrownBy(() -> godwit(crashAfterSecondOrdersChunk).snapshot())
        .hasMessageContaining("simulated crash");
    assertThat(count(tgt, "orders")).isLessThan(5000);

    SnapshotResult resumed = godwit(PausePoints.NONE).snapshot();
    SnapshotResult.TableResult orders =
        resumed.tables().stream()
            .filter(t -> t.source().equals("orders"))
            .findFirst()
            .orElseThrow();
    assertThat(orders.chunksResumed()).isGreaterThanOrEqualTo(2);
    assertThat(orders.rows()).isEqualTo(5000);
    assertSameRows();
  }

  List<StatusReader.TableStatus> status() throws Exception {
    try (HikariDataSource pool = TestDataSources.pool(tgt)) {
      return new StatusReader(pool).tables("scenario");
    }
  }

  void assertSameRows() throws Exception {
    for (String table : TABLES) {
      assertThat(rows(tgt, table)).as("rows of %s", table).isEqualTo(rows(src, table));
    }
  }

  static long count(TestDatabase db, String table) throws Exception {
    try (Connection c = db.connect();
        Statement st = c.createStatement();
        ResultSet rs = st.executeQuery("SELECT COUNT(*) FROM " + table)) {
      rs.next();
      return rs.getLong(1);
    }
  }

  /** Every row as text, in an order that does not depend on the engine. */
  static List<String> rows(TestDatabase db, String table) throws Exception {
    List<String> rows = new ArrayList<>();
    try (Connection c = db.connect();
        Statement st = c.createStatement();
        ResultSet rs = st.executeQuery("SELECT * FROM " + table)) {
      int n = rs.getMetaData().getColumnCount();
      while (rs.next()) {
        StringBuilder row = new StringBuilder();
        for (int i = 1; i <= n; i++) {
          row.append(rs.getString(i)).append('|');
        }
        rows.add(row.toString());
      }
    }
    rows.sort(null);
    return rows;
  }
}
