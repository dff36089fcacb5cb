package io.godwit.apply;

import static org.assertj.core.api.Assertions.assertThat;

import io.godwit.engine.Engine;
import io.godwit.schema.TargetTable;
import io.godwit.testing.TestDatabase;
import java.math.BigDecimal;
import java.math.BigInteger;
import java.nio.charset.StandardCharsets;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

/**
 * The applier's refusal of a decimal the column would round ({@link EventDecoder}), against what
 * the engine itself does: each value (boundaries, then seeded random ones of scale 0 to 5) is
 * written into a {@code decimal(10,2)} column with plain SQL and read back; where the engine kept
 * something else, and said nothing, the applier must refuse the value, and where it kept the value,
 * the applier must pass it. The seed is printed; {@code -Dgodwit.decimal.seed=N} draws other
 * values.
 */
class DecimalRoundingIT {

  private static final List<String> BOUNDARIES =
      List.of(
          "0",
          "0.00",
          "0.001",
          "-0.001",
          "0.005",
          "-0.005",
          "0.01",
          "-0.01",
          "1.2300",
          "1.2301",
          "99999999.99",
          "-99999999.99",
          "99999999.994",
          "-99999999.994",
          "12.5",
          "7");

  @ParameterizedTest
  @EnumSource(
      value = Engine.class,
      names = {"POSTGRESQL", "MARIADB"})
  void refusesExactlyWhatTheEngineWouldRound(Engine engine) throws Exception {
    long seed = Long.getLong("godwit.decimal.seed", System.nanoTime());
    System.out.println("DecimalRoundingIT " + engine + " seed " + seed);
    List<String> values = new ArrayList<>(BOUNDARIES);
    Random random = new Random(seed);
    for (int i = 0; i < 300; i++) {
      int scale = random.nextInt(6);
      BigInteger unscaled = new BigInteger(26 + scale * 3, random);
      BigDecimal value = new BigDecimal(random.nextBoolean() ? unscaled : unscaled.negate(), scale);
      if (value.abs().compareTo(new BigDecimal("99999999.99")) <= 0) {
        values.add(value.toPlainString());
      }
    }
    String type = engine == Engine.POSTGRESQL ? "numeric(10,2)" : "decimal(10,2)";
    TargetTable table =
        TestTables.table(
            engine,
            engine,
            "s",
            "t",
            List.of("id"),
            "id",
            engine == Engine.POSTGRESQL ? "integer" : "int(11)",
            "c",
            type);
    EventDecoder decoder = EventDecoder.of(table, engine, engine);
    int rounded = 0;
    try (TestDatabase db = TestDatabase.create(engine, "decimal_rounding")) {
      db.execute("CREATE TABLE t (id int NOT NULL PRIMARY KEY, c " + type + ")");
      try (Connection c = db.connect();
          PreparedStatement insert = c.prepareStatement("INSERT INTO t (id, c) VALUES (?, ?)");
          PreparedStatement read = c.prepareStatement("SELECT c FROM t WHERE id = ?")) {
        for (int id = 0; id < values.size(); id++) {
          String value = values.get(id);
          insert.setInt(1, id);
          insert.setBigDecimal(2, new BigDecimal(value));
          insert.executeUpdate();
          read.setInt(1, id);
          BigDecimal kept;
          try (ResultSet rs = read.executeQuery()) {
            rs.next();
            kept = rs.getBigDecimal(1);
          }
          boolean engineRounded = kept.compareTo(new BigDecimal(value)) != 0;
          rounded += engineRounded ? 1 : 0;
          assertThat(refused(decoder, engine, id, value))
              .as("%s %s: the engine kept %s", engine, value, kept)
              .isEqualTo(engineRounded);
        }
      }
    }
    assertThat(rounded).as("values the engine rounded without an error").isPositive();
  }

  private static boolean refused(EventDecoder decoder, Engine engine, int id, String value) {
    String after = "{\"id\":%d,\"c\":\"%s\"}".formatted(id, value);
    try {
      decoder.decode(
          "godwit.shop.t",
          0,
          id,
          "{\"id\":%d}".formatted(id).getBytes(StandardCharsets.UTF_8),
          EventDecoderTest.envelope(engine, "c", "null", after).getBytes(StandardCharsets.UTF_8));
      return false;
    } catch (PoisonEventException e) {
      assertThat(e.reason()).contains(value + " has more decimal places than the column's");
      return true;
    }
  }
}
