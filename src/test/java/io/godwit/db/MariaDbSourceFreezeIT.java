package io.godwit.db;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.godwit.engine.Engine;
import io.godwit.testing.TestDatabase;
import java.sql.Connection;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * {@code SET GLOBAL read_only} waits for a table lock or a long statement up to {@code
 * lock_wait_timeout} (a day on MariaDB), and every new writer queues behind it: the freeze now
 * gives up after its wait, with a named error, and leaves the source writable.
 */
class MariaDbSourceFreezeIT {

  @Test
  void aFreezeHeldByATableLockGivesUpAfterItsWait() throws Exception {
    SourceFreeze freeze = Dialect.of(Engine.MARIADB).sourceFreeze();
    try (TestDatabase db = TestDatabase.mariadb("mdbfreeze")) {
      db.execute("CREATE TABLE t (id INT PRIMARY KEY)");
      try (Connection holder = db.connect();
          Statement lock = holder.createStatement();
          Connection godwit = db.connect()) {
        lock.execute("LOCK TABLES t WRITE");
        Thread release =
            new Thread(
                () -> {
                  try {
                    Thread.sleep(15_000);
                    lock.execute("UNLOCK TABLES");
                  } catch (InterruptedException | SQLException e) {
                    Thread.currentThread().interrupt();
                  }
                });
        release.setDaemon(true);
        release.start();
        long started = System.nanoTime();
        try {
          assertThatThrownBy(() -> freeze.freeze(godwit, List.of(), Duration.ofSeconds(2)))
              .isInstanceOf(SQLException.class)
              .hasMessageContaining("read_only could not be set within 2 s")
              .hasMessageContaining("fix:");
          assertThat((System.nanoTime() - started) / 1e9)
              .as("seconds the freeze held new writers")
              .isLessThan(8);
          try (Statement st = godwit.createStatement()) {
            var rs = st.executeQuery("SELECT @@GLOBAL.read_only, @@SESSION.lock_wait_timeout");
            rs.next();
            assertThat(rs.getInt(1)).as("the source is left writable").isZero();
            assertThat(rs.getLong(2)).as("the session's timeout is restored").isGreaterThan(2);
          }
        } finally {
          release.interrupt();
          lock.execute("UNLOCK TABLES");
          freeze.unfreeze(godwit, List.of());
        }
      }
    }
  }
}
