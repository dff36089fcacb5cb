package io.godwit.fidelity;

import static org.assertj.core.api.Assertions.assertThat;

import io.godwit.db.Dialect;
import io.godwit.engine.Engine;
import io.godwit.schema.Column;
import io.godwit.schema.MappedType;
import io.godwit.schema.Table;
import io.godwit.schema.TypeMappings;
import io.godwit.schema.TypeOptions;
import io.godwit.testing.TestDatabase;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Random;
import java.util.UUID;
import org.junit.jupiter.api.Test;

/**
 * Proves the {@code back} column of the type mapping ({@link io.godwit.schema.Reversibility}) on
 * the real engines. For a sample of mappings Godwit calls reversible: generated values of the
 * TARGET type (boundaries plus seeded random ones) are written to a column of the type Godwit
 * creates on the target, read back as the target engine prints them, and written into a column of
 * the SOURCE type; the source engine must then hold exactly what it holds for the same value
 * written there directly as a source literal. For mappings Godwit calls irreversible, a target
 * value named by the reason fails: the source refuses it, or holds something else. The mapping and
 * its claim come from {@link TypeMappings} on the table as the source's catalog reads it, not from
 * this test.
 *
 * <p>The seed is printed; {@code -Dgodwit.fidelity.seed=N} draws other values.
 */
class ReversibilityIT {

  /**
   * A mapping claimed reversible.
   *
   * @param type the source column's type
   * @param kind how both engines print the value, and how it travels back
   * @param values literals of the value domain of the target type, per engine
   */
  private record Back(String type, Kind kind, Gen values) {}

  /**
   * A mapping claimed irreversible, and target values its reason names.
   *
   * @param targetLiterals values on the target, as target-engine literals, written back in order:
   *     at least one must be refused by the source or read there as something else
   */
  private record NotBack(String type, Kind kind, List<String> targetLiterals) {
    NotBack(String type, Kind kind, String targetLiteral) {
      this(type, kind, List.of(targetLiteral));
    }
  }

  @Test
  void mariaDbToPostgresValuesGoBackAsClaimed() throws Exception {
    List<Back> back =
        List.of(
            new Back("tinyint(1)", Kind.BOOL, Gen.of("TRUE", "FALSE")),
            new Back("smallint", Kind.NUMBER, Gen.integers(-32768, 32767)),
            new Back("int", Kind.NUMBER, Gen.integers(Integer.MIN_VALUE, Integer.MAX_VALUE)),
            new Back("bigint", Kind.NUMBER, Gen.integers(Long.MIN_VALUE, Long.MAX_VALUE)),
            new Back("bit(12)", Kind.BITS, Gen.bits(12, false)),
            new Back(
                "varchar(255) character set utf8mb4", Kind.TEXT, Gen.strings(255, false, true)),
            new Back("longtext character set utf8mb4", Kind.TEXT, Gen.strings(5000, false, true)),
            new Back("longblob", Kind.BYTES, Gen.bytes(5000)),
            new Back("time(6)", Kind.TIME, Gen.times(6, false)),
            new Back("time(6)", Kind.TIME, Gen.of("'24:00:00'", "'00:00:00.000001'")),
            new Back(
                "enum('small','medium','large')",
                Kind.TEXT,
                Gen.of("'small'", "'medium'", "'large'")),
            new Back("json", Kind.JSON, Gen.json()));
    List<NotBack> notBack =
        List.of(
            new NotBack("int unsigned", Kind.NUMBER, "4294967296"),
            new NotBack("int unsigned", Kind.NUMBER, "-1"),
            new NotBack("tinyint", Kind.NUMBER, "128"),
            new NotBack("decimal(12,2)", Kind.NUMBER, "'NaN'"),
            new NotBack("double", Kind.FLOAT8, "'Infinity'"),
            new NotBack("char(2) character set utf8mb4", Kind.TEXT, "'a '"),
            new NotBack("varchar(20) character set latin1", Kind.TEXT, "'\u0101'"),
            new NotBack("tinytext character set utf8mb4", Kind.TEXT, "repeat('x', 256)"),
            new NotBack("date", Kind.DATE, "'10000-01-01'"),
            new NotBack("timestamp(6)", Kind.INSTANT, "'2038-01-19 03:14:08+00'"),
            new NotBack("set('red','green','blue')", Kind.TEXT, "'green,red'"),
            new NotBack("year", Kind.NUMBER, "1900"),
            new NotBack(
                "varchar(20) character set utf8mb4 collate utf8mb4_general_ci unique",
                Kind.TEXT,
                List.of("'a'", "'A'")),
            new NotBack(
                "varchar(20) character set utf8mb4 collate utf8mb4_bin unique",
                Kind.TEXT,
                List.of("'a'", "'a '")),
            new NotBack("uuid", Kind.PLAIN, "'59b5bdb2-d905-cec0-6bbe-2bb4c9c169ac'"));
    run(Engine.MARIADB, Engine.POSTGRESQL, List.of(), back, notBack);
  }

