package io.godwit.snapshot;

import static io.godwit.testing.Waits.within;
import static org.assertj.core.api.Assertions.assertThat;

import com.zaxxer.hikari.HikariDataSource;
import io.godwit.db.MariaDbDialect;
import io.godwit.testing.TestDataSources;
import io.godwit.testing.TestDatabase;
import java.sql.Connection;
import java.sql.Statement;
import java.util.concurrent.CompletableFuture;
import org.junit.jupiter.api.Test;

class CopyBrakeIT {

  @Test
  void pausesTheCopyWhileTheSourceRunsMoreThreadsThanAllowed() throws Exception {
    try (TestDatabase db = TestDatabase.mariadb("pressure");
        HikariDataSource pool = TestDataSources.pool(db)) {
      Throttle throttle = new Throttle(0);
      CompletableFuture<Void> busy;
      try (CopyBrake pressure = CopyBrake.threadsRunning(pool, new MariaDbDialect(), 1, throttle)) {
        assertThat(within(5_000, () -> !throttle.isPaused())).isTrue();
        busy =
            CompletableFuture.runAsync(
                () -> {
                  try (Connection c = db.connect();
                      Statement st = c.createStatement()) {
                    st.execute("SELECT SLEEP(4)");
                  } catch (Exception e) {
                    throw new IllegalStateException(e);
                  }
                });
        assertThat(within(4_000, throttle::isPaused)).as("paused while busy").isTrue();
        busy.join();
        assertThat(within(5_000, () -> !throttle.isPaused())).as("resumed when calm").isTrue();
      }
      assertThat(throttle.isPaused()).isFalse();
    }
  }

  @Test
  void aCalmSourceDoesNotLiftTheOperatorsPause() throws Exception {
    try (TestDatabase db = TestDatabase.mariadb("pressure_operator");
        HikariDataSource pool = TestDataSources.pool(db)) {
      Throttle throttle = new Throttle(0);
      throttle.setPaused(true);
      try (CopyBrake pressure =
          CopyBrake.threadsRunning(pool, new MariaDbDialect(), 1_000, throttle)) {
        assertThat(within(2_500, () -> !throttle.isPaused()))
            .as("the operator's pause lifted by a calm reading")
            .isFalse();
      }
      assertThat(throttle.isPaused())
          .as("the operator's pause lifted by the watch closing")
          .isTrue();
    }
  }
}
