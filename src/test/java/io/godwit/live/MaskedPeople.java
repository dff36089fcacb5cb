package io.godwit.live;

import static org.assertj.core.api.Assertions.assertThat;

import io.godwit.engine.Engine;
import io.godwit.testing.TestDatabase;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicLong;

/**
 * A {@code people} table migrated under column rules ({@code tables.columns}): {@code ssn}
 * excluded, {@code fname} renamed to {@code first_name}, {@code email} and {@code bio} masked with
 * sha256. Its values are generated: boundaries (NULL, the empty string, 2-, 3- and 4-byte UTF-8,
 * quotes, backslashes, control characters, a value PostgreSQL TOASTs) and seeded random text, with
 * a writer that inserts, updates and deletes rows while the migration runs. The expected target is
 * computed by the source engine itself ({@code SHA2(col, 256)} on MariaDB, {@code
 * encode(sha256(convert_to(col, 'UTF8')), 'hex')} on PostgreSQL), not by Godwit's masking code.
 */
final class MaskedPeople implements AutoCloseable {

  static final String RULES =
      "people: { exclude: [ssn], rename: { fname: first_name },"
          + " mask: { email: sha256, bio: sha256 } }";

  private static final String[] BOUNDARIES = {
    null,
    "",
    " ",
    "a",
    "é",
    "€uro",
    "😀",
    "𝄞 clef 😀 ok",
    "O'Brien",
    "back\\slash",
    "tab\tnew\nline",
    "trailing  ",
    "UPPER lower",
    "x".repeat(3000) + "😀"
  };
  private static final String ALPHABET = "abcXYZ09 '\\-_é€ßñ中文😀𝄞\t";

  private final TestDatabase src;
  private final Random random;
  private final AtomicBoolean stop = new AtomicBoolean();
  private final AtomicLong changes = new AtomicLong();
  private Thread writer;
  private volatile Exception failure;
  private int nextId;

  private MaskedPeople(TestDatabase src, long seed) {
    this.src = src;
    this.random = new Random(seed);
  }

  /** Creates and fills the table: every boundary in every column, then seeded random rows. */
  static MaskedPeople create(TestDatabase src) throws SQLException {
    long seed = Long.getLong("godwit.seed", System.nanoTime());
    System.out.println("MaskedPeople seed: " + seed + " (rerun with -Dgodwit.seed=" + seed + ")");
    MaskedPeople people = new MaskedPeople(src, seed);
    boolean pg = src.engine() == Engine.POSTGRESQL;
    src.execute(
        "CREATE TABLE people (id INT PRIMARY KEY, fname VARCHAR(40), email VARCHAR(200),"
            + " ssn VARCHAR(11) NOT NULL, bio TEXT)"
            + (pg ? "" : " DEFAULT CHARSET=utf8mb4 COLLATE=utf8mb4_general_ci"));
    try (Connection c = src.connect()) {
      for (String value : BOUNDARIES) {
        people.insert(c, shortened(value, 40), shortened(value, 200), value);
      }
      for (int i = 0; i < 150; i++) {
        people.insert(c, people.text(40), people.maybeNull(200), people.maybeNull(500));
      }
    }
    return people;
  }

  private static String shortened(String value, int max) {
    return value == null || value.codePointCount(0, value.length()) <= max
        ? value
        : value.substring(0, value.offsetByCodePoints(0, max));
  }

  private String text(int max) {
    int length = random.nextInt(max + 1);
    StringBuilder out = new StringBuilder();
    int[] points = ALPHABET.codePoints().toArray();
    for (int i = 0; i < length; i++) {
      out.appendCodePoint(points[random.nextInt(points.length)]);
    }
    return out.toString();
  }

  private String maybeNull(int max) {
    int pick = random.nextInt(10);
    return pick == 0
        ? null
        : pick == 1 ? shortened(BOUNDARIES[random.nextInt(BOUNDARIES.length)], max) : text(max);
  }

