package io.godwit.capture;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.zaxxer.hikari.HikariDataSource;
import io.godwit.error.GodwitException;
import io.godwit.testing.TestDataSources;
import io.godwit.testing.TestDatabase;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.Statement;
import java.time.Duration;
import java.util.Properties;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.postgresql.PGConnection;
import org.postgresql.PGProperty;
import org.postgresql.replication.PGReplicationStream;

/**
 * Dropping a migration's slot while a capture that is going away still holds it: the drop waits for
 * the holder to let go, as after a stop or a {@code kill -9} the server process lingers a moment.
 */
class PostgresSlotsIT {
  private static final String MIGRATION = "slots_it";
  private final String slot = CaptureProperties.slotName(MIGRATION);
  private TestDatabase db;
  private HikariDataSource pool;

  @BeforeEach
  void setUp() throws Exception {
    db = TestDatabase.postgres("slots");
    db.execute(
        "CREATE TABLE t (id int PRIMARY KEY)",
        "CREATE PUBLICATION " + slot + " FOR TABLE t",
        "SELECT pg_create_logical_replication_slot('" + slot + "', 'pgoutput')");
    pool = TestDataSources.pool(db);
  }

  @AfterEach
  void tearDown() throws Exception {
    PostgresSlots.drop(pool, MIGRATION);
    pool.close();
    db.close();
  }

  @Test
  void aSlotReleasedWhileTheDropWaitsIsDropped() throws Exception {
    Connection replication = holdSlot();
    CompletableFuture<PostgresSlots.Dropped> dropping =
        CompletableFuture.supplyAsync(
            () -> {
              try {
                return PostgresSlots.drop(pool, MIGRATION, Duration.ofSeconds(20));
              } catch (Exception e) {
                throw new IllegalStateException(e);
              }
            });
    Thread.sleep(1500);
    assertThat(dropping).isNotDone();
    replication.close();

    PostgresSlots.Dropped dropped = dropping.get(30, TimeUnit.SECONDS);
    assertThat(dropped.slot()).isTrue();
    assertThat(dropped.publication()).isTrue();
    assertThat(slotExists()).isFalse();
  }

  @Test
  void aSlotStillHeldAfterTheWaitIsRefusedWithTheFix() throws Exception {
    try (Connection replication = holdSlot()) {
      assertThatThrownBy(() -> PostgresSlots.drop(pool, MIGRATION, Duration.ofSeconds(1)))
          .isInstanceOf(GodwitException.class)
          .hasMessageContaining(slot)
          .hasMessageContaining("not released within 1 s")
          .hasMessageContaining("fix: stop that capture first");
      assertThat(slotExists()).isTrue();
    }
  }

  /** A replication connection streaming from the slot, so that the slot has an active holder. */
  private Connection holdSlot() throws Exception {
    Properties props = new Properties();
    PGProperty.USER.set(props, db.user());
    PGProperty.PASSWORD.set(props, "");
    PGProperty.REPLICATION.set(props, "database");
    PGProperty.PREFER_QUERY_MODE.set(props, "simple");
    PGProperty.ASSUME_MIN_SERVER_VERSION.set(props, "10");
    Connection c = DriverManager.getConnection(db.url(), props);
    PGReplicationStream stream =
        c.unwrap(PGConnection.class)
            .getReplicationAPI()
            .replicationStream()
            .logical()
            .withSlotName(slot)
            .withSlotOption("proto_version", "1")
            .withSlotOption("publication_names", slot)
            .start();
    stream.forceUpdateStatus();
    long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(10);
    while (!slotActive() && System.nanoTime() < deadline) {
      Thread.sleep(50);
    }
    assertThat(slotActive()).as("the slot has a holder").isTrue();
    return c;
  }

  private boolean slotActive() throws Exception {
    return query("SELECT active FROM pg_replication_slots WHERE slot_name = '" + slot + "'");
  }

  private boolean slotExists() throws Exception {
    return query("SELECT count(*) = 1 FROM pg_replication_slots WHERE slot_name = '" + slot + "'");
  }

  private boolean query(String sql) throws Exception {
    try (Connection c = db.connect();
        Statement st = c.createStatement();
        ResultSet rs = st.executeQuery(sql)) {
      return rs.next() && rs.getBoolean(1);
    }
  }
}
