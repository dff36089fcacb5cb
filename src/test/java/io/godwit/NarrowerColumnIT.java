package io.godwit;

import static java.util.stream.Collectors.joining;
import static org.assertj.core.api.Assertions.assertThat;

import io.godwit.apply.EventDecoder;
import io.godwit.apply.PoisonEventException;
import io.godwit.db.Dialect;
import io.godwit.engine.Engine;
import io.godwit.schema.SchemaTranslator;
import io.godwit.schema.Table;
import io.godwit.schema.TargetTable;
import io.godwit.schema.TypeMappings;
import io.godwit.schema.TypeOptions;
import io.godwit.testing.TestDatabase;
import java.math.BigDecimal;
import java.math.BigInteger;
import java.nio.charset.StandardCharsets;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.LocalDateTime;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.function.UnaryOperator;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

/**
 * The reverse stream's refusal of a value the old source would round or cut, against what the old
 * source's engine itself does: a decimal, and fractional seconds (second test). The old source's
 * {@code c} is {@code decimal(10,2)}; a {@code tables.column-types} override made the target's
 * {@code c} four places wide, and the reverse stream's table is built from the two catalogs by
 * {@link ReverseTables}, as after a cutover. Each value (boundaries, then seeded random ones of
 * scale 0 to 5) is written into the old source's column with plain SQL, in the applier's session
 * settings, and read back: where the engine kept something else without an error, the reverse
 * applier must refuse the value; where it kept the value, the applier must pass it; where the
 * engine refused it (too many integer digits), it stops the table itself. The seed is printed;
 * {@code -Dgodwit.decimal.seed=N} draws the same values.
 */
