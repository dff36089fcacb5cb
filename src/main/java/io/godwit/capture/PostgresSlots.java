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
import javax.sql.DataSource;

/**
 * The PostgreSQL replication slot and publication a migration's capture creates, both named {@code
 * godwit_<name>}. A slot holds WAL on the source until it is dropped, so a finished or abandoned
 * migration must drop it ({@code godwit run --drop-slot}).
 */
public final class PostgresSlots {

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
   * @throws IllegalStateException if a running capture still uses the slot
   */
  public static Dropped drop(DataSource source, String migration) throws SQLException {
    String name = CaptureProperties.slotName(migration);
    try (Connection c = source.getConnection()) {
      boolean slot = dropSlot(c, name);
      boolean publication = dropPublication(c, name);
      return new Dropped(name, slot, publication);
    }
  }

  private static boolean dropSlot(Connection c, String name) throws SQLException {
    try (PreparedStatement st =
        c.prepareStatement("SELECT active_pid FROM pg_replication_slots WHERE slot_name = ?")) {
      st.setString(1, name);
      try (ResultSet rs = st.executeQuery()) {
        if (!rs.next()) {
          return false;
        }
        int pid = rs.getInt(1);
        if (!rs.wasNull()) {
          throw new GodwitException(
              ErrorCode.CAPTURE,
              ("replication slot %s is in use by server process %d (a running capture); fix: stop"
                      + " that capture first")
                  .formatted(name, pid));
        }
      }
    }
    try (PreparedStatement st = c.prepareStatement("SELECT pg_drop_replication_slot(?)")) {
      st.setString(1, name);
      st.execute();
    }
    return true;
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
