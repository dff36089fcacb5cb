package io.godwit.state;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.zaxxer.hikari.HikariDataSource;
import io.godwit.db.Dialect;
import io.godwit.engine.Engine;
import io.godwit.testing.ScratchMariaDb;
import io.godwit.testing.TestDataSources;
import io.godwit.testing.TestDatabase;
import java.net.InetAddress;
import java.net.ServerSocket;
import org.junit.jupiter.api.Test;

/**
 * The reverse stream's start R0 in the state store (V7, {@code _godwit.cutover.reverse_position}):
 * written by the cutover's runner and read back, refused to a runner taken over. MariaDB's store is
 * one {@code _godwit} database per server, so its case runs on a throwaway server instead of
 * upgrading the shared one under other runs.
 */
class ReversePositionIT {

  @Test
  void onPostgresR0IsRecordedPerAttemptAndATakenOverRunnerCannotWriteIt() throws Exception {
    String migration = "reverse_r0";
    try (TestDatabase db = TestDatabase.create(Engine.POSTGRESQL, "reverse_r0");
        HikariDataSource pool = TestDataSources.pool(db)) {
      StateStore store = new StateStore(pool, Dialect.of(Engine.POSTGRESQL));
      assertThat(store.install()).isEqualTo(StateStore.VERSION);
      store.register(migration, "source", "target");
      try (RunnerLock first = store.acquire(migration, "host-a pid 1")) {
        CutoverRecords stale = new CutoverRecords(pool, migration, first.epoch());
        int attempt = stale.begin(AttemptState.RUNNING, "preconditions", "read-only");
        assertThat(stale.reversePosition(attempt)).isEmpty();
        stale.reversePosition(attempt, "WAL LSN 0/16B3748 (slot godwit_reverse_r0_reverse)");
        assertThat(new CutoverRecords(pool, migration).reversePosition(attempt))
            .contains("WAL LSN 0/16B3748 (slot godwit_reverse_r0_reverse)");
        assertThat(stale.reversePosition(attempt + 1)).isEmpty();

        db.killOtherSessions();
        try (RunnerLock second = store.acquire(migration, "host-b pid 2")) {
          assertThatThrownBy(() -> stale.reversePosition(attempt, "WAL LSN 0/FFFFFFF"))
              .isInstanceOf(RunnerFencedException.class);
          assertThat(new CutoverRecords(pool, migration, second.epoch()).reversePosition(attempt))
              .contains("WAL LSN 0/16B3748 (slot godwit_reverse_r0_reverse)");
        }
      }
    }
  }

  @Test
  void onMariaDbTheStoreUpgradesPastV7AndKeepsR0() throws Exception {
    int port;
    try (ServerSocket socket = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
      port = socket.getLocalPort();
    }
    try (ScratchMariaDb server = ScratchMariaDb.start(port);
        TestDatabase db = TestDatabase.on(server, "reverse_r0");
        HikariDataSource pool = TestDataSources.pool(db)) {
      StateStore store = new StateStore(pool, Dialect.of(Engine.MARIADB));
      assertThat(store.install()).isEqualTo(StateStore.VERSION);
      String migration = "reverse_r0";
      store.register(migration, "source", "target");
      try (RunnerLock lock = store.acquire(migration, "host-a pid 1")) {
        CutoverRecords records = new CutoverRecords(pool, migration, lock.epoch());
        int attempt = records.begin(AttemptState.RUNNING, "preconditions", "read-only");
        records.reversePosition(attempt, "binlog mysql-bin.000003:1234, GTID 0-1-42");
        assertThat(new CutoverRecords(pool, migration).reversePosition(attempt))
            .contains("binlog mysql-bin.000003:1234, GTID 0-1-42");
      }
    }
  }
}
