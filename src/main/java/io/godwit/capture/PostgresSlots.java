package io.godwit.capture;

import io.godwit.db.Dialect;
import io.godwit.engine.Engine;
import io.godwit.error.ErrorCode;
import io.godwit.error.GodwitException;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import javax.sql.DataSource;

/**
 * The PostgreSQL replication slot and publication a migration's capture creates, both named {@code
 * godwit_<name>}. A slot holds WAL on the source until it is dropped, so a finished or abandoned
 * migration must drop it ({@code godwit run --drop-slot}).
 */
public final class PostgresSlots {

  /**
   * How long {@link #drop} waits for a slot's holder to let go. A capture that has just stopped, or
   * whose process was killed, holds the slot until its server process notices the closed
   * connection, which takes a moment on a loaded server.
   */
  static final Duration RELEASE_WAIT = Duration.ofSeconds(15);

  /** What {@link #holder} returns when the slot does not exist. */
  private static final int NO_SLOT = -1;

  /** What {@link #holder} returns when no server process holds the slot. */
  private static final int FREE = 0;

  /** What {@link #drop} found and removed. */
  public record Dropped(String name, boolean slot, boolean publication) {}

  private PostgresSlots() {}

  /**
   * True when the capture of a source of this engine keeps a slot on it: only the PostgreSQL
   * connector does; the binlog connectors keep their position in Kafka alone.
   */
  public static boolean keptOn(Engine source) {
    return source == Engine.POSTGRESQL;
  }

  /**
   * Drops the migration's slot and publication if they exist.
   *
   * @param source a connection pool on the source database (the publication lives there)
   * @throws GodwitException if a capture still uses the slot after {@link #RELEASE_WAIT}
   */
  public static Dropped drop(DataSource source, String migration)
      throws SQLException, InterruptedException {
    return drop(source, migration, RELEASE_WAIT);
  }

  static Dropped drop(DataSource source, String migration, Duration releaseWait)
      throws SQLException, InterruptedException {
    String name = CaptureProperties.slotName(migration);
    try (Connection c = source.getConnection()) {
      boolean slot = dropSlot(c, name, releaseWait);
      boolean publication = dropPublication(c, name);
      return new Dropped(name, slot, publication);
    }
  }

  private static boolean dropSlot(Connection c, String name, Duration releaseWait)
      throws SQLException, InterruptedException {
    long deadline = System.nanoTime() + releaseWait.toNanos();
    int holder;
    while ((holder = holder(c, name)) != FREE) {
      if (holder == NO_SLOT) {
        return false;
      }
      if (System.nanoTime() - deadline >= 0) {
        throw new GodwitException(
            ErrorCode.CAPTURE,
            ("replication slot %s is in use by server process %d (a running capture) and was not"
                    + " released within %d s; fix: stop that capture first")
                .formatted(name, holder, releaseWait.toSeconds()));
      }
      Thread.sleep(200);
    }
    try (PreparedStatement st = c.prepareStatement("SELECT pg_drop_replication_slot(?)")) {
      st.setString(1, name);
      st.execute();
    }
    return true;
  }

  /** The id of the server process holding the slot, {@link #FREE} or {@link #NO_SLOT}. */
  private static int holder(Connection c, String name) throws SQLException {
    try (PreparedStatement st =
        c.prepareStatement("SELECT active_pid FROM pg_replication_slots WHERE slot_name = ?")) {
      st.setString(1, name);
      try (ResultSet rs = st.executeQuery()) {
        if (!rs.next()) {
          return NO_SLOT;
        }
        int pid = rs.getInt(1);
        return rs.wasNull() ? FREE : pid;
      }
    }
  }

  private static boolean dropPublication(Connection c, String name) throws SQLException {
    try (PreparedStatement st =
        c.prepareStatement("SELECT 1 FROM pg_publication WHERE pubname = ?")) {
      st.setString(1, name);
      try (ResultSet rs = st.executeQuery()) {
        if (!rs.next()) {
          return false;
        }
      }
    }
    try (Statement st = c.createStatement()) {
      st.execute("DROP PUBLICATION " + Dialect.of(Engine.POSTGRESQL).quote(name));
    }
    return true;
  }
}
