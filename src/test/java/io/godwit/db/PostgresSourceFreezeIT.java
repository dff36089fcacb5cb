package io.godwit.db;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.godwit.testing.TestDatabase;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import java.util.List;
import java.util.Properties;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

/**
 * PostgreSQL's read-only freeze binds new sessions only: a session the application opened before
 * it, of a role not listed in {@code cutover.app-roles}, kept writing, and its writes after the
 * final drain were lost. The freeze now ends every session opened before it but Godwit's own.
 */
class PostgresSourceFreezeIT {

  @Test
  void noSessionOpenedBeforeTheFreezeCanWriteAfterIt() throws Exception {
    PostgresSourceFreeze freeze = new PostgresSourceFreeze();
    try (TestDatabase db = TestDatabase.postgres("pgfreeze")) {
      db.execute("CREATE TABLE t (id int PRIMARY KEY)");
      try (Connection app = connect(db, "shop-app");
          Connection godwit = connect(db, PostgresSourceFreeze.GODWIT_APPLICATION)) {
        try (Statement st = app.createStatement()) {
          st.execute("INSERT INTO t VALUES (1)");
        }
        try {
          String done = freeze.freeze(godwit, List.of(), Duration.ofSeconds(1));
          assertThatThrownBy(
                  () -> {
                    try (Statement st = app.createStatement()) {
                      st.execute("INSERT INTO t VALUES (2)");
                    }
                  })
              .as("the application's session from before the freeze")
              .isInstanceOf(SQLException.class);
          assertThat(done).contains("1 session(s) opened before the freeze ended");
          try (Connection late = connect(db, "shop-app");
              Statement st = late.createStatement()) {
            assertThatThrownBy(() -> st.execute("INSERT INTO t VALUES (3)"))
                .as("a session opened during the freeze")
                .hasMessageContaining("read-only");
          }
          try (Statement st = godwit.createStatement()) {
            assertThat(st.execute("SELECT 1")).as("Godwit's own session is left open").isTrue();
          }
        } finally {
          freeze.unfreeze(godwit, List.of());
        }
      }
      try (Connection c = db.connect();
          Statement st = c.createStatement()) {
        st.execute("INSERT INTO t VALUES (4)");
      }
    }
  }

  /**
   * A pooled connection opened while a crashed run had left the database frozen keeps the frozen
   * default after the recovery unfroze it; the next freeze on it must still work.
   */
  @Test
  void aSessionOpenedWhileTheDatabaseWasFrozenCanFreezeIt() throws Exception {
    PostgresSourceFreeze freeze = new PostgresSourceFreeze();
    try (TestDatabase db = TestDatabase.postgres("pgfreeze_ro")) {
      db.execute("CREATE TABLE t (id int PRIMARY KEY)");
      try (Connection godwit = connect(db, PostgresSourceFreeze.GODWIT_APPLICATION)) {
        try (Statement st = godwit.createStatement()) {
          st.execute("SET SESSION CHARACTERISTICS AS TRANSACTION READ ONLY");
        }
        try {
          freeze.freeze(godwit, List.of(), Duration.ofSeconds(1));
          try (Connection late = connect(db, "shop-app");
              Statement st = late.createStatement()) {
            assertThatThrownBy(() -> st.execute("INSERT INTO t VALUES (1)"))
                .hasMessageContaining("read-only");
          }
        } finally {
          freeze.unfreeze(godwit, List.of());
        }
      }
      db.execute("INSERT INTO t VALUES (2)");
    }
  }

  /**
   * An application writing without pause from sessions opened before the freeze always has a write
   * transaction open. The freeze waited until it sampled none, which under such load took seconds
   * of downtime or the whole wait; it now waits only for the transactions open at the freeze.
   */
  @Test
  void waitsOnlyForTheWriteTransactionsOpenAtTheFreeze() throws Exception {
    PostgresSourceFreeze freeze = new PostgresSourceFreeze();
    try (TestDatabase db = TestDatabase.postgres("pgfreeze_busy")) {
      db.execute("CREATE TABLE t (id int PRIMARY KEY, n int NOT NULL)");
      db.execute("INSERT INTO t VALUES (1, 0), (2, 0)");
      try (Connection a = connect(db, "shop-app");
          Connection b = connect(db, "shop-app");
          Connection godwit = connect(db, PostgresSourceFreeze.GODWIT_APPLICATION)) {
        a.setAutoCommit(false);
        b.setAutoCommit(false);
        CountDownLatch overlapping = new CountDownLatch(1);
        Thread writer =
            new Thread(
                () -> {
                  try {
                    // a's and b's transactions overlap: one always holds a write open
                    update(a, 1);
                    while (true) {
                      update(b, 2);
                      a.commit();
                      overlapping.countDown();
                      update(a, 1);
                      b.commit();
                    }
                  } catch (SQLException endedByTheFreeze) {
                    // the freeze ends both sessions
                  }
                });
        writer.start();
        try {
          assertThat(overlapping.await(10, TimeUnit.SECONDS)).isTrue();
          String done = freeze.freeze(godwit, List.of(), Duration.ofSeconds(5));
          assertThat(done)
              .contains("0 write transaction(s) still open")
              .contains("2 session(s) opened before the freeze ended");
        } finally {
          freeze.unfreeze(godwit, List.of());
          writer.join(10_000);
        }
        assertThat(writer.isAlive()).as("the writer's sessions were ended").isFalse();
      }
    }
  }

  private static void update(Connection c, int id) throws SQLException {
    try (Statement st = c.createStatement()) {
      st.execute("UPDATE t SET n = n + 1 WHERE id = " + id);
    }
  }

  private static Connection connect(TestDatabase db, String application) throws SQLException {
    Properties p = new Properties();
    p.setProperty("user", db.user());
    p.setProperty("password", "");
    p.setProperty("ApplicationName", application);
    return DriverManager.getConnection(db.url(), p);
  }
}
