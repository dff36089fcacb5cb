package io.godwit.live;

import static io.godwit.testing.Waits.waitUntil;
import static org.assertj.core.api.Assertions.assertThat;

import com.zaxxer.hikari.HikariDataSource;
import io.godwit.LiveMigration;
import io.godwit.capture.PostgresSlots;
import io.godwit.config.MigrationConfig;
import io.godwit.demo.ShopSchema;
import io.godwit.engine.Engine;
import io.godwit.snapshot.PausePoints;
import io.godwit.testing.SharedKafka;
import io.godwit.testing.TestDataSources;
import io.godwit.testing.TestDatabase;
import io.godwit.testing.TestMigration;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.Statement;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.CompletableFuture;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

/**
 * Columns added to a source table while `godwit run` streams are added to the target table and
 * their values follow, with rows written before and after the addition equal on both sides; a
 * column renamed on the source stops its table with the reason instead.
 */
class SchemaChangeLiveIT {

  @TempDir Path workDir;

  @ParameterizedTest
  @EnumSource(
      value = Engine.class,
      names = {"MARIADB", "POSTGRESQL"})
  void followsAddedColumnsAndStopsATableWhoseColumnWasRenamed(Engine source) throws Exception {
    String suffix = source.name().toLowerCase(Locale.ROOT);
    String name = "schema_" + suffix;
    try (TestDatabase src = TestDatabase.create(source, "schema_src_" + suffix);
        TestDatabase tgt = TestDatabase.create(Engine.POSTGRESQL, "schema_tgt_" + suffix);
        HikariDataSource sourcePool = TestDataSources.pool(src)) {
      try (Connection c = src.connect()) {
        ShopSchema.create(c, source, 50);
      }
      MigrationConfig config =
          TestMigration.config(
              name,
              src,
              tgt,
              "work-dir: \"%s\"\nsnapshot: { workers: 2, chunk-rows: 1000 }\n%s"
                  .formatted(workDir, SharedKafka.yaml(name)));
      LiveMigration live = new LiveMigration(config, new SimpleMeterRegistry(), PausePoints.NONE);
      CompletableFuture<Void> running = LiveMigrationIT.start(live);
      try {
        waitUntil(
            Duration.ofMinutes(3),
            "the snapshot to finish or the run to end",
            () -> live.snapshotResult() != null || running.isDone());
        assertThat(running).isNotCompletedExceptionally();
        boolean pg = source == Engine.POSTGRESQL;
        src.execute(
            "UPDATE customers SET name = 'before the change' WHERE id <= 5",
            "ALTER TABLE customers ADD COLUMN loyalty_points INT NULL",
            "ALTER TABLE customers ADD COLUMN tier VARCHAR(10) NOT NULL DEFAULT 'basic'",
            "UPDATE customers SET loyalty_points = id * 10 WHERE id <= 10",
            "UPDATE customers SET name = 'after the change' WHERE id BETWEEN 20 AND 25",
            "INSERT INTO customers (email, name, vip, tier)"
                + " VALUES ('new@example.com', 'new', "
                + (pg ? "true" : "1")
                + ", 'gold')");
        live.drain(Duration.ofMinutes(2));
        String select = "SELECT id, email, name, loyalty_points, tier FROM customers";
        assertThat(rows(tgt, select)).isEqualTo(rows(src, select)).hasSize(51);

        src.execute(
            pg
                ? "ALTER TABLE products RENAME COLUMN name TO title"
                : "ALTER TABLE products CHANGE COLUMN name title VARCHAR(100) NOT NULL",
            "UPDATE products SET price = price + 1");
        waitUntil(
            Duration.ofSeconds(60),
            "products to stop",
            () -> live.stoppedTables().contains("products"));
        assertThat(live.stoppedTables()).containsExactly("products");
        assertThat(LiveMigrationIT.statusError(tgt, name, "products"))
            .contains("column name was dropped or renamed")
            .contains("fix:");
        src.execute("UPDATE customers SET tier = 'silver' WHERE id = 1");
        // a drain proves every table, so it waits on the stopped one; the others go on
        waitUntil(
            Duration.ofSeconds(60),
            "the other tables to match the source",
            () -> rows(tgt, select).equals(rows(src, select)));
        assertThat(rows(tgt, select)).as("other tables go on").isEqualTo(rows(src, select));
        assertThat(running).isNotCompletedExceptionally();
      } finally {
        live.stop(Duration.ofSeconds(60));
        running.exceptionally(e -> null).join();
        if (source == Engine.POSTGRESQL) {
          PostgresSlots.drop(sourcePool, name);
        }
      }
    }
  }

  /** The rows {@code select} returns in key order, each as its values joined by {@code |}. */
  static List<String> rows(TestDatabase db, String select) throws Exception {
    List<String> rows = new ArrayList<>();
    try (Connection c = db.connect();
        Statement st = c.createStatement();
        ResultSet rs = st.executeQuery(select + " ORDER BY id")) {
      int n = rs.getMetaData().getColumnCount();
      while (rs.next()) {
        StringBuilder row = new StringBuilder();
        for (int i = 1; i <= n; i++) {
          row.append(rs.getString(i)).append('|');
        }
        rows.add(row.toString());
      }
    }
    return rows;
  }
}
