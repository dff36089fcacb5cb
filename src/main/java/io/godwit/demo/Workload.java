package io.godwit.demo;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.sql.Timestamp;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicLong;
import javax.sql.DataSource;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A shop's write traffic on {@link ShopSchema}: new orders with lines (one transaction over two
 * tables), status updates, cancelled orders deleted with their lines, customer changes, and product
 * key renames (a primary-key update). Runs on N threads until stopped, optionally at a
 * transaction-per-second ceiling; counts the rows it changed.
 */
public final class Workload implements AutoCloseable {

  private static final Logger log = LoggerFactory.getLogger(Workload.class);

  private final DataSource source;
  private final int threads;
  private final long transactionsPerSecond;
  private final AtomicBoolean running = new AtomicBoolean();
  private final AtomicLong rowsChanged = new AtomicLong();
  private final AtomicLong transactions = new AtomicLong();
  private final AtomicLong failures = new AtomicLong();
  private final List<Thread> workers = new ArrayList<>();
  private final int customers;

  /**
   * @param transactionsPerSecond a ceiling over all threads; 0 for as fast as the source goes
   */
  public Workload(DataSource source, int threads, long transactionsPerSecond, int customers) {
    this.source = source;
    this.threads = threads;
    this.transactionsPerSecond = transactionsPerSecond;
    this.customers = customers;
  }

  public Workload start() {
    running.set(true);
    for (int i = 0; i < threads; i++) {
      Thread t = new Thread(this::loop, "godwit-workload-" + i);
      t.setDaemon(true);
      workers.add(t);
      t.start();
    }
    return this;
  }

  public long rowsChanged() {
    return rowsChanged.get();
  }

  public long transactions() {
    return transactions.get();
  }

  /** Transactions that failed (deadlocks, lock waits) and were rolled back. */
  public long failures() {
    return failures.get();
  }

  private void loop() {
    long perThreadNanos =
        transactionsPerSecond == 0 ? 0 : 1_000_000_000L * threads / transactionsPerSecond;
    long next = System.nanoTime();
    while (running.get()) {
      try (Connection c = source.getConnection()) {
        c.setAutoCommit(false);
        while (running.get()) {
          try {
            rowsChanged.addAndGet(oneTransaction(c));
            c.commit();
            transactions.incrementAndGet();
          } catch (SQLException e) {
            c.rollback();
            if (failures.getAndIncrement() == 0) {
              log.warn(
                  "Workload transaction rolled back (only the first is logged): {}", e.toString());
            }
          }
          if (perThreadNanos > 0) {
            next += perThreadNanos;
            long wait = next - System.nanoTime();
            if (wait > 0) {
              Thread.sleep(wait / 1_000_000, (int) (wait % 1_000_000));
            }
          }
        }
      } catch (SQLException e) {
        log.warn("Workload connection failed: {}; reconnecting", e.getMessage());
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        return;
      }
    }
  }

  private int oneTransaction(Connection c) throws SQLException {
    ThreadLocalRandom random = ThreadLocalRandom.current();
    int pick = random.nextInt(100);
    if (pick < 50) {
      return newOrder(c, random);
    }
    if (pick < 80) {
      return update(
          c,
          "UPDATE orders SET status = ?, total = total + 1 WHERE id = ?",
          random.nextBoolean() ? "paid" : "shipped",
          randomOrder(c, random));
    }
    if (pick < 90) {
      long order = randomOrder(c, random);
      return update(c, "DELETE FROM order_lines WHERE order_id = ?", null, order)
          + update(c, "DELETE FROM orders WHERE id = ?", null, order);
    }
    if (pick < 98) {
      return update(
          c,
          "UPDATE customers SET name = ?, vip = NOT vip WHERE id = ?",
          "Customer " + random.nextInt(1_000_000) + " ü",
          1 + random.nextInt(customers));
    }
    return renameProduct(c, random);
  }

  private int newOrder(Connection c, ThreadLocalRandom random) throws SQLException {
    long id;
    try (PreparedStatement ps =
        c.prepareStatement(
            "INSERT INTO orders (customer_id, status, total, note, placed_at)"
                + " VALUES (?, 'new', ?, "
                + jsonParameter(c)
                + ", ?)",
            Statement.RETURN_GENERATED_KEYS)) {
      ps.setInt(1, 1 + random.nextInt(customers));
      ps.setBigDecimal(2, java.math.BigDecimal.valueOf(random.nextInt(100_000), 2));
      ps.setString(3, "{\"gift\": " + random.nextBoolean() + ", \"channel\": \"web\"}");
      ps.setTimestamp(4, Timestamp.from(Instant.now()));
      ps.executeUpdate();
      try (ResultSet keys = ps.getGeneratedKeys()) {
        keys.next();
        id = keys.getLong(1);
      }
    }
    int lines = 1 + random.nextInt(3);
    // One statement a line, not a batch: MariaDB's bulk protocol refuses INSERT ... SELECT.
    try (PreparedStatement ps =
        c.prepareStatement(
            "INSERT INTO order_lines (order_id, line_no, sku, quantity, price)"
                + " SELECT ?, ?, sku, ?, price FROM products ORDER BY sku LIMIT 1 OFFSET ?")) {
      for (int line = 1; line <= lines; line++) {
        ps.setLong(1, id);
        ps.setInt(2, line);
        ps.setInt(3, 1 + random.nextInt(5));
        ps.setInt(4, random.nextInt(50));
        ps.executeUpdate();
      }
    }
    return 1 + lines;
  }

  /** A parameter a JSON column takes: PostgreSQL's {@code jsonb} refuses a plain string. */
  private static String jsonParameter(Connection c) throws SQLException {
    return c.getMetaData().getDatabaseProductName().equals("PostgreSQL") ? "CAST(? AS jsonb)" : "?";
  }

  private int renameProduct(Connection c, ThreadLocalRandom random) throws SQLException {
    String from;
    try (Statement st = c.createStatement();
        ResultSet rs =
            st.executeQuery(
                "SELECT sku FROM products ORDER BY sku LIMIT 1 OFFSET " + random.nextInt(50))) {
      if (!rs.next()) {
        return 0;
      }
      from = rs.getString(1);
    }
    try (PreparedStatement ps = c.prepareStatement("UPDATE products SET sku = ? WHERE sku = ?")) {
      ps.setString(1, "SKU-" + Long.toString(random.nextLong(1L << 40), 36));
      ps.setString(2, from);
      return ps.executeUpdate();
    }
  }

  private long randomOrder(Connection c, ThreadLocalRandom random) throws SQLException {
    try (Statement st = c.createStatement();
        ResultSet rs = st.executeQuery("SELECT MIN(id), MAX(id) FROM orders")) {
      rs.next();
      long min = rs.getLong(1);
      long max = rs.getLong(2);
      return max <= min ? min : min + random.nextLong(max - min + 1);
    }
  }

  private static int update(Connection c, String sql, String text, long id) throws SQLException {
    try (PreparedStatement ps = c.prepareStatement(sql)) {
      int i = 1;
      if (text != null) {
        ps.setString(i++, text);
      }
      ps.setLong(i, id);
      return ps.executeUpdate();
    }
  }

  @Override
  public void close() throws InterruptedException {
    running.set(false);
    for (Thread t : workers) {
      t.join(10_000);
    }
  }
}
