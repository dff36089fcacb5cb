package io.godwit.fidelity;

import static org.assertj.core.api.Assertions.assertThat;

import com.zaxxer.hikari.HikariDataSource;
import io.godwit.Godwit;
import io.godwit.LiveMigration;
import io.godwit.capture.PostgresSlots;
import io.godwit.config.MigrationConfig;
import io.godwit.engine.Engine;
import io.godwit.snapshot.PausePoints;
import io.godwit.state.StatusReader;
import io.godwit.state.ValidationResult;
import io.godwit.testing.LiveRuns;
import io.godwit.testing.SharedKafka;
import io.godwit.testing.TestDataSources;
import io.godwit.testing.TestDatabase;
import io.godwit.testing.TestMigration;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Random;
import java.util.TreeMap;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeoutException;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The differential fidelity harness of one direction. Every source type of the direction gets a
 * table of generated values (boundaries plus seeded random ones). A live migration copies them
 * (snapshot path), then the same values are inserted again after the capture's start, updated onto
 * other rows, moved to new keys and deleted (stream path). Once drained, each engine prints every
 * value itself ({@link Kind#probe}) and the two prints must match, or change exactly as the mapping
 * says. A table truncated on the source must end as the source's. Then {@code godwit validate} must
 * call every exact table clean. Nothing of Godwit's conversion or validation code computes an
 * expected value.
 *
 * <p>The seed is fixed so CI is repeatable; {@code -Dgodwit.fidelity.seed=N} and {@code
 * -Dgodwit.fidelity.rounds=N} draw other values ({@code ops/fidelity-soak.sh}).
 */
abstract class FidelityIT {

  /** The seed CI draws values with. */
  static final long DEFAULT_SEED = 20261204L;

  /** Stream rows: inserted at {@code INSERTED + k}, then moved to {@code MOVED + k}. */
  private static final int INSERTED = 10_000;

  private static final int MOVED = 20_000;
  private static final int DELETED = 30_000;

  @TempDir Path workDir;

  abstract Engine source();

  abstract Engine target();

  abstract List<Case> cases();

  /** Drops what the capture leaves on a PostgreSQL source: its slot and publication. */
  private void cleanUpSource(HikariDataSource source, String migration) throws Exception {
    if (source() == Engine.POSTGRESQL) {
      PostgresSlots.drop(source, migration);
    }
  }

  /** Statements run on the source before the tables are created (types). */
  List<String> sourceSetup() {
    return List.of();
  }

  /** Extra migration-file YAML, e.g. type overrides; {@code f<i>} names case i's table. */
  String extraConfig() {
    return "";
  }

  @Test
  void everyValueArrivesAsTheSourceEngineHoldsItThroughSnapshotAndStream() throws Exception {
    long seed = Long.getLong("godwit.fidelity.seed", DEFAULT_SEED);
    int rounds = Integer.getInteger("godwit.fidelity.rounds", 1);
    for (int round = 0; round < rounds; round++) {
      run(seed + round);
    }
  }

  private void run(long seed) throws Exception {
    System.out.printf(
        "%s: seed %d (-Dgodwit.fidelity.seed=%d)%n", getClass().getSimpleName(), seed, seed);
    String suffix = (source() + "_" + target()).toLowerCase(Locale.ROOT);
    String name = "fidelity_" + suffix;
    List<Case> cases = cases();
    Random random = new Random(seed);
    List<List<String>> values = new ArrayList<>();
    for (Case c : cases) {
      values.add(c.values().literals(source(), random));
    }
    try (TestDatabase src = TestDatabase.create(source(), "fid_src_" + suffix);
        TestDatabase tgt = TestDatabase.create(target(), "fid_tgt_" + suffix);
        HikariDataSource sourcePool = TestDataSources.pool(src)) {
      try {
        run(src, tgt, sourcePool, name, cases, values, seed);
      } finally {
        tgt.forgetMigration(name);
      }
    }
  }

  private void run(
      TestDatabase src,
      TestDatabase tgt,
      HikariDataSource sourcePool,
      String name,
      List<Case> cases,
      List<List<String>> values,
      long seed)
      throws Exception {
    createAndFill(src, cases, values);
    MigrationConfig config =
        TestMigration.config(
            name,
            src,
            tgt,
            "work-dir: \"%s\"\nsnapshot: { workers: 2 }\n%s\n%s"
                .formatted(workDir.resolve("seed-" + seed), extraConfig(), SharedKafka.yaml(name)));
    LiveMigration live = new LiveMigration(config, new SimpleMeterRegistry(), PausePoints.NONE);
    CompletableFuture<Void> running = LiveRuns.start(live);
    List<String> problems = new ArrayList<>();
    try {
      long deadline = System.nanoTime() + Duration.ofMinutes(3).toNanos();
      while (live.snapshotResult() == null && !running.isDone()) {
        assertThat(System.nanoTime()).as("snapshot finished in time").isLessThan(deadline);
        Thread.sleep(200);
      }
      assertThat(running).as("the run is going").isNotCompletedExceptionally().isNotDone();
      stream(src, cases, values);
      drain(live, tgt, cases);
      compare(src, tgt, cases, values, problems);
      Map<Integer, String> truncated = read(tgt, target(), "truncated", Kind.PLAIN);
      if (!truncated.equals(read(src, source(), "truncated", Kind.PLAIN))) {
        problems.add("a TRUNCATE on the source left on the target: " + truncated);
      }
    } finally {
      live.stop(Duration.ofSeconds(60));
      running.exceptionally(e -> null).join();
      cleanUpSource(sourcePool, name);
    }
    validate(config, cases, problems);
    assertThat(problems)
        .as("values that did not arrive as the source holds them (seed %d)", seed)
        .isEmpty();
  }

  /**
   * Waits until the applier passed everything the source wrote; a table the applier stopped fails
   * the test at once, with the type and the error `godwit status` shows for it.
   */
  private static void drain(LiveMigration live, TestDatabase tgt, List<Case> cases)
      throws Exception {
    long deadline = System.nanoTime() + Duration.ofMinutes(2).toNanos();
    while (true) {
      if (!live.stoppedTables().isEmpty()) {
        List<String> errors = new ArrayList<>();
        try (HikariDataSource pool = TestDataSources.pool(tgt)) {
          for (StatusReader.TableStatus t : new StatusReader(pool).tables(live.name())) {
            if (live.stoppedTables().contains(t.source())) {
              String type =
                  t.source().startsWith("f")
                      ? cases.get(Integer.parseInt(t.source().substring(1))).type()
                      : t.source();
              errors.add(type + ": " + t.error());
            }
          }
        }
        assertThat(errors).as("tables the applier stopped").isEmpty();
      }
      try {
        live.drain(Duration.ofSeconds(10));
        return;
      } catch (TimeoutException e) {
        if (System.nanoTime() > deadline) {
          throw e;
        }
      }
    }
  }

  private String table(int i) {
    return "f" + i;
  }

  private void createAndFill(TestDatabase src, List<Case> cases, List<List<String>> values)
      throws SQLException {
    try (Connection c = src.connect();
        Statement st = c.createStatement()) {
      session(st, source());
      for (String sql : sourceSetup()) {
        st.execute(sql);
      }
      for (int i = 0; i < cases.size(); i++) {
        st.execute(
            "CREATE TABLE %s (id int NOT NULL PRIMARY KEY, v %s)"
                .formatted(table(i), cases.get(i).type()));
        List<String> v = values.get(i);
        for (int k = 0; k < v.size(); k++) {
          st.addBatch("INSERT INTO %s VALUES (%d, %s)".formatted(table(i), k + 1, v.get(k)));
        }
        st.addBatch("INSERT INTO %s VALUES (0, NULL)".formatted(table(i)));
        executeBatch(st, cases.get(i));
      }
      st.execute("CREATE TABLE truncated (id int NOT NULL PRIMARY KEY, v varchar(20))");
      for (int k = 1; k <= 20; k++) {
        st.execute("INSERT INTO truncated VALUES (%d, 'before %d')".formatted(k, k));
      }
    }
  }

  /**
   * The stream path, after the snapshot: every value inserted again, updated onto the next row,
   * half the rows moved to a new key, some snapshot rows updated and deleted, and rows inserted and
   * deleted again.
   */
  private void stream(TestDatabase src, List<Case> cases, List<List<String>> values)
      throws SQLException {
    try (Connection c = src.connect();
        Statement st = c.createStatement()) {
      session(st, source());
      for (int i = 0; i < cases.size(); i++) {
        String t = table(i);
        List<String> v = values.get(i);
        int n = v.size();
        for (int k = 0; k < n; k++) {
          st.addBatch("INSERT INTO %s VALUES (%d, %s)".formatted(t, INSERTED + k, v.get(k)));
          st.addBatch("INSERT INTO %s VALUES (%d, %s)".formatted(t, DELETED + k, v.get(k)));
        }
        st.addBatch("INSERT INTO %s VALUES (%d, NULL)".formatted(t, INSERTED + n));
        executeBatch(st, cases.get(i));
        for (int k = 0; k < n; k++) {
          st.addBatch(
              "UPDATE %s SET v = %s WHERE id = %d".formatted(t, v.get((k + 1) % n), INSERTED + k));
          if (k % 3 == 0) {
            st.addBatch(
                "UPDATE %s SET v = %s WHERE id = %d".formatted(t, v.get((k + 2) % n), k + 1));
          }
        }
        st.addBatch(
            "UPDATE %s SET id = id + %d WHERE id >= %d AND id < %d AND MOD(id, 2) = 0"
                .formatted(t, MOVED - INSERTED, INSERTED, MOVED));
        st.addBatch("DELETE FROM %s WHERE id >= %d".formatted(t, DELETED));
        st.addBatch("DELETE FROM %s WHERE id > 0 AND id < %d AND MOD(id, 5) = 1".formatted(t, n));
        executeBatch(st, cases.get(i));
      }
      st.execute("UPDATE truncated SET v = 'updated' WHERE id = 3");
      st.execute("TRUNCATE TABLE truncated");
      st.execute("INSERT INTO truncated VALUES (3, 'after'), (100, 'after')");
    }
  }

  private static void executeBatch(Statement st, Case c) throws SQLException {
    try {
      st.executeBatch();
    } catch (SQLException e) {
      throw new SQLException("source rejected a value of " + c.type() + ": " + e.getMessage(), e);
    }
  }

  private void compare(
      TestDatabase src,
      TestDatabase tgt,
      List<Case> cases,
      List<List<String>> values,
      List<String> problems)
      throws SQLException {
    for (int i = 0; i < cases.size(); i++) {
      Case c = cases.get(i);
      Map<Integer, String> expected = read(src, source(), table(i), c.source());
      Map<Integer, String> actual = read(tgt, target(), table(i), c.target());
      for (Map.Entry<Integer, String> row : expected.entrySet()) {
        int id = row.getKey();
        String want = row.getValue() == null ? null : c.expected(row.getValue());
        if (!actual.containsKey(id)) {
          problems.add(describe(c, values.get(i), id, "row missing on the target", want, null));
        } else if (!java.util.Objects.equals(want, actual.get(id))) {
          problems.add(describe(c, values.get(i), id, "value differs", want, actual.get(id)));
        }
      }
      for (Integer id : actual.keySet()) {
        if (!expected.containsKey(id)) {
          problems.add(
              describe(c, values.get(i), id, "extra row on the target", null, actual.get(id)));
        }
      }
    }
  }

  private static String describe(
      Case c, List<String> values, int id, String what, String want, String got) {
    String path =
        id >= MOVED
            ? "stream key change"
            : id >= INSERTED
                ? "stream insert+update"
                : (id - 1) % 3 == 0 ? "snapshot, then stream update" : "snapshot";
    return "%s, %s path, id %d (%s): want %s, got %s"
        .formatted(c.type(), path, id, what, want, got);
  }

  private Map<Integer, String> read(TestDatabase db, Engine engine, String table, Kind kind)
      throws SQLException {
    Map<Integer, String> rows = new TreeMap<>();
    try (Connection c = db.connect();
        Statement st = c.createStatement()) {
      session(st, engine);
      String column = engine == Engine.POSTGRESQL ? "\"v\"" : "`v`";
      try (ResultSet rs =
          st.executeQuery(
              "SELECT id, %s FROM %s ORDER BY id".formatted(kind.probe(engine, column), table))) {
        while (rs.next()) {
          String text = rs.getString(2);
          rows.put(rs.getInt(1), text == null ? null : kind.normalise(text));
        }
      }
    }
    return rows;
  }

  private static void session(Statement st, Engine engine) throws SQLException {
    if (engine == Engine.POSTGRESQL) {
      st.execute("SET TimeZone = 'UTC'");
      st.execute("SET IntervalStyle = 'iso_8601'");
      st.execute("SET extra_float_digits = 1");
    } else {
      st.execute("SET time_zone = '+00:00'");
    }
  }

  /** {@code godwit validate} after the run: every exact table clean, no table failed. */
  private void validate(MigrationConfig config, List<Case> cases, List<String> problems)
      throws Exception {
    ValidationResult result =
        new Godwit(config, new SimpleMeterRegistry()).validate(List.of(), false);
    for (ValidationResult.TableResult t : result.tables()) {
      if (t.table().equals("truncated")) {
        continue;
      }
      int i = Integer.parseInt(t.table().substring(1));
      Case c = cases.get(i);
      if (t.error() != null) {
        problems.add("validate failed on %s: %s".formatted(c.type(), t.error()));
      } else if (c.change() == null && t.differenceCount() > 0) {
        problems.add(
            "validate reports %d differences on exact %s: %s"
                .formatted(t.differenceCount(), c.type(), t.differences()));
      }
    }
  }
}
