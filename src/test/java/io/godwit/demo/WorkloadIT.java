package io.godwit.demo;

import static org.assertj.core.api.Assertions.assertThat;

import com.zaxxer.hikari.HikariDataSource;
import io.godwit.engine.Engine;
import io.godwit.testing.TestDataSources;
import io.godwit.testing.TestDatabase;
import io.godwit.testing.Waits;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.Statement;
import java.time.Duration;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

/**
 * The shop workload that the demo, the end-to-end tests and the streaming benchmark write with must
 * really change the source: a workload whose inserts the source refuses only counts failures, and
 * every test built on it would then prove less than it says. What happened is read back from the
 * source engine itself.
 */
class WorkloadIT {

  @ParameterizedTest
  @EnumSource(
      value = Engine.class,
      names = {"POSTGRESQL", "MARIADB"})
  void everyKindOfTransactionCommitsOnTheSource(Engine engine) throws Exception {
    try (TestDatabase db = TestDatabase.create(engine, "workload");
        HikariDataSource pool = TestDataSources.pool(db)) {
      try (Connection c = db.connect()) {
        ShopSchema.create(c, engine, 100);
      }
      Workload workload = new Workload(pool, 1, 0, 100).start();
      try {
        Waits.waitUntil(
            Duration.ofSeconds(60),
            "600 transactions of the workload, committed or refused",
            () -> workload.transactions() + workload.failures() >= 600);
      } finally {
        workload.close();
      }

      assertThat(workload.failures()).as("transactions the source refused").isZero();
      assertThat(workload.transactions()).isGreaterThanOrEqualTo(600);
      String jsonObject =
          engine == Engine.POSTGRESQL
              ? "jsonb_typeof(note) = 'object'"
              : "JSON_TYPE(note) = 'OBJECT'";
      assertThat(count(db, "SELECT COUNT(*) FROM orders WHERE " + jsonObject))
          .as("orders with a JSON note")
          .isPositive();
      assertThat(count(db, "SELECT COUNT(*) FROM order_lines")).as("order lines").isPositive();
      assertThat(count(db, "SELECT COUNT(*) FROM orders WHERE status IN ('paid', 'shipped')"))
          .as("orders updated")
          .isPositive();
      assertThat(count(db, "SELECT COUNT(*) FROM products WHERE sku NOT LIKE 'SKU-00%'"))
          .as("products whose key was renamed")
          .isPositive();
    }
  }

  private static long count(TestDatabase db, String sql) throws Exception {
    try (Connection c = db.connect();
        Statement st = c.createStatement();
        ResultSet rs = st.executeQuery(sql)) {
      rs.next();
      return rs.getLong(1);
    }
  }
}