class NarrowerColumnIT {

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
          "1.2345",
          "99999999.99",
          "-99999999.99",
          "99999999.994",
          "-99999999.994",
          "99999999.995",
          "100000000",
          "-100000000.00",
          "12.5",
          "7");

  /** The old source's engine; the target is the other one. */
  @ParameterizedTest
  @EnumSource(
      value = Engine.class,
      names = {"POSTGRESQL", "MARIADB"})
  void refusesExactlyWhatTheOldSourceWouldRound(Engine oldSource) throws Exception {
    Engine target = oldSource == Engine.POSTGRESQL ? Engine.MARIADB : Engine.POSTGRESQL;
    long seed = Long.getLong("godwit.decimal.seed", System.nanoTime());
    System.out.println("NarrowerColumnIT decimals, old source " + oldSource + " seed " + seed);
    List<String> values = decimals(new Random(seed));
    try (TestDatabase old = TestDatabase.create(oldSource, "decimal_old");
        TestDatabase onTarget = TestDatabase.create(target, "decimal_target")) {
      old.execute("CREATE TABLE t (id int NOT NULL PRIMARY KEY, c decimal(10,2))");
      onTarget.execute("CREATE TABLE t (id int NOT NULL PRIMARY KEY, c decimal(12,4))");
      EventDecoder decoder =
          EventDecoder.of(reverseTable(old, onTarget, "decimal(12,4)"), target, oldSource);
      int rounded = 0;
      int refusedByEngine = 0;
      try (Connection c = old.connect();
          Statement st = c.createStatement()) {
        st.execute(Dialect.of(oldSource).sessionInitSql());
        for (int id = 0; id < values.size(); id++) {
          String value = values.get(id);
          try {
            st.executeUpdate("INSERT INTO t (id, c) VALUES (%d, %s)".formatted(id, value));
          } catch (SQLException e) {
            assertThat(e.getSQLState()).as("%s %s refused", oldSource, value).isEqualTo("22003");
            refusedByEngine++;
            continue;
          }
          BigDecimal kept;
          try (ResultSet rs = st.executeQuery("SELECT c FROM t WHERE id = " + id)) {
            rs.next();
            kept = rs.getBigDecimal(1);
          }
          boolean engineRounded = kept.compareTo(new BigDecimal(value)) != 0;
          rounded += engineRounded ? 1 : 0;
          assertThat(refused(decoder, id, "\"" + value + "\"", "decimal places"))
              .as("%s %s: the engine kept %s", oldSource, value, kept)
              .isEqualTo(engineRounded);
        }
      }
      System.out.printf(
          "NarrowerColumnIT decimals, old source %s: %d values, %d rounded by the engine, %d refused by"
              + " it%n",
          oldSource, values.size(), rounded, refusedByEngine);
      assertThat(rounded).as("values the engine rounded without an error").isPositive();
      assertThat(refusedByEngine).as("values the engine refused itself").isPositive();
    }
  }

  /**
   * The boundaries, then 300 seeded random decimals of scale 0 to 5 around decimal(10,2)'s range.
   */
  private static List<String> decimals(Random random) {
    List<String> values = new ArrayList<>(BOUNDARIES);
    for (int i = 0; i < 300; i++) {
      int scale = random.nextInt(6);
      BigInteger unscaled = new BigInteger(26 + (scale * 10 + 2) / 3, random);
      if (random.nextInt(20) == 0) {
        unscaled = unscaled.multiply(BigInteger.TEN);
      }
      values.add(
          new BigDecimal(random.nextBoolean() ? unscaled : unscaled.negate(), scale)
              .toPlainString());
    }
    return values;
  }

  /**
   * Arrays: PostgreSQL applies a {@code numeric(10,2)[]} column's modifier to each element, and
   * rounds it as it does a scalar's. The target's column is {@code numeric(12,4)[]}; each array
   * (one to three of the decimals above, some with a NULL) is written into the old source's column
   * and read back: where any element came back as another number without an error, the reverse
   * applier must refuse the array; where all were kept, pass it. The seed is printed; {@code
   * -Dgodwit.decimal.seed=N} draws the same values.
   */
  @Test
  void refusesExactlyTheArraysWhoseElementsTheOldSourceWouldRound() throws Exception {
    long seed = Long.getLong("godwit.decimal.seed", System.nanoTime());
    System.out.println("NarrowerColumnIT decimal arrays seed " + seed);
    Random random = new Random(seed);
    List<String> decimals = decimals(random);
    List<List<String>> arrays = new ArrayList<>();
    for (String d : decimals) {
      arrays.add(List.of(d));
    }
    for (int i = 0; i < 200; i++) {
      List<String> array = new ArrayList<>();
      for (int n = 1 + random.nextInt(3); n > 0; n--) {
        array.add(random.nextInt(8) == 0 ? null : decimals.get(random.nextInt(decimals.size())));
      }
      arrays.add(array);
    }
    try (TestDatabase old = TestDatabase.create(Engine.POSTGRESQL, "decimal_array_old");
        TestDatabase onTarget = TestDatabase.create(Engine.POSTGRESQL, "decimal_array_target")) {
      old.execute("CREATE TABLE t (id int NOT NULL PRIMARY KEY, c numeric(10,2)[])");
      onTarget.execute("CREATE TABLE t (id int NOT NULL PRIMARY KEY, c numeric(12,4)[])");
      EventDecoder decoder =
          EventDecoder.of(
              reverseTable(old, onTarget, "numeric(12,4)[]"), Engine.POSTGRESQL, Engine.POSTGRESQL);
      int rounded = 0;
      try (Connection c = old.connect();
          Statement st = c.createStatement()) {
        st.execute(Dialect.of(Engine.POSTGRESQL).sessionInitSql());
        for (int id = 0; id < arrays.size(); id++) {
          List<String> array = arrays.get(id);
          String literal =
              array.stream().map(v -> v == null ? "NULL" : v).collect(joining(",", "'{", "}'"));
          try {
            st.executeUpdate("INSERT INTO t (id, c) VALUES (%d, %s)".formatted(id, literal));
          } catch (SQLException e) {
            assertThat(e.getSQLState()).as("%s refused", literal).isEqualTo("22003");
            continue;
          }
          Object[] kept;
          try (ResultSet rs = st.executeQuery("SELECT c FROM t WHERE id = " + id)) {
            rs.next();
            kept = (Object[]) rs.getArray(1).getArray();
          }
          boolean engineRounded = false;
          for (int k = 0; k < array.size(); k++) {
            engineRounded |=
                array.get(k) != null
                    && ((BigDecimal) kept[k]).compareTo(new BigDecimal(array.get(k))) != 0;
          }
          rounded += engineRounded ? 1 : 0;
          String json =
              array.stream()
                  .map(v -> v == null ? "null" : "\"" + v + "\"")
                  .collect(joining(",", "[", "]"));
          assertThat(refused(decoder, id, json, "decimal places"))
              .as("%s: the engine kept %s", literal, Arrays.toString(kept))
              .isEqualTo(engineRounded);
        }
      }
      System.out.printf(
          "NarrowerColumnIT decimal arrays: %d arrays, %d rounded by the engine%n",
          arrays.size(), rounded);
      assertThat(rounded).as("arrays the engine rounded without an error").isPositive();
    }
  }

  /**
   * Fractional seconds: the old source's {@code c} keeps three digits ({@code datetime(3)}, {@code
   * timestamp(3)}), the target's six. Each value (boundaries, then seeded random instants with 0 to
   * 6 digits) is written into the old source's column as text and read back: where the engine kept
   * another instant without an error (PostgreSQL rounds, MariaDB cuts), the reverse applier must
   * refuse it; where it kept the value, the applier must pass it. The seed is printed; {@code
   * -Dgodwit.temporal.seed=N} draws the same values.
   */
  @ParameterizedTest
  @EnumSource(
      value = Engine.class,
      names = {"POSTGRESQL", "MARIADB"})
  void refusesExactlyTheFractionalSecondsTheOldSourceWouldChange(Engine oldSource)
      throws Exception {
    Engine target = oldSource == Engine.POSTGRESQL ? Engine.MARIADB : Engine.POSTGRESQL;
    String narrow = oldSource == Engine.POSTGRESQL ? "timestamp(3)" : "datetime(3)";
    String wide = target == Engine.POSTGRESQL ? "timestamp(6)" : "datetime(6)";
    long seed = Long.getLong("godwit.temporal.seed", System.nanoTime());
    System.out.println(
        "NarrowerColumnIT fractional seconds, old source " + oldSource + " seed " + seed);
    LocalDateTime base = LocalDateTime.of(2024, 2, 29, 23, 59, 59);
    List<LocalDateTime> values =
        new ArrayList<>(
            List.of(
                base,
                base.plusNanos(1_000),
                base.plusNanos(999_000),
                base.plusNanos(1_000_000),
                base.plusNanos(123_000_000),
                base.plusNanos(123_400_000),
                base.plusNanos(999_500_000),
                base.plusNanos(999_999_000),
                base.plusNanos(500_000)));
    Random random = new Random(seed);
    for (int i = 0; i < 200; i++) {
      long micros = random.nextLong(1_000_000);
      long keep = (long) Math.pow(10, random.nextInt(7));
      values.add(
          LocalDateTime.of(2000, 1, 1, 0, 0)
              .plusSeconds(random.nextInt(1_000_000_000))
              .plusNanos(micros / keep * keep * 1_000));
    }
    try (TestDatabase old = TestDatabase.create(oldSource, "temporal_old");
        TestDatabase onTarget = TestDatabase.create(target, "temporal_target")) {
      old.execute("CREATE TABLE t (id int NOT NULL PRIMARY KEY, c " + narrow + ")");
      onTarget.execute("CREATE TABLE t (id int NOT NULL PRIMARY KEY, c " + wide + ")");
      EventDecoder decoder = EventDecoder.of(reverseTable(old, onTarget, wide), target, oldSource);
      int changed = 0;
      try (Connection c = old.connect();
          Statement st = c.createStatement()) {
        st.execute(Dialect.of(oldSource).sessionInitSql());
        for (int id = 0; id < values.size(); id++) {
          LocalDateTime value = values.get(id);
          String text = value.toString().replace('T', ' ');
          st.executeUpdate("INSERT INTO t (id, c) VALUES (%d, '%s')".formatted(id, text));
          LocalDateTime kept;
          try (ResultSet rs = st.executeQuery("SELECT c FROM t WHERE id = " + id)) {
            rs.next();
            kept = rs.getObject(1, LocalDateTime.class);
          }
          boolean engineChanged = !kept.equals(value);
          changed += engineChanged ? 1 : 0;
          long epochMicros =
              value.toEpochSecond(ZoneOffset.UTC) * 1_000_000 + value.getNano() / 1_000;
          assertThat(refused(decoder, id, Long.toString(epochMicros), "fractional-second digits"))
              .as("%s %s: the engine kept %s", oldSource, text, kept)
              .isEqualTo(engineChanged);
        }
      }
      System.out.printf(
          "NarrowerColumnIT fractional seconds, old source %s: %d values, %d changed by the"
              + " engine%n",
          oldSource, values.size(), changed);
      assertThat(changed).as("values the engine changed without an error").isPositive();
    }
  }

  /**
   * The reverse stream's table of {@code t}: migrated from the old source with {@code c} overridden
   * to {@code wide}, mapped back from the target's catalog.
   */
  private static TargetTable reverseTable(TestDatabase old, TestDatabase onTarget, String wide)
      throws SQLException {
    Table source = catalogTable(old);
    TargetTable forward =
        new SchemaTranslator(
                old.engine(),
                onTarget.engine(),
                TypeMappings.between(
                    old.engine(), onTarget.engine(), TypeOptions.defaults(), Map.of("t.c", wide)))
            .translate(List.of(source), onTarget.schema(), UnaryOperator.identity())
            .tables()
            .get(0);
    TargetTable reverse =
        ReverseTables.of(List.of(forward), List.of(catalogTable(onTarget)), old.engine()).get(0);
    assertThat(reverse.columns().get(1).type().sqlType())
        .isEqualTo(source.columns().get(1).type().fullType());
    return reverse;
  }

  private static Table catalogTable(TestDatabase db) throws SQLException {
    try (Connection c = db.connect()) {
      return Dialect.of(db.engine()).catalog().tables(c, db.schema()).get(0);
    }
  }

  /**
   * Whether the decoder refuses column c's {@code json} value, for having more {@code what} than
   * the old source's column keeps.
   */
  private static boolean refused(EventDecoder decoder, int id, String json, String what) {
    String after = "{\"id\":%d,\"c\":%s}".formatted(id, json);
    String envelope =
        "{\"before\":null,\"after\":%s,\"source\":{},\"op\":\"c\",\"ts_ms\":0}".formatted(after);
    try {
      decoder.decode(
          "godwit.t",
          0,
          id,
          "{\"id\":%d}".formatted(id).getBytes(StandardCharsets.UTF_8),
          envelope.getBytes(StandardCharsets.UTF_8));
      return false;
    } catch (PoisonEventException e) {
      assertThat(e.column()).isEqualTo("c");
      assertThat(e.reason())
          .contains(" has more " + what + " than the written column's")
          .contains("fix: widen the written column (the old source's, for the reverse stream)");
      return true;
    }
  }
}
