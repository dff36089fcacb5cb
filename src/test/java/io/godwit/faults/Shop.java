package io.godwit.faults;

import io.godwit.demo.ShopSchema;
import io.godwit.testing.TestDatabase;
import java.math.BigDecimal;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.SQLException;
import java.sql.Statement;
import java.sql.Timestamp;
import java.time.LocalDateTime;
import java.util.List;
import java.util.Random;

/**
 * The demo's shop schema on a test source, with customers, products and generated orders and order
 * lines, so that every table and column type holds rows before a run starts.
 */
final class Shop {

  static final List<String> TABLES = List.of("customers", "products", "orders", "order_lines");

  private Shop() {}

  /** Creates the shop with {@code customers} customers and {@code orders} generated orders. */
  static void create(TestDatabase db, int customers, int orders, long seed) throws SQLException {
    Random random = new Random(seed);
    try (Connection c = db.connect()) {
      ShopSchema.create(c, db.engine(), customers);
      c.setAutoCommit(false);
      try (PreparedStatement order =
              c.prepareStatement(
                  "INSERT INTO orders (id, customer_id, status, total, note, placed_at)"
                      + " VALUES (?, ?, ?, ?, %s, ?)"
                          .formatted(db.engine().isMySqlFamily() ? "?" : "CAST(? AS jsonb)"));
          PreparedStatement line =
              c.prepareStatement(
                  "INSERT INTO order_lines (order_id, line_no, sku, quantity, price)"
                      + " VALUES (?, ?, ?, ?, ?)")) {
        for (int id = 1; id <= orders; id++) {
          order.setLong(1, id);
          order.setInt(2, 1 + random.nextInt(customers));
          order.setString(3, List.of("new", "paid", "shipped").get(random.nextInt(3)));
          order.setBigDecimal(4, BigDecimal.valueOf(random.nextInt(10_000_000), 2));
          order.setString(
              5,
              id % 7 == 0
                  ? null
                  : "{\"gift\": %s, \"channel\": \"%s\", \"n\": [%d, %d.5]}"
                      .formatted(
                          random.nextBoolean(),
                          random.nextBoolean() ? "web" : "app ü",
                          random.nextInt(1000),
                          random.nextInt(1000)));
          order.setTimestamp(
              6,
              Timestamp.valueOf(
                  LocalDateTime.of(2020, 1, 1, 0, 0)
                      .plusSeconds(random.nextInt(150_000_000))
                      .plusNanos(random.nextInt(1_000_000) * 1000L)));
          order.addBatch();
          int lines = 1 + random.nextInt(3);
          for (int n = 1; n <= lines; n++) {
            line.setLong(1, id);
            line.setInt(2, n);
            line.setString(3, "SKU-%04d".formatted(1 + random.nextInt(50)));
            line.setInt(4, 1 + random.nextInt(9));
            line.setBigDecimal(5, BigDecimal.valueOf(random.nextInt(100_000), 2));
            line.addBatch();
          }
        }
        order.executeBatch();
        line.executeBatch();
      }
      if (!db.engine().isMySqlFamily()) {
        try (Statement st = c.createStatement()) {
          st.execute(
              "SELECT setval(pg_get_serial_sequence('orders', 'id'), (SELECT max(id) FROM orders))");
        }
      }
      c.commit();
    }
  }
}
