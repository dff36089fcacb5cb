package io.godwit.db;

import io.godwit.error.ErrorCode;
import io.godwit.error.GodwitException;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.List;
import java.util.Optional;
import java.util.stream.Collectors;

/**
 * R0 on a PostgreSQL target: a publication and a {@code pgoutput} slot, both {@link
 * ReverseStart#slotName}, made before the freeze and moved to the current WAL position at done.
 */
final class PostgresReverseStart implements ReverseStart {

  private final Dialect dialect;

  PostgresReverseStart(Dialect dialect) {
    this.dialect = dialect;
  }

  @Override
  public Optional<BinlogPosition> binlogPosition(String r0) {
    return Optional.empty();
  }

  @Override
  public String describe(String migration) {
    return ("slot and publication %s, made before the freeze; from the cutover on the slot holds"
            + " the target's WAL until the reverse stream reads it or it is dropped")
        .formatted(ReverseStart.slotName(migration));
  }

  @Override
  public String prepare(Connection target, String migration, List<TableName> tables)
      throws SQLException {
    String name = ReverseStart.slotName(migration);
    String walLevel = Jdbc.queryString(target, "SELECT current_setting('wal_level')");
    if (!"logical".equals(walLevel)) {
      throw new GodwitException(
          ErrorCode.CAPTURE,
          ("the target cannot be captured for the reverse stream: wal_level must be logical, found"
                  + " %s; fix: ALTER SYSTEM SET wal_level = logical on the target and restart it,"
                  + " or set rollback.reverse: off for a one-way cutover")
              .formatted(walLevel));
    }
    String tableList =
        tables.stream()
            .map(t -> dialect.qualify(t.schema(), t.name()))
            .collect(Collectors.joining(", "));
    boolean autoCommit = target.getAutoCommit();
    target.setAutoCommit(true);
    try (Statement st = target.createStatement()) {
      String publication;
      if (exists(target, "SELECT 1 FROM pg_publication WHERE pubname = ?", name)) {
        st.execute("ALTER PUBLICATION " + dialect.quote(name) + " SET TABLE " + tableList);
        publication = "publication " + name + " kept";
      } else {
        st.execute(
            "CREATE PUBLICATION "
                + dialect.quote(name)
                + " FOR TABLE "
                + tableList
                + " WITH (publish_via_partition_root = true)");
        publication = "publication " + name + " created";
      }
      String slot;
      if (exists(target, "SELECT 1 FROM pg_replication_slots WHERE slot_name = ?", name)) {
        slot = "slot " + name + " kept";
      } else {
        try (PreparedStatement ps =
            target.prepareStatement("SELECT pg_create_logical_replication_slot(?, 'pgoutput')")) {
          ps.setString(1, name);
          ps.execute();
        }
        slot = "slot " + name + " created";
      }
      return publication + " (" + tables.size() + " tables), " + slot;
    } finally {
      target.setAutoCommit(autoCommit);
    }
  }

  @Override
  public String record(Connection target, String migration) throws SQLException {
    String name = ReverseStart.slotName(migration);
    String now = Jdbc.queryString(target, "SELECT pg_current_wal_lsn()::text");
    try (PreparedStatement ps =
        target.prepareStatement(
            "SELECT end_lsn::text FROM pg_replication_slot_advance(?, ?::pg_lsn)")) {
      ps.setString(1, name);
      ps.setString(2, now);
      try (ResultSet rs = ps.executeQuery()) {
        rs.next();
        return "WAL LSN " + rs.getString(1) + " (slot " + name + ")";
      }
    } catch (SQLException e) {
      throw new GodwitException(
          ErrorCode.CAPTURE,
          ("could not move the reverse slot %s to the target's position %s: %s; fix: the slot must"
                  + " exist and no capture may be reading it (pg_replication_slots.active_pid)")
              .formatted(name, now, e.getMessage()),
          e);
    }
  }

  @Override
  public String release(Connection target, String migration) throws SQLException {
    String name = ReverseStart.slotName(migration);
    boolean slot = false;
    if (exists(target, "SELECT 1 FROM pg_replication_slots WHERE slot_name = ?", name)) {
      Jdbc.queryString(target, "SELECT pg_drop_replication_slot(?)::text", name);
      slot = true;
    }
    boolean publication = false;
    if (exists(target, "SELECT 1 FROM pg_publication WHERE pubname = ?", name)) {
      try (Statement st = target.createStatement()) {
        st.execute("DROP PUBLICATION " + dialect.quote(name));
      }
      publication = true;
    }
    return !slot && !publication
        ? "no reverse slot to drop"
        : "dropped" + (slot ? " slot " + name : "") + (publication ? " publication " + name : "");
  }

  private static boolean exists(Connection c, String sql, String name) throws SQLException {
    try (PreparedStatement ps = c.prepareStatement(sql)) {
      ps.setString(1, name);
      try (ResultSet rs = ps.executeQuery()) {
        return rs.next();
      }
    }
  }
}
