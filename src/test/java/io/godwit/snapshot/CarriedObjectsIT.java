package io.godwit.snapshot;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.zaxxer.hikari.HikariDataSource;
import io.godwit.Godwit;
import io.godwit.config.MigrationConfig;
import io.godwit.db.Dialect;
import io.godwit.engine.Engine;
import io.godwit.schema.Carried;
import io.godwit.schema.CarriedObject;
import io.godwit.schema.CarriedObject.Stage;
import io.godwit.schema.SourceObject.Kind;
import io.godwit.testing.TestDataSources;
import io.godwit.testing.TestDatabase;
import io.godwit.testing.TestMigration;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import java.sql.Connection;
import java.sql.ResultSet;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * Each stage of carried objects is all or nothing: when a statement fails, PostgreSQL's stage rolls
 * back and MariaDB's drops what it had created, and the error names the object, the statement and
 * the fix. A stage run again replaces what it created. A one-off copy creates every stage: the
 * trigger, which waits for cutover in a live run, at its end.
 */
class CarriedObjectsIT {

  @Test
  void aOneOffCopyCreatesTheViewAndTheTriggerAndRunsAgain() throws Exception {
    try (TestDatabase src = TestDatabase.mariadb("carried_once_src");
        TestDatabase tgt = TestDatabase.mariadb("carried_once_tgt")) {
      src.execute(
          "CREATE TABLE t (id INT PRIMARY KEY, n INT)",
          "CREATE TABLE log (id INT AUTO_INCREMENT PRIMARY KEY, n INT)",
          "INSERT INTO t VALUES (1, 2), (2, 3)",
          "CREATE VIEW big AS SELECT id FROM t WHERE n > 2",
          "CREATE TRIGGER t_log AFTER INSERT ON t FOR EACH ROW INSERT INTO log (n) VALUES (NEW.n)");
      MigrationConfig config = TestMigration.config("carried_once", src, tgt, "");
      for (int run = 1; run <= 2; run++) {
        SnapshotResult result = new Godwit(config, new SimpleMeterRegistry()).snapshot();
        assertThat(result.steps())
            .as("run %d", run)
            .anySatisfy(s -> assertThat(s.detail()).contains("created 1 view"))
            .anySatisfy(s -> assertThat(s.detail()).contains("created 1 trigger"));
      }
      tgt.execute("INSERT INTO t VALUES (3, 7)");
      assertThat(single(tgt, "SELECT COUNT(*) FROM big")).isEqualTo(2);
      assertThat(single(tgt, "SELECT COUNT(*) FROM log")).isEqualTo(1);
    }
  }

  @Test
  void aFailedPostgresStageCreatesNothing() throws Exception {
    try (TestDatabase target = TestDatabase.postgres("carried_stage_pg")) {
      assertAllOrNothing(target, "public");
    }
  }

  @Test
  void aFailedMariaDbStageDropsWhatItCreated() throws Exception {
    try (TestDatabase target = TestDatabase.mariadb("carried_stage_maria")) {
      assertAllOrNothing(target, target.name());
    }
  }

  private static void assertAllOrNothing(TestDatabase target, String schema) throws Exception {
    target.execute("CREATE TABLE t (id INT PRIMARY KEY, n INT)", "INSERT INTO t VALUES (1, 2)");
    Dialect dialect = Dialect.of(target.engine());
    CarriedObject good = view("t_n", "CREATE OR REPLACE VIEW t_n AS SELECT n FROM t");
    CarriedObject nested =
        view("t_n2", "CREATE OR REPLACE VIEW t_n2 AS SELECT n * 2 AS n2 FROM t_n");
    CarriedObject broken = view("t_x", "CREATE OR REPLACE VIEW t_x AS SELECT n FROM missing");
    try (HikariDataSource pool = TestDataSources.pool(target)) {
      CarriedObjects failing =
          new CarriedObjects(
              pool, dialect, new Carried(schema, schema, List.of(good, nested, broken)));
      String undone =
          target.engine() == Engine.POSTGRESQL
              ? "nothing was created"
              : "dropped what this stage had created (view t_x, view t_n2, view t_n)";
      assertThatThrownBy(() -> failing.create(Stage.TABLES))
          .hasMessageContaining("creating view t_x on the target at table preparation failed")
          .hasMessageContaining("in: CREATE OR REPLACE VIEW t_x AS SELECT n FROM missing")
          .hasMessageContaining(undone)
          .hasMessageContaining("fix: correct it on the source")
          .hasMessageContaining("inventory.skip: [views]");
      assertThat(views(target, schema)).isZero();

      CarriedObjects working =
          new CarriedObjects(pool, dialect, new Carried(schema, schema, List.of(good, nested)));
      assertThat(working.create(Stage.TABLES)).isEqualTo("created 2 views");
      assertThat(working.create(Stage.TABLES)).as("run again").isEqualTo("created 2 views");
      assertThat(working.create(Stage.CUTOVER)).isEqualTo("no carried objects at cutover");
      assertThat(views(target, schema)).isEqualTo(2);
      try (Connection c = target.connect();
          ResultSet rs = c.createStatement().executeQuery("SELECT n2 FROM t_n2")) {
        rs.next();
        assertThat(rs.getInt(1)).isEqualTo(4);
      }
      assertThat(working.drop(Stage.TABLES))
          .isEqualTo("dropped what this stage had created (view t_n2, view t_n)");
      assertThat(views(target, schema)).isZero();
    }
  }

  private static CarriedObject view(String name, String create) {
    return new CarriedObject(
        Kind.VIEW,
        name,
        null,
        Stage.TABLES,
        List.of(create),
        List.of("DROP VIEW IF EXISTS " + name));
  }

  private static long single(TestDatabase db, String sql) throws Exception {
    try (Connection c = db.connect();
        ResultSet rs = c.createStatement().executeQuery(sql)) {
      rs.next();
      return rs.getLong(1);
    }
  }

  private static int views(TestDatabase target, String schema) throws Exception {
    try (Connection c = target.connect();
        ResultSet rs =
            c.createStatement()
                .executeQuery(
                    "SELECT COUNT(*) FROM information_schema.views WHERE table_schema = '%s'"
                        .formatted(schema))) {
      rs.next();
      return rs.getInt(1);
    }
  }
}