  @Test
  void postgresToMariaDbValuesGoBackAsClaimed() throws Exception {
    List<Back> back =
        List.of(
            new Back("smallint", Kind.NUMBER, Gen.integers(-32768, 32767)),
            new Back("integer", Kind.NUMBER, Gen.integers(Integer.MIN_VALUE, Integer.MAX_VALUE)),
            new Back("bigint", Kind.NUMBER, Gen.integers(Long.MIN_VALUE, Long.MAX_VALUE)),
            new Back("numeric(12,2)", Kind.NUMBER, Gen.decimals(12, 2, true)),
            new Back("numeric(40,35)", Kind.NUMBER, Gen.decimals(35, 30, true)),
            new Back("real", Kind.FLOAT4, Gen.floats(false)),
            new Back("double precision", Kind.FLOAT8, Gen.doubles(false)),
            new Back("oid", Kind.NUMBER, Gen.integers(0, 4294967295L)),
            new Back("mood", Kind.TEXT, Gen.of("'happy'", "'sad'")),
            new Back("uuid", Kind.PLAIN, mariaDbUuids()),
            new Back("json", Kind.TEXT, Gen.json()));
    List<NotBack> notBack =
        List.of(
            new NotBack("text", Kind.TEXT, "CONCAT('a', CHAR(0), 'b')"),
            new NotBack("character varying(40)", Kind.TEXT, "CONCAT(CHAR(0))"),
            new NotBack("boolean", Kind.NUMBER, "2"),
            new NotBack("date", Kind.DATE, "'0000-00-00'"),
            new NotBack("time without time zone", Kind.TIME, "'-01:00:00'"),
            new NotBack("numeric(20,40)", Kind.NUMBER, "0.5"),
            new NotBack("numeric(5,-2)", Kind.NUMBER, "12345"),
            new NotBack("numeric(3,5)", Kind.NUMBER, "0.5"),
            new NotBack("money", Kind.MONEY, "99999999999999999.99"));
    run(
        Engine.POSTGRESQL,
        Engine.MARIADB,
        List.of("CREATE TYPE mood AS ENUM ('happy', 'sad')"),
        back,
        notBack);
  }

  /**
   * Uuids of MariaDB's uuid type: it refuses those whose version digit is 8 to f while their fourth
   * group starts with 01 to 80 (so it takes {@code ...-8000-0000-...} and {@code
   * ...-f000-8100-...}).
   */
  private static Gen mariaDbUuids() {
    return (e, r) -> {
      List<String> out =
          new ArrayList<>(
              List.of(
                  "'00000000-0000-0000-0000-000000000000'",
                  "'ffffffff-ffff-ffff-ffff-ffffffffffff'",
                  "'00112233-4455-6677-8899-aabbccddee00'",
                  "'00000000-0000-8000-0000-000000000000'",
                  "'ffffffff-ffff-ffff-81ff-ffffffffffff'"));
      while (out.size() < 5 + Gen.RANDOM) {
        UUID u = new UUID(r.nextLong(), r.nextLong());
        String text = u.toString();
        int clockByte = Integer.parseInt(text.substring(19, 21), 16);
        boolean refused =
            Character.digit(text.charAt(14), 16) >= 8 && clockByte >= 0x01 && clockByte <= 0x80;
        if (!refused) {
          out.add("'" + text + "'");
        }
      }
      return out;
    };
  }

