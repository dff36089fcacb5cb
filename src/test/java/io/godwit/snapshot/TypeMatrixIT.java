package io.godwit.snapshot;

import static org.assertj.core.api.Assertions.assertThat;

import io.godwit.Godwit;
import io.godwit.engine.Engine;
import io.godwit.testing.TargetText;
import io.godwit.testing.TestDatabase;
import io.godwit.testing.TestMigration;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.stream.Collectors;
import java.util.stream.IntStream;
import org.junit.jupiter.api.Test;

/**
 * One direction's type matrix: a source table with a column per case, a row of edge values and a
 * row of NULLs, copied by {@code godwit snapshot}, then read back on the target as text and
 * compared case by case. Subclasses list the cases of their direction.
 */
abstract class TypeMatrixIT {

  /**
   * @param sourceType the column's type on the source
   * @param literal the edge value as a source SQL literal
   * @param expected the value read back on the target as text ({@link #readExpression}); null when
   *     it must arrive as NULL
   */
  record Case(String sourceType, String literal, String expected) {}

  abstract Engine source();

  abstract Engine target();

  abstract List<Case> cases();

  /** How the target's value is read as text. */
  String readExpression(String quotedColumn, String sourceType) {
    return TargetText.readExpression(target(), quotedColumn, sourceType);
  }

  /** Statements run on the source before the table is created (types, session settings). */
  List<String> sourceSetup() {
    return List.of();
  }

  private String quote(Engine engine, String name) {
    return engine == Engine.POSTGRESQL ? '"' + name + '"' : '`' + name + '`';
  }

  @Test
  void everyCaseRoundTripsAndNullsStayNull() throws Exception {
    String suffix = (source() + "_" + target()).toLowerCase(Locale.ROOT);
    try (TestDatabase src = TestDatabase.create(source(), "matrix_src_" + suffix);
        TestDatabase tgt = TestDatabase.create(target(), "matrix_tgt_" + suffix)) {
      try {
        roundTrip(src, tgt);
      } finally {
        tgt.forgetMigration("matrix");
      }
    }
  }

  private void roundTrip(TestDatabase src, TestDatabase tgt) throws Exception {
    List<Case> cases = cases();
    List<String> columns = new ArrayList<>();
    for (int i = 0; i < cases.size(); i++) {
      columns.add(quote(source(), "c" + i) + " " + cases.get(i).sourceType());
    }
    List<String> setup = new ArrayList<>(sourceSetup());
    setup.add(
        "CREATE TABLE matrix (id int NOT NULL PRIMARY KEY, " + String.join(", ", columns) + ")");
    setup.add(
        "INSERT INTO matrix VALUES (1, "
            + cases.stream().map(Case::literal).collect(Collectors.joining(", "))
            + ")");
    setup.add("INSERT INTO matrix (id) VALUES (2)");
    try (Connection c = src.connect();
        Statement st = c.createStatement()) {
      if (source().isMySqlFamily()) {
        st.execute("SET time_zone = '+00:00', sql_mode = ''");
      }
      for (String sql : setup) {
        st.execute(sql);
      }
    }

    new Godwit(
            TestMigration.config("matrix", src, tgt, "tables: { include: [matrix] }"),
            new SimpleMeterRegistry())
        .snapshot();

    String select =
        "SELECT "
            + IntStream.range(0, cases.size())
                .mapToObj(i -> readExpression(quote(target(), "c" + i), cases.get(i).sourceType()))
                .collect(Collectors.joining(", "))
            + " FROM matrix ORDER BY id";
    try (Connection c = tgt.connect();
        Statement st = c.createStatement()) {
      if (target().isMySqlFamily()) {
        st.execute("SET time_zone = '+00:00'");
      } else {
        st.execute("SET TimeZone = 'UTC'");
      }
      try (ResultSet rs = st.executeQuery(select)) {
        assertThat(rs.next()).isTrue();
        for (int i = 0; i < cases.size(); i++) {
          Case k = cases.get(i);
          assertThat(rs.getString(i + 1))
              .as("%s %s", k.sourceType(), k.literal())
              .isEqualTo(k.expected());
        }
        assertThat(rs.next()).isTrue();
        for (int i = 0; i < cases.size(); i++) {
          assertThat(rs.getString(i + 1)).as("NULL of %s", cases.get(i).sourceType()).isNull();
        }
        assertThat(rs.next()).isFalse();
      }
    }
  }
}
