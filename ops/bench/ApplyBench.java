// Apply benchmark: the PostgreSQL change writer on the snapshot benchmark's `orders` shape.
//
//   mvn -B -q -DskipTests -Dspotless.check.skip=true package
//   java -cp "target/classes:target/lib/*" ops/bench/ApplyBench.java [rows] [batch]
//
// In database godwit_it_apply_bench on the local PostgreSQL (dropped and created), it times, in
// batches (default 100,000 rows in batches of 5,000, one transaction each):
//   1. ChangeWriter.upsert inserting into the empty table,
//   2. ChangeWriter.upsert updating every row,
//   3. the whole apply path for updates: MariaDB Debezium JSON decoded, coalesced and written
//      by BatchApplier with the offsets,
// and prints rows/s for each. Each phase starts on a vacuumed table.

import com.zaxxer.hikari.HikariConfig;
import com.zaxxer.hikari.HikariDataSource;
import io.godwit.apply.BatchApplier;
import io.godwit.apply.ChangeEvent;
import io.godwit.apply.EventDecoder;
import io.godwit.db.ChangeWriter;
import io.godwit.db.Dialect;
import io.godwit.engine.Engine;
import io.godwit.schema.Column;
import io.godwit.schema.ColumnType;
import io.godwit.schema.Index;
import io.godwit.schema.SchemaTranslator;
import io.godwit.schema.Table;
import io.godwit.schema.TargetTable;
import io.godwit.schema.TypeMappings;
import io.godwit.schema.TypeOptions;
import io.godwit.state.AppliedOffsets;
import io.godwit.state.StateStore;
import java.nio.charset.StandardCharsets;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.function.UnaryOperator;

public class ApplyBench {

  static final String DB = "godwit_it_apply_bench";

  public static void main(String[] args) throws Exception {
    int rows = args.length > 0 ? Integer.parseInt(args[0]) : 100_000;
    int batch = args.length > 1 ? Integer.parseInt(args[1]) : 5_000;
    try (Connection admin = DriverManager.getConnection("jdbc:postgresql://127.0.0.1:5432/postgres", "postgres", "");
        Statement st = admin.createStatement()) {
      st.execute("DROP DATABASE IF EXISTS " + DB + " WITH (FORCE)");
      st.execute("CREATE DATABASE " + DB);
    }
    Dialect pg = Dialect.of(Engine.POSTGRESQL);
    HikariConfig config = new HikariConfig();
    config.setJdbcUrl("jdbc:postgresql://127.0.0.1:5432/" + DB);
    config.setUsername("postgres");
    config.setPassword("");
    config.setMaximumPoolSize(2);
    config.setConnectionInitSql(pg.sessionInitSql());
    pg.driverProperties().forEach(config::addDataSourceProperty);
    try (HikariDataSource target = new HikariDataSource(config)) {
      TargetTable orders = orders();
      try (Connection c = target.getConnection();
          Statement st = c.createStatement()) {
        for (String sql : pg.ddl().createTable(orders)) {
          st.execute(sql);
        }
        st.execute("CREATE INDEX ix_orders_customer ON orders (customer_id)");
      }
      new StateStore(target, pg).install();
      EventDecoder decoder = EventDecoder.of(orders, Engine.MARIADB, Engine.POSTGRESQL);
      ChangeWriter writer = pg.changeWriter();

      List<List<Object>> inserts = decodeAll(decoder, rows, 0);
      long t0 = System.nanoTime();
      write(target, writer, orders, inserts, batch);
      report("writer, inserts", rows, t0);

      List<List<Object>> updates = decodeAll(decoder, rows, 1);
      vacuum(target);
      t0 = System.nanoTime();
      write(target, writer, orders, updates, batch);
      report("writer, updates", rows, t0);

      BatchApplier applier =
          new BatchApplier(target, pg, List.of(orders), new AppliedOffsets("bench", pg));
      vacuum(target);
      List<byte[]> values = new ArrayList<>(rows);
      for (int i = 0; i < rows; i++) {
        values.add(event(i, 2));
      }
      long decoding = 0;
      t0 = System.nanoTime();
      for (int from = 0; from < rows; from += batch) {
        long d0 = System.nanoTime();
        List<ChangeEvent> events = new ArrayList<>(batch);
        for (int i = from; i < Math.min(rows, from + batch); i++) {
          events.addAll(decode(decoder, i, 2, values.get(i)));
        }
        decoding += System.nanoTime() - d0;
        applier.apply(events);
      }
      report("decode + BatchApplier, updates", rows, t0);
      System.out.printf("  of which decoding %.2f s (%,.0f events/s)%n", decoding / 1e9, rows / (decoding / 1e9));
    }
  }