  private void run(
      Engine source,
      Engine target,
      List<String> sourceSetup,
      List<Back> back,
      List<NotBack> notBack)
      throws Exception {
    long seed = Long.getLong("godwit.fidelity.seed", FidelityIT.DEFAULT_SEED);
    System.out.printf("ReversibilityIT %s -> %s: seed %d%n", source, target, seed);
    String suffix = (source + "_" + target).toLowerCase(Locale.ROOT);
    try (TestDatabase src = TestDatabase.create(source, "back_src_" + suffix);
        TestDatabase tgt = TestDatabase.create(target, "back_tgt_" + suffix)) {
      if (!sourceSetup.isEmpty()) {
        src.execute(sourceSetup.toArray(String[]::new));
      }
      List<String> problems = new ArrayList<>();
      for (int i = 0; i < back.size(); i++) {
        Back b = back.get(i);
        Random forTarget = new Random(seed + i);
        Random forSource = new Random(seed + i);
        List<String> targetValues = b.values().literals(target, forTarget);
        List<String> sourceValues = b.values().literals(source, forSource);
        assertThat(targetValues).as("values of %s", b.type()).hasSameSizeAs(sourceValues);
        Mapped m = map(src, tgt, "b" + i, b.type());
        assertThat(m.type().back().reversible())
            .as("%s -> %s is claimed reversible: %s", b.type(), m.type().sqlType(), m.type().back())
            .isTrue();
        System.out.printf(
            "  %s -> %s, reversible: %d values%n",
            b.type(), m.type().sqlType(), targetValues.size());
        for (int k = 0; k < targetValues.size(); k++) {
          String outcome = roundTrip(src, tgt, m, b.kind(), k, targetValues.get(k));
          String direct = direct(src, m, b.kind(), DIRECT + k, sourceValues.get(k));
          if (!outcome.equals(direct)) {
            problems.add(
                "%s -> %s: target value %s came back as %s; the source holds %s for %s"
                    .formatted(
                        b.type(),
                        m.type().sqlType(),
                        targetValues.get(k),
                        outcome,
                        direct,
                        sourceValues.get(k)));
          }
        }
      }
      System.out.printf(
          "  %d reversible mappings checked, %d differences%n", back.size(), problems.size());
      for (int i = 0; i < notBack.size(); i++) {
        NotBack n = notBack.get(i);
        Mapped m = map(src, tgt, "n" + i, n.type());
        assertThat(m.type().back().reversible())
            .as("%s -> %s is claimed irreversible", n.type(), m.type().sqlType())
            .isFalse();
        boolean failed = false;
        for (int k = 0; k < n.targetLiterals().size(); k++) {
          String printed = insertOnTarget(tgt, m, n.kind(), k, n.targetLiterals().get(k));
          String outcome;
          try {
            outcome = writeBack(src, m, n.kind(), k, printed);
          } catch (SQLException e) {
            outcome = "refused: " + e.getMessage();
          }
          System.out.printf(
              "  %s -> %s, not reversible (%s): target %s, source %s%n",
              n.type(), m.type().sqlType(), m.type().back().reason(), cut(printed), cut(outcome));
          failed |= !outcome.equals(n.kind().normalise(printed));
        }
        if (!failed) {
          problems.add(
              "%s -> %s is claimed irreversible (%s), yet target values %s went back unchanged"
                  .formatted(
                      n.type(), m.type().sqlType(), m.type().back().reason(), n.targetLiterals()));
        }
      }
      assertThat(problems).as("seed %d", seed).isEmpty();
    }
  }

  private static String cut(String text) {
    return text.length() <= 80 ? text : text.substring(0, 80) + "...";
  }

  /** Rows of values written to the source directly start at this id. */
  private static final int DIRECT = 1_000_000;

  /**
   * A source table {@code <name>_src (id, v)} (values gone back at id k, the same value written
   * directly at {@link #DIRECT} + k), its mapping, and the target table {@code <name>_tgt}.
   */
  private record Mapped(String name, String sourceType, MappedType type) {}

