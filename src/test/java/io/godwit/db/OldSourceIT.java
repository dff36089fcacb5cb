package io.godwit.db;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.zaxxer.hikari.HikariDataSource;
import io.godwit.config.Endpoint;
import io.godwit.config.Redaction;
import io.godwit.config.Secret;
import io.godwit.engine.Engine;
import io.godwit.testing.TestDatabase;
import java.sql.Connection;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.Map;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

/**
 * The sessions the reverse applier (and a run forward again) write with take a batch whose tables
 * come in another order than their foreign keys need, on both engines: a child before the parent
 * inserted in the same transaction, a parent's delete before its child's. A plain session is
 * refused the same batch.
 */
class OldSourceIT {

  private static void childBeforeParent(HikariDataSource pool, String schema) throws SQLException {
    try (Connection c = pool.getConnection();
        Statement st = c.createStatement()) {
      c.setAutoCommit(false);
      st.execute("INSERT INTO " + schema + ".child (id, parent_id) VALUES (10, 1)");
      st.execute("INSERT INTO " + schema + ".parent (id) VALUES (1)");
      c.commit();
      st.execute("DELETE FROM " + schema + ".parent WHERE id = 1");
      st.execute("DELETE FROM " + schema + ".child WHERE id = 10");
      c.commit();
    }
  }

  @ParameterizedTest
  @EnumSource(
      value = Engine.class,
      names = {"POSTGRESQL", "MARIADB"})
  void writesPastTheFreezeInAnyTableOrderAndAPlainSessionIsRefused(Engine engine) throws Exception {
    try (TestDatabase db = TestDatabase.create(engine, "old_source_fk")) {
      db.execute(
          "CREATE TABLE " + db.schema() + ".parent (id int PRIMARY KEY)",
          "CREATE TABLE "
              + db.schema()
              + ".child (id int PRIMARY KEY, parent_id int NOT NULL REFERENCES "
              + db.schema()
              + ".parent (id))");
      Endpoint plain =
          new Endpoint(
              db.url(),
              db.user(),
              Secret.empty(),
              null,
              Map.of(),
              1,
              db.url(),
              db.user(),
              Redaction.NONE);

      try (HikariDataSource pool = Pools.open(plain, "old-source", 1)) {
        assertThatThrownBy(() -> childBeforeParent(pool, db.schema()))
            .isInstanceOf(SQLException.class)
            .satisfies(e -> assertThat(((SQLException) e).getSQLState()).startsWith("23"));
      }
      try (HikariDataSource pool = Pools.open(OldSource.pastTheFreeze(plain), "old-source", 1)) {
        childBeforeParent(pool, db.schema());
      }
      try (Connection c = db.connect();
          Statement st = c.createStatement();
          var rs =
              st.executeQuery(
                  "SELECT (SELECT count(*) FROM "
                      + db.schema()
                      + ".parent) + (SELECT count(*) FROM "
                      + db.schema()
                      + ".child)")) {
        rs.next();
        assertThat(rs.getLong(1)).isZero();
      }
    }
  }
}