  static TargetTable orders() {
    List<Column> columns =
        List.of(
            column("id", type("bigint", "bigint(20)", null, null, null), false),
            column("customer_id", type("int", "int(11)", null, null, null), false),
            column("total", type("decimal", "decimal(12,2)", 12, 2, null), false),
            column("created_at", type("datetime", "datetime(6)", null, null, 6), false),
            column("status", type("varchar", "varchar(20)", null, null, null).withLength(20), false),
            column("payload", type("json", "json", null, null, null), false));
    Index pk = new Index("PRIMARY", List.of(Index.Part.of("id")), true, true);
    Table table = new Table("godwit_bench", "orders", columns, pk, List.of(), List.of(), 0, 0, null);
    return new SchemaTranslator(
            Engine.MARIADB,
            Engine.POSTGRESQL,
            TypeMappings.between(Engine.MARIADB, Engine.POSTGRESQL, TypeOptions.defaults()))
        .translate(List.of(table), "public", UnaryOperator.identity())
        .tables()
        .get(0);
  }

  static ColumnType type(String name, String full, Integer precision, Integer scale, Integer fsp) {
    return new ColumnType(name, full, null, precision, scale, fsp, false, List.of(), 0);
  }

  static Column column(String name, ColumnType type, boolean nullable) {
    return new Column(name, 1, type, nullable, null, false, null, null, null, null);
  }

  /** A MariaDB connector event for order i, version v of its values. */
  static byte[] event(int i, int v) {
    long micros = 1_609_459_200_000_000L + (long) i * 1_000_003L + v;
    String payload =
        ("{\\\"sku\\\": \\\"SKU-%06d\\\", \\\"qty\\\": %d, \\\"gift\\\": %s, \\\"note\\\":"
                + " \\\"%s\\\", \\\"tags\\\": [\\\"a\\\", \\\"b\\\"]}")
            .formatted(i % 99991, (i + v) % 9, i % 5 == 0, "x".repeat(120));
    String after =
        "{\"id\":%d,\"customer_id\":%d,\"total\":\"%d.%02d\",\"created_at\":%d,\"status\":\"%s\",\"payload\":\"%s\"}"
            .formatted(i, 1 + i % 10_000, (i % 100_000) / 7 + v, i % 100, micros,
                List.of("new", "paid", "shipped", "cancelled").get((i + v) % 4), payload);
    String value =
        "{\"before\":null,\"after\":%s,\"source\":{\"ts_ms\":1700000000000,\"db\":\"godwit_bench\",\"table\":\"orders\",\"file\":\"mysql-bin.000001\",\"pos\":%d},\"op\":\"%s\",\"ts_ms\":1700000000001}"
            .formatted(after, 4 + i, v == 0 ? "c" : "u");
    return value.getBytes(StandardCharsets.UTF_8);
  }

  static List<ChangeEvent> decode(EventDecoder decoder, int i, int v, byte[] value)
      throws Exception {
    return decoder.decode(
        "godwit.godwit_bench.orders",
        0,
        (long) v * 1_000_000 + i,
        ("{\"id\":" + i + "}").getBytes(StandardCharsets.UTF_8),
        value);
  }

  static List<List<Object>> decodeAll(EventDecoder decoder, int rows, int v) throws Exception {
    List<List<Object>> result = new ArrayList<>(rows);
    for (int i = 0; i < rows; i++) {
      result.add(decode(decoder, i, v, event(i, v)).get(0).after());
    }
    return result;
  }

  static void write(HikariDataSource target, ChangeWriter writer, TargetTable table, List<List<Object>> rows, int batch)
      throws Exception {
    try (Connection c = target.getConnection()) {
      c.setAutoCommit(false);
      for (int from = 0; from < rows.size(); from += batch) {
        writer.upsert(c, table, rows.subList(from, Math.min(rows.size(), from + batch)), Set.of());
        c.commit();
      }
    }
  }

  /** Each phase starts on a vacuumed table, as autovacuum would keep it. */
  static void vacuum(HikariDataSource target) throws Exception {
    try (Connection c = target.getConnection();
        Statement st = c.createStatement()) {
      st.execute("VACUUM ANALYZE orders");
    }
  }

  static void report(String what, int rows, long start) {
    double seconds = (System.nanoTime() - start) / 1e9;
    System.out.printf("%-34s %,9d rows in %6.2f s = %,8.0f rows/s%n", what, rows, seconds, rows / seconds);
  }
}