  private static Mapped map(TestDatabase src, TestDatabase tgt, String name, String sourceType)
      throws SQLException {
    String table = name + "_src";
    src.execute("CREATE TABLE %s (id int NOT NULL PRIMARY KEY, v %s)".formatted(table, sourceType));
    Table read;
    try (Connection c = src.connect()) {
      read =
          Dialect.of(src.engine()).catalog().tables(c, src.schema()).stream()
              .filter(t -> t.name().equals(table))
              .findFirst()
              .orElseThrow();
    }
    Column v = read.column("v").orElseThrow();
    MappedType type =
        TypeMappings.between(src.engine(), tgt.engine(), TypeOptions.defaults()).map(read, v);
    String check = type.check() == null ? "" : " CHECK (" + type.check().formatted("v") + ")";
    tgt.execute(
        "CREATE TABLE %s_tgt (id int NOT NULL PRIMARY KEY, v %s%s)"
            .formatted(name, type.sqlType(), check));
    return new Mapped(name, sourceType, type);
  }

  /** Writes the target literal on the target, reads it back, writes it to the source type. */
  private static String roundTrip(
      TestDatabase src, TestDatabase tgt, Mapped m, Kind kind, int id, String targetLiteral)
      throws SQLException {
    String printed = insertOnTarget(tgt, m, kind, id, targetLiteral);
    try {
      return writeBack(src, m, kind, id, printed);
    } catch (SQLException e) {
      return "refused: " + e.getMessage();
    }
  }

  /** The value as the target engine prints it, after writing the literal to the target column. */
  private static String insertOnTarget(
      TestDatabase tgt, Mapped m, Kind kind, int id, String literal) throws SQLException {
    try (Connection c = tgt.connect();
        Statement st = c.createStatement()) {
      st.execute("INSERT INTO %s_tgt (id, v) VALUES (%d, %s)".formatted(m.name(), id, literal));
      try (ResultSet rs =
          st.executeQuery(
              "SELECT %s FROM %s_tgt WHERE id = %d"
                  .formatted(kind.probe(tgt.engine(), "v"), m.name(), id))) {
        rs.next();
        return rs.getString(1);
      }
    }
  }

  /**
   * Writes what the target printed into the source column {@code v} and returns what the source
   * engine prints for it.
   */
  private static String writeBack(TestDatabase src, Mapped m, Kind kind, int id, String printed)
      throws SQLException {
    Engine e = src.engine();
    String value =
        switch (kind) {
          case TEXT ->
              e == Engine.POSTGRESQL
                  ? "convert_from(decode(?, 'hex'), 'UTF8')"
                  : "CONVERT(UNHEX(?) USING utf8mb4)";
          case BYTES -> e == Engine.POSTGRESQL ? "decode(?, 'hex')" : "UNHEX(?)";
          case BITS -> e == Engine.POSTGRESQL ? "?" : "CAST(CONV(?, 2, 10) AS UNSIGNED)";
          default -> "?";
        };
    if (e == Engine.POSTGRESQL) {
      value = "CAST(" + value + " AS " + m.sourceType() + ")";
    }
    try (Connection c = src.connect()) {
      try (PreparedStatement ps =
          c.prepareStatement(
              "INSERT INTO %s_src (id, v) VALUES (?, %s)".formatted(m.name(), value))) {
        ps.setInt(1, id);
        ps.setString(2, printed);
        ps.executeUpdate();
      }
      return print(c, e, kind, m, id);
    }
  }

  /** What the source engine holds for the value written there directly as a source literal. */
  private static String direct(TestDatabase src, Mapped m, Kind kind, int id, String literal)
      throws SQLException {
    try (Connection c = src.connect();
        Statement st = c.createStatement()) {
      st.execute("INSERT INTO %s_src (id, v) VALUES (%d, %s)".formatted(m.name(), id, literal));
      return print(c, src.engine(), kind, m, id);
    }
  }

  private static String print(Connection c, Engine e, Kind kind, Mapped m, int id)
      throws SQLException {
    try (Statement st = c.createStatement();
        ResultSet rs =
            st.executeQuery(
                "SELECT %s FROM %s_src WHERE id = %d"
                    .formatted(kind.probe(e, "v"), m.name(), id))) {
      rs.next();
      String text = rs.getString(1);
      return text == null ? "NULL" : kind.normalise(text);
    }
  }
}