  private void insert(Connection c, String fname, String email, String bio) throws SQLException {
    try (PreparedStatement ps =
        c.prepareStatement(
            "INSERT INTO people (id, fname, email, ssn, bio) VALUES (?, ?, ?, ?, ?)")) {
      ps.setInt(1, ++nextId);
      ps.setString(2, fname);
      ps.setString(3, email);
      ps.setString(4, "%03d-%02d-%04d".formatted(nextId % 1000, nextId % 100, nextId));
      ps.setString(5, bio);
      ps.executeUpdate();
    }
  }

  /** Starts changing rows with seeded picks until {@link #close}. */
  MaskedPeople start() {
    writer =
        new Thread(
            () -> {
              try (Connection c = src.connect()) {
                while (!stop.get()) {
                  change(c);
                  changes.incrementAndGet();
                  Thread.sleep(5);
                }
              } catch (Exception e) {
                failure = e;
              }
            },
            "masked-people-writer");
    writer.start();
    return this;
  }

  private void change(Connection c) throws SQLException {
    int id = 1 + random.nextInt(nextId);
    switch (random.nextInt(5)) {
      case 0 -> insert(c, text(40), maybeNull(200), maybeNull(500));
      case 1 -> update(c, "DELETE FROM people WHERE id = ?", id);
      case 2 -> update(c, "UPDATE people SET email = ? WHERE id = ?", maybeNull(200), id);
      case 3 -> update(c, "UPDATE people SET fname = ?, ssn = 'x' WHERE id = ?", text(40), id);
      default -> update(c, "UPDATE people SET bio = ? WHERE id = ?", maybeNull(500), id);
    }
  }

  private static void update(Connection c, String sql, Object... values) throws SQLException {
    try (PreparedStatement ps = c.prepareStatement(sql)) {
      for (int i = 0; i < values.length; i++) {
        ps.setObject(i + 1, values[i]);
      }
      ps.executeUpdate();
    }
  }

  @Override
  public void close() throws Exception {
    stop.set(true);
    if (writer != null) {
      writer.join();
    }
    if (failure != null) {
      throw failure;
    }
  }

  long changes() {
    return changes.get();
  }

  /**
   * The target's people compared, row by row and value by value, with what the source engine
   * computes for them; the target has exactly the columns the rules leave, masked ones as char(64).
   */
  static void assertMigrated(TestDatabase src, TestDatabase tgt) throws SQLException {
    String mask =
        src.engine() == Engine.POSTGRESQL
            ? "encode(sha256(convert_to(%s, 'UTF8')), 'hex')"
            : "SHA2(%s, 256)";
    List<List<String>> expected =
        rows(
            src,
            "SELECT id, fname, %s, %s FROM people ORDER BY id"
                .formatted(mask.formatted("email"), mask.formatted("bio")));
    List<List<String>> actual =
        rows(tgt, "SELECT id, first_name, email, bio FROM people ORDER BY id");
    assertThat(expected).hasSizeGreaterThan(BOUNDARIES.length);
    assertThat(actual).hasSameSizeAs(expected);
    for (int i = 0; i < expected.size(); i++) {
      assertThat(actual.get(i)).as("people row %d", i).isEqualTo(expected.get(i));
    }
    assertThat(
            rows(
                tgt,
                "SELECT column_name, data_type, character_maximum_length FROM"
                    + " information_schema.columns WHERE table_schema = 'public' AND table_name ="
                    + " 'people' ORDER BY ordinal_position"))
        .containsExactly(
            List.of("id", "integer", "null"),
            List.of("first_name", "character varying", "40"),
            List.of("email", "character", "64"),
            List.of("bio", "character", "64"));
    assertThat(rows(src, "SELECT COUNT(*) FROM people WHERE email = '' OR bio = ''").get(0))
        .as("the empty string is among the values")
        .isNotEqualTo(List.of("0"));
  }

  private static List<List<String>> rows(TestDatabase db, String sql) throws SQLException {
    List<List<String>> rows = new ArrayList<>();
    try (Connection c = db.connect();
        Statement st = c.createStatement();
        ResultSet rs = st.executeQuery(sql)) {
      int n = rs.getMetaData().getColumnCount();
      while (rs.next()) {
        List<String> row = new ArrayList<>();
        for (int i = 1; i <= n; i++) {
          row.add(String.valueOf(rs.getString(i)));
        }
        rows.add(row);
      }
    }
    return rows;
  }
}
