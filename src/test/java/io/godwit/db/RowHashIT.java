package io.godwit.db;

import static org.assertj.core.api.Assertions.assertThat;

import io.godwit.engine.Engine;
import io.godwit.testing.TestDatabase;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.Statement;
import java.util.List;
import java.util.Locale;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

/**
 * The row-hash query validation uses between two databases of the same engine: the same rows give
 * the same count and sums whatever their physical order; a NULL is not an empty string, values do
 * not run into each other across columns, and any changed value changes the sums.
 */
class RowHashIT {

  @ParameterizedTest
  @EnumSource(
      value = Engine.class,
      names = {"MARIADB", "POSTGRESQL"})
  void sameRowsHashAlikeAndAnyDifferenceShows(Engine engine) throws Exception {
    Dialect dialect = Dialect.of(engine);
    try (TestDatabase db =
            TestDatabase.create(engine, "row_hash_" + engine.name().toLowerCase(Locale.ROOT));
        Connection c = db.connect()) {
      for (String t : List.of("a", "b")) {
        db.execute(
            "CREATE TABLE " + t + " (id INT PRIMARY KEY, x VARCHAR(10), y VARCHAR(10), n INT)");
      }
      db.execute(
          "INSERT INTO a VALUES (1, 'p|', 'q', 1), (2, NULL, '', 2), (3, 'z', NULL, NULL)",
          "INSERT INTO b VALUES (3, 'z', NULL, NULL), (2, NULL, '', 2), (1, 'p|', 'q', 1)");
      assertThat(hash(c, dialect, db, "b")).isEqualTo(hash(c, dialect, db, "a"));
      assertThat(hash(c, dialect, db, "a")[0]).isEqualTo(3);

      db.execute("UPDATE b SET x = 'p', y = '|q' WHERE id = 1");
      assertThat(hash(c, dialect, db, "b")).isNotEqualTo(hash(c, dialect, db, "a"));
      db.execute("UPDATE b SET x = 'p|', y = 'q' WHERE id = 1", "UPDATE b SET x = '' WHERE id = 2");
      assertThat(hash(c, dialect, db, "b"))
          .as("NULL vs empty")
          .isNotEqualTo(hash(c, dialect, db, "a"));
      db.execute("UPDATE b SET x = NULL WHERE id = 2", "UPDATE b SET n = 4 WHERE id = 1");
      assertThat(hash(c, dialect, db, "b")).isNotEqualTo(hash(c, dialect, db, "a"));
      db.execute("UPDATE b SET n = 1 WHERE id = 1");
      assertThat(hash(c, dialect, db, "b")).isEqualTo(hash(c, dialect, db, "a"));
    }
  }

  private static long[] hash(Connection c, Dialect dialect, TestDatabase db, String table)
      throws Exception {
    List<String> columns = List.of("id", "x", "y", "n").stream().map(dialect::quote).toList();
    try (Statement st = c.createStatement();
        ResultSet rs =
            st.executeQuery(
                dialect.rowHashQuery(dialect.qualify(db.schema(), table), columns, null))) {
      rs.next();
      return new long[] {rs.getLong(1), rs.getLong(2), rs.getLong(3)};
    }
  }
}
