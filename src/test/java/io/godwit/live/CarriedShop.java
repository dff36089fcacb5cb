package io.godwit.live;

import io.godwit.config.MigrationConfig;
import io.godwit.testing.Ports;
import io.godwit.testing.TestDatabase;
import io.godwit.testing.TestMigration;
import java.math.BigDecimal;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.SQLException;
import java.util.Random;

/**
 * The carried-objects ITs' shop: its migration, and its rows (20 customers and 200 orders, seeded).
 */
final class CarriedShop {

  private CarriedShop() {}

  /** A live migration of the shop's three tables, with the control API and the given freeze. */
  static MigrationConfig config(
      String name, TestDatabase src, TestDatabase tgt, Path workDir, String freeze)
      throws Exception {
    return TestMigration.config(
        name,
        src,
        tgt,
        ("work-dir: \"%s\"\nsnapshot: { workers: 2 }\n"
                + "tables: { include: [customers, orders, audit] }\n"
                + "control: { listen: \"127.0.0.1:%d\", token: \"t0ken-for-the-carry-test\" }\n"
                + "cutover: { freeze: %s, timeout: 60s, lag-threshold: 10s }")
            .formatted(workDir, Ports.free(), freeze));
  }

  /** Fills {@code customers (id, name, vip)} and {@code orders (customer_id, total)}. */
  static void fill(Connection c, Random random) throws SQLException {
    try (PreparedStatement customer = c.prepareStatement("INSERT INTO customers VALUES (?, ?, ?)");
        PreparedStatement order =
            c.prepareStatement("INSERT INTO orders (customer_id, total) VALUES (?, ?)")) {
      for (int id = 1; id <= 20; id++) {
        customer.setInt(1, id);
        customer.setString(2, "customer " + random.nextInt(1_000_000));
        customer.setBoolean(3, id == 1 || random.nextBoolean());
        customer.addBatch();
      }
      customer.executeBatch();
      for (int i = 0; i < 200; i++) {
        order.setInt(1, 1 + random.nextInt(20));
        order.setBigDecimal(2, BigDecimal.valueOf(random.nextInt(100_000), 2));
        order.addBatch();
      }
      order.executeBatch();
    }
  }
}
